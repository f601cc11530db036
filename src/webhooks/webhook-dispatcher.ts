import { Injectable } from '@nestjs/common';
import { Db } from '../../libs/database';

export const DISPATCH_BATCH = 200;

/**
 * Fans the outbox out to webhook endpoints. Claims undispatched outbox events with FOR UPDATE
 * SKIP LOCKED (so any number of workers can run side by side), creates one delivery per
 * matching enabled endpoint and marks the events dispatched, all in one transaction: an event
 * is fanned out once, or not yet.
 *
 * An endpoint matches an event of its organization that happened after it was created, of a
 * type it subscribes to (exact, `prefix.*` or `*`), and, for an endpoint scoped to a brand,
 * of that brand's subtree (organization-level events are not sent to it).
 */
@Injectable()
export class WebhookDispatcher {
  constructor(private readonly db: Db) {}

  /** One batch; returns how many outbox events it dispatched. */
  async dispatchBatch(): Promise<number> {
    return this.db.transaction(async () => {
      const events = await this.db.query<{ id: string }>(
        `SELECT id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [DISPATCH_BATCH],
      );
      if (!events.length) return 0;
      const ids = events.map((e) => e.id);
      await this.db.query(
        `INSERT INTO webhook_deliveries (organization_id, endpoint_id, outbox_event_id, event_type, next_attempt_at)
         SELECT o.organization_id, e.id, o.id, o.type, now()
           FROM outbox_events o
           JOIN webhook_endpoints e ON e.organization_id = o.organization_id AND e.status = 'ENABLED' AND e.created_at <= o.created_at
           LEFT JOIN brands b ON b.id = o.brand_id
          WHERE o.id = ANY($1::uuid[])
            AND (e.brand_id IS NULL OR o.brand_id = e.brand_id OR b.ancestor_ids @> ARRAY[e.brand_id])
            AND EXISTS (SELECT 1 FROM unnest(e.event_types) t
                         WHERE t = '*' OR t = o.type OR (right(t, 2) = '.*' AND starts_with(o.type, left(t, -1))))
         ON CONFLICT DO NOTHING`,
        [ids],
      );
      await this.db.query(`UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [ids]);
      return ids.length;
    });
  }
}
