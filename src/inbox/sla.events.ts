import { DomainEvent } from '../../libs/events';
import { InboxPriority } from './inbox.enums';
import { InboxItem } from './inbox.types';

/** The item as the audit log shows it (as inbox.events.ts's auditedItem; not imported from there, which lists this file's events). */
const audited = ({ brandAncestorIds: _ancestors, slaState: _state, ...item }: InboxItem) => item;

/**
 * An unanswered open item passed its due time (InboxSlaWatch): flagged once (`slaBreachedAt`),
 * its priority raised to at least HIGH. Published in the name of its organization's system
 * context, so it reaches the audit log, the change feed, webhooks and `inboxChanged`.
 */
export class InboxItemSlaBreached extends DomainEvent<{ item: InboxItem; before: { priority: InboxPriority; updatedAt: Date } }> {
  static readonly type = 'inbox.item.sla_breached';
  static readonly entityType = 'InboxItem';

  record() {
    const { item, before } = this.payload;
    const after = audited(item);
    return { entityId: item.id, brandId: item.brandId, before: { ...after, ...before, slaBreachedAt: null, version: item.version - 1 }, after };
  }
}

export const SLA_EVENTS = [InboxItemSlaBreached];
