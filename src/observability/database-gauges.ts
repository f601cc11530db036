import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { Pool } from 'pg';
import { Db } from '../../libs/database';
import { Metrics } from '../../libs/observability';

interface Backlog {
  outbox_pending: number;
  outbox_oldest_seconds: number | null;
  deliveries_pending: number;
  deliveries_due_oldest_seconds: number | null;
  scheduled_due: number;
  scheduled_oldest_seconds: number | null;
}

/**
 * Gauges read when Prometheus scrapes: this process's connection pool, and the database-wide
 * backlogs every replica sees alike (so any one replica's scrape tells the truth; take max()
 * across replicas, not sum()). The backlog is one statement over partial or leading-column
 * indexes (outbox_events pending, webhook_deliveries due, posts by status) that visit only
 * the waiting rows, never the whole tables. Counts only, summed over every organization.
 */
@Injectable()
export class DatabaseGauges {
  constructor(metrics: Metrics, db: Db) {
    const registers = [metrics.registry];
    // TypeORM's pg pool (PostgresDriver.master), as libs/database reads it.
    const pool = () => (db.dataSource.driver as unknown as { master?: Pool }).master;
    new Gauge({
      name: 'parasol_db_pool_connections',
      help: "This process's PostgreSQL pool: connections in use, idle, and requests waiting for one",
      labelNames: ['state'],
      registers,
      collect() {
        const p = pool();
        if (!p) return;
        this.set({ state: 'in_use' }, p.totalCount - p.idleCount);
        this.set({ state: 'idle' }, p.idleCount);
        this.set({ state: 'waiting' }, p.waitingCount);
      },
    });
    const backlog = new BacklogReader(db);
    const gauge = (name: string, help: string, value: (row: Backlog) => number | null) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          this.set(value(await backlog.read()) ?? 0);
        },
      });
    gauge('parasol_outbox_pending_events', 'Outbox events not yet fanned out to webhook deliveries', (r) => r.outbox_pending);
    gauge('parasol_outbox_lag_seconds', 'Age of the oldest outbox event not yet fanned out (0: none waiting)', (r) => r.outbox_oldest_seconds);
    gauge('parasol_webhook_deliveries_pending', 'Webhook deliveries still to be sent or retried (status PENDING)', (r) => r.deliveries_pending);
    gauge('parasol_webhook_delivery_lag_seconds', 'How long the most overdue PENDING delivery has been due (0: none overdue)', (r) => r.deliveries_due_oldest_seconds);
    gauge('parasol_scheduler_due_posts', 'SCHEDULED posts whose time has come and that are not published yet', (r) => r.scheduled_due);
    gauge('parasol_scheduler_lag_seconds', 'How long the most overdue SCHEDULED post has been due (0: none overdue)', (r) => r.scheduled_oldest_seconds);
  }
}

/**
 * One read of the backlogs per scrape: prom-client collects a scrape's gauges side by side, so
 * they share the read in flight (as do scrapes that overlap); the next scrape reads afresh.
 */
class BacklogReader {
  private inFlight: Promise<Backlog> | null = null;

  constructor(private readonly db: Db) {}

  read(): Promise<Backlog> {
    this.inFlight ??= this.query().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async query(): Promise<Backlog> {
    // Outside any request: the service's own role, across organizations (as the workers read).
    const [row] = await this.db.systemQuery<Backlog>(
      `SELECT o.pending::int AS outbox_pending, o.oldest AS outbox_oldest_seconds,
              d.pending::int AS deliveries_pending, d.oldest AS deliveries_due_oldest_seconds,
              p.due::int AS scheduled_due, p.oldest AS scheduled_oldest_seconds
         FROM (SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at))::float8 AS oldest
                 FROM outbox_events WHERE dispatched_at IS NULL) o,
              (SELECT count(*) AS pending, extract(epoch FROM now() - min(next_attempt_at) FILTER (WHERE next_attempt_at <= now()))::float8 AS oldest
                 FROM webhook_deliveries WHERE status = 'PENDING') d,
              (SELECT count(*) AS due, extract(epoch FROM now() - min(scheduled_at))::float8 AS oldest
                 FROM posts WHERE status = 'SCHEDULED' AND scheduled_at <= now()) p`,
    );
    return row;
  }
}
