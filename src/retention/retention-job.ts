import { Inject, Injectable } from '@nestjs/common';
import { PARASOL_CONFIG, ParasolConfig, RetentionConfig } from '../../libs/config';
import { IntervalJob } from '../../libs/core';
import { Db } from '../../libs/database';

/** Rows deleted per transaction: short locks, and a backlog worked off batch by batch. */
export const RETENTION_BATCH = 500;

/** What one pass deleted. */
export interface RetentionRun {
  deliveries: number;
  outboxEvents: number;
  idempotencyKeys: number;
}

// Each statement claims a batch of what may go with FOR UPDATE SKIP LOCKED and deletes it:
// replicas running the job side by side each delete different rows, and a row another
// transaction holds (a delivery being sent, a key being completed) waits for a later pass.
// $1: the days kept, $2: the batch size.

/** Deliveries that are over (SUCCEEDED, FAILED, CANCELLED) and have not changed for $1 days. A PENDING one stays whatever its age. */
const DELIVERIES = `
  WITH doomed AS (
    SELECT id FROM webhook_deliveries
     WHERE status <> 'PENDING' AND updated_at < now() - $1 * interval '1 day'
     ORDER BY updated_at LIMIT $2
     FOR UPDATE SKIP LOCKED
  )
  DELETE FROM webhook_deliveries d USING doomed WHERE d.id = doomed.id RETURNING d.id`;

/**
 * Outbox events dispatched $1 days ago that no delivery points at any more (their deliveries
 * go first, by their own retention: deleting an event would cascade to them). An event not yet
 * dispatched stays whatever its age. The audit log they came from is never touched: the change
 * feed and the hash chain live there.
 */
const OUTBOX_EVENTS = `
  WITH doomed AS (
    SELECT o.id FROM outbox_events o
     WHERE o.dispatched_at < now() - $1 * interval '1 day'
       AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.outbox_event_id = o.id)
     ORDER BY o.dispatched_at LIMIT $2
     FOR UPDATE OF o SKIP LOCKED
  )
  DELETE FROM outbox_events o USING doomed WHERE o.id = doomed.id RETURNING o.id`;

/** Idempotency keys expired $1 days ago (an expired key is ignored already; one still valid stays). */
const IDEMPOTENCY_KEYS = `
  WITH doomed AS (
    SELECT organization_id, principal_id, key FROM idempotency_keys
     WHERE expires_at < now() - $1 * interval '1 day'
     ORDER BY expires_at LIMIT $2
     FOR UPDATE SKIP LOCKED
  )
  DELETE FROM idempotency_keys k USING doomed
   WHERE k.organization_id = doomed.organization_id AND k.principal_id = doomed.principal_id AND k.key = doomed.key
  RETURNING k.key`;

/**
 * Deletes what the service no longer needs (RETENTION_* settings, docs/guide/configuration.md):
 * finished webhook deliveries, then dispatched outbox events without deliveries, then expired
 * idempotency keys, each older than its number of days. Runs every RETENTION_INTERVAL_MS
 * (0: off; tests call `tick()`), in the worker role with the other jobs.
 */
@Injectable()
export class RetentionJob extends IntervalJob {
  private readonly retention: RetentionConfig;

  constructor(
    private readonly db: Db,
    @Inject(PARASOL_CONFIG) config: ParasolConfig,
  ) {
    super('Retention', config.retention.intervalMs);
    this.retention = config.retention;
  }

  async tick(): Promise<RetentionRun> {
    const run: RetentionRun = {
      // Deliveries before outbox events: an event goes once nothing points at it.
      deliveries: await this.deleteInBatches(DELIVERIES, this.retention.deliveriesDays),
      outboxEvents: await this.deleteInBatches(OUTBOX_EVENTS, this.retention.outboxDays),
      idempotencyKeys: await this.deleteInBatches(IDEMPOTENCY_KEYS, this.retention.idempotencyDays),
    };
    if (run.deliveries + run.outboxEvents + run.idempotencyKeys > 0) {
      this.logger.log(`deleted ${run.deliveries} webhook deliveries, ${run.outboxEvents} outbox events, ${run.idempotencyKeys} idempotency keys`);
    }
    return run;
  }

  /** Batch after batch, each in its own transaction, until one comes back short (or the service stops). */
  private async deleteInBatches(sql: string, days: number): Promise<number> {
    let deleted = 0;
    while (!this.stopping) {
      const rows = await this.db.transaction(() => this.db.query(sql, [days, RETENTION_BATCH]));
      deleted += rows.length;
      if (rows.length < RETENTION_BATCH) break;
    }
    return deleted;
  }
}
