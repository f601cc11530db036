import { Injectable, Logger } from '@nestjs/common';
import { Db } from '../../libs/database';
import { DomainEvent, DomainEventClass } from '../../libs/events';
import { SharedPubSub } from '../../libs/pubsub';
import { EventPublisher } from '../audit';
import { INBOX_EVENTS } from './inbox.events';

export const INBOX_CHANGES_TOPIC = 'inboxChanges';

/** An InboxItem event as the subscription inboxChanged filters it: whose, which item, where in the brand tree. */
export interface InboxChangeEvent {
  organizationId: string;
  type: string;
  itemId: string;
  brandId: string;
  /** The item's brand's ancestors, root first: a subscriber to any of them hears of it. */
  brandAncestorIds: string[];
}

/** The entity type whose events the subscription tells: every one, including those added to INBOX_EVENTS later. */
const ITEM_ENTITY = 'InboxItem';

/**
 * inboxChanged's topic on the shared pub/sub (every replica's subscribers hear it when
 * REDIS_URL is set), fed by the event publisher with every event of INBOX_EVENTS about an
 * InboxItem once its change commits (never if it rolls back). Events heard in one turn of the
 * event loop (an ingest of 500 items) are published together after one look-up of their
 * brands' organization and ancestors.
 */
@Injectable()
export class InboxChanges {
  private readonly logger = new Logger('InboxChanges');
  private pending: Omit<InboxChangeEvent, 'organizationId' | 'brandAncestorIds'>[] = [];
  private due = false;
  /** Batches are published in the order their events were heard. */
  private publishing: Promise<void> = Promise.resolve();

  constructor(
    publisher: EventPublisher,
    private readonly db: Db,
    readonly pubsub: SharedPubSub,
  ) {
    const itemEvents: DomainEventClass[] = INBOX_EVENTS.filter((c) => c.entityType === ITEM_ENTITY);
    for (const eventClass of itemEvents) publisher.listen(eventClass, (event) => this.heard(event));
  }

  private heard(event: DomainEvent): void {
    const { entityId, brandId } = event.record();
    if (!brandId) return;
    this.pending.push({ type: event.type, itemId: entityId, brandId });
    if (this.due) return;
    this.due = true;
    setImmediate(() => {
      this.due = false;
      const batch = this.pending;
      this.pending = [];
      this.publishing = this.publishing.then(() => this.publish(batch));
    });
  }

  private async publish(batch: Omit<InboxChangeEvent, 'organizationId' | 'brandAncestorIds'>[]): Promise<void> {
    try {
      // After commit, outside any request: the brands of several tenants may be in one batch.
      const rows = await this.db.outsideRequest(() =>
        this.db.systemQuery<{ id: string; organization_id: string; ancestor_ids: string[] }>(`SELECT id, organization_id, ancestor_ids FROM brands WHERE id = ANY($1::uuid[])`, [
          [...new Set(batch.map((change) => change.brandId))],
        ]),
      );
      const brands = new Map(rows.map((row) => [row.id, row]));
      // Sent in order without waiting for each (one Redis round trip per batch, not per event).
      const known = batch.filter((change) => brands.has(change.brandId));
      await Promise.all(
        known.map((change) => {
          const brand = brands.get(change.brandId)!;
          return this.pubsub.publish(INBOX_CHANGES_TOPIC, { ...change, organizationId: brand.organization_id, brandAncestorIds: brand.ancestor_ids });
        }),
      );
    } catch (error) {
      // Subscribers miss these events; the audit log, change feed and webhooks still have them.
      this.logger.warn(`could not publish ${batch.length} inbox change(s): ${(error as Error).message}`);
    }
  }
}
