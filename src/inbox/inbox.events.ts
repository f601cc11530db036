import { DomainEvent } from '../../libs/events';
import { Contact } from './contact.types';
import { InboxItem } from './inbox.types';
import { SLA_EVENTS } from './sla.events';
import { REPLY_EVENTS } from './reply.events';
import { SAVED_REPLY_EVENTS } from './saved-replies/saved-reply.events';
import { MODERATION_EVENTS } from './moderation.events';
import { ITEM_ACTION_EVENTS } from './item-action.events';
import { PROMOTION_EVENTS } from './promotion.events';

/** An item as the audit log shows it (without its brand's ancestry, which is not the item's, nor the clock-dependent SLA state). */
export const auditedItem = ({ brandAncestorIds: _ancestors, slaState: _state, ...item }: InboxItem) => item;

abstract class InboxItemEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'InboxItem';
}

/** A new item came in through ingestInboxItems (a repeat of one already there publishes nothing). */
export class InboxItemReceived extends InboxItemEvent<{ item: InboxItem }> {
  static readonly type = 'inbox.item.received';

  record() {
    const { item } = this.payload;
    return { entityId: item.id, brandId: item.brandId, after: auditedItem(item) };
  }
}

/** Someone wrote to a brand for the first time: a contact is organization-level (no brand). */
export class ContactCreated extends DomainEvent<{ contact: Contact }> {
  static readonly type = 'contact.created';
  static readonly entityType = 'Contact';

  record() {
    const { contact } = this.payload;
    return { entityId: contact.id, brandId: null, after: contact };
  }
}

export const INBOX_EVENTS = [
  InboxItemReceived, ContactCreated, ...ITEM_ACTION_EVENTS, ...MODERATION_EVENTS, ...SLA_EVENTS, ...REPLY_EVENTS, ...SAVED_REPLY_EVENTS, ...PROMOTION_EVENTS,
];
