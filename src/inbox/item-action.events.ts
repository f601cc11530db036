import { DomainEvent, EventRecord } from '../../libs/events';
import { InboxNote } from './conversation.types';
import { InboxItem } from './inbox.types';

// What agents do to an item (docs/guide/inbox.md, "Working the inbox"), one event each, audited
// with the item before and after. The subscription inboxChanged tells every InboxItem event.

/** The item without its brand's ancestry (not the item's) and its clock-dependent SLA state. */
const audited = ({ brandAncestorIds: _ancestors, slaState: _state, ...item }: InboxItem) => item;

abstract class ItemActionEvent<P extends { before: InboxItem; after: InboxItem } = { before: InboxItem; after: InboxItem }> extends DomainEvent<P> {
  static readonly entityType = 'InboxItem';

  record(): EventRecord {
    const { before, after } = this.payload;
    return { entityId: after.id, brandId: after.brandId, before: audited(before), after: audited(after) };
  }
}

/** Assigned to an agent by someone (assigneeId null: unassigned). */
export class InboxItemAssigned extends ItemActionEvent {
  static readonly type = 'inbox.item.assigned';
}

/** An agent took it themselves. */
export class InboxItemClaimed extends ItemActionEvent {
  static readonly type = 'inbox.item.claimed';
}

export class InboxItemClosed extends ItemActionEvent {
  static readonly type = 'inbox.item.closed';
}

export class InboxItemReopened extends ItemActionEvent {
  static readonly type = 'inbox.item.reopened';
}

export class InboxItemLabeled extends ItemActionEvent {
  static readonly type = 'inbox.item.labeled';
}

/** An internal note was added (the record carries it beside the item). */
export class InboxItemNoted extends ItemActionEvent<{ before: InboxItem; after: InboxItem; note: InboxNote }> {
  static readonly type = 'inbox.item.noted';

  override record(): EventRecord {
    const record = super.record();
    return { ...record, after: { ...record.after, note: this.payload.note } };
  }
}

/** The author was thanked (tip 19); the note, if any, is the thank-you's internal note. */
export class InboxItemThanked extends ItemActionEvent<{ before: InboxItem; after: InboxItem; note: InboxNote | null }> {
  static readonly type = 'inbox.item.thanked';

  override record(): EventRecord {
    const record = super.record();
    return this.payload.note ? { ...record, after: { ...record.after, note: this.payload.note } } : record;
  }
}

/** Hidden on the network through the profile's connector. */
export class InboxItemHidden extends ItemActionEvent {
  static readonly type = 'inbox.item.hidden';
}

export class InboxItemUnhidden extends ItemActionEvent {
  static readonly type = 'inbox.item.unhidden';
}

/** Reported as spam on the network through the profile's connector. */
export class InboxItemMarkedSpam extends ItemActionEvent {
  static readonly type = 'inbox.item.spam';
}

/** An agent said what it is about. */
export class InboxItemAboutChanged extends ItemActionEvent {
  static readonly type = 'inbox.item.about_changed';
}

export class InboxItemPriorityChanged extends ItemActionEvent {
  static readonly type = 'inbox.item.priority_changed';
}

export const ITEM_ACTION_EVENTS = [
  InboxItemAssigned, InboxItemClaimed, InboxItemClosed, InboxItemReopened, InboxItemLabeled, InboxItemNoted, InboxItemThanked,
  InboxItemHidden, InboxItemUnhidden, InboxItemMarkedSpam, InboxItemAboutChanged, InboxItemPriorityChanged,
];
