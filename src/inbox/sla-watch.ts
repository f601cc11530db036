import { Inject, Injectable } from '@nestjs/common';
import { systemContext } from '../../libs/auth';
import { PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { IntervalJob } from '../../libs/core';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { InboxPriority } from './inbox.enums';
import { InboxItemRow, itemColumns, toInboxItem } from './inbox.mapper';
import { InboxItemSlaBreached } from './sla.events';

const BATCH = 100;

/**
 * Who is still waiting for a first answer: an unanswered item that is OPEN or ASSIGNED (a
 * WAITING item waits on the customer; a closed, hidden or spam one on nobody). The SQL of
 * alias `a`; inboxStats counts OVERDUE with the same words.
 */
export const AWAITING_ANSWER_SQL = (a: string) => `(${a}.first_response_at IS NULL AND ${a}.status IN ('OPEN', 'ASSIGNED'))`;

interface BreachedRow extends InboxItemRow {
  organization_id: string;
  priority_before: InboxPriority;
  updated_before: Date;
}

/**
 * Flags overdue items: every unanswered open item past its due time gets `sla_breached_at`,
 * its priority raised to HIGH when it was LOW or NORMAL (URGENT stays), and one audited
 * `inbox.item.sla_breached` event in its organization's system context (change feed, webhooks,
 * `inboxChanged`). Runs on the scheduler's interval (PARASOL_SCHEDULER_INTERVAL_MS; 0 turns it
 * off and tests call `tick()`; the timer is IntervalJob's). Claims with FOR UPDATE SKIP LOCKED in batches, so replicas
 * side by side never flag an item twice, and an item an agent is answering right now is left
 * for the next tick, which sees the answer.
 */
@Injectable()
export class InboxSlaWatch extends IntervalJob {
  constructor(
    private readonly db: Db,
    private readonly events: EventPublisher,
    @Inject(PARASOL_CONFIG) config: ParasolConfig,
  ) {
    super('InboxSlaWatch', config.schedulerIntervalMs);
  }

  /** One pass over every organization: flags the overdue items, a batch per transaction. Returns how many were flagged. */
  async tick(): Promise<number> {
    let flagged = 0;
    for (;;) {
      const claimed = await this.db.transaction(async () => {
        const rows = await this.db.query<BreachedRow>(
          `WITH due AS (
             SELECT id, priority, updated_at FROM inbox_items
              WHERE ${AWAITING_ANSWER_SQL('inbox_items')} AND sla_breached_at IS NULL AND due_at < now()
              ORDER BY due_at LIMIT $1
              FOR UPDATE SKIP LOCKED
           )
           UPDATE inbox_items i
              SET sla_breached_at = now(), version = i.version + 1, updated_at = now(),
                  priority = CASE WHEN i.priority IN ('LOW', 'NORMAL') THEN 'HIGH'::inbox_priority ELSE i.priority END
             FROM due, brands b
            WHERE i.id = due.id AND b.id = i.brand_id
        RETURNING ${itemColumns('i')}, i.organization_id, b.ancestor_ids AS brand_ancestor_ids, due.priority AS priority_before, due.updated_at AS updated_before`,
          [BATCH],
        );
        const now = new Date();
        const byOrganization = new Map<string, InboxItemSlaBreached[]>();
        for (const row of rows.sort((x, y) => (x.due_at! < y.due_at! ? -1 : x.due_at! > y.due_at! ? 1 : x.id < y.id ? -1 : 1))) {
          const event = new InboxItemSlaBreached({ item: toInboxItem(row, now), before: { priority: row.priority_before, updatedAt: row.updated_before } });
          byOrganization.set(row.organization_id, [...(byOrganization.get(row.organization_id) ?? []), event]);
        }
        // Organizations in a fixed order: two replicas take their audit locks the same way round.
        for (const organizationId of [...byOrganization.keys()].sort()) {
          await this.events.publishMany(systemContext(organizationId), byOrganization.get(organizationId)!);
        }
        return rows.length;
      });
      flagged += claimed;
      if (claimed < BATCH) return flagged;
    }
  }
}
