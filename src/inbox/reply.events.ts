import { DomainEvent } from '../../libs/events';
import { InboxReply } from './conversation.types';
import { InboxItem } from './inbox.types';

/** An item as the audit log shows it: inbox.events.ts's auditedItem, repeated because INBOX_EVENTS lists these events (no import cycle). */
const auditedItem = ({ brandAncestorIds: _ancestors, slaState: _state, ...item }: InboxItem) => item;

// The events of replying (docs/guide/inbox.md, "Replying"). Each is about the item answered (its
// audit trail is the conversation's): `after` carries the reply as it now stands.

abstract class InboxReplyEvent<P extends { reply: InboxReply }> extends DomainEvent<P> {
  static readonly entityType = 'InboxItem';
}

/** A reply went out: the item's first response (if it is its first) and its move to WAITING go with it. */
export class InboxItemReplied extends InboxReplyEvent<{ before: InboxItem; after: InboxItem; reply: InboxReply }> {
  static readonly type = 'inbox.item.replied';

  record() {
    const { before, after, reply } = this.payload;
    return { entityId: after.id, brandId: after.brandId, before: auditedItem(before), after: { ...auditedItem(after), reply } };
  }
}

/** A reply waits for its approval request (an APPROVAL_REQUIRED policy governs it); the item does not change. */
export class InboxItemReplyPending extends InboxReplyEvent<{ item: InboxItem; reply: InboxReply; requestId: string }> {
  static readonly type = 'inbox.item.reply_pending';

  record() {
    const { item, reply, requestId } = this.payload;
    return { entityId: item.id, brandId: item.brandId, after: { reply, approvalRequestId: requestId } };
  }
}

/** The connector refused a reply (or the item could not be answered when its approval came): FAILED, retryable. */
export class InboxItemReplyFailed extends InboxReplyEvent<{ item: InboxItem; reply: InboxReply }> {
  static readonly type = 'inbox.item.reply_failed';

  record() {
    const { item, reply } = this.payload;
    return { entityId: item.id, brandId: item.brandId, after: { reply } };
  }
}

/** A reply's approval was rejected or sent back for changes: it will not go out (status REJECTED or CHANGES_REQUESTED). */
export class InboxItemReplyRejected extends InboxReplyEvent<{ item: InboxItem; before: InboxReply; reply: InboxReply }> {
  static readonly type = 'inbox.item.reply_rejected';

  record() {
    const { item, before, reply } = this.payload;
    return { entityId: item.id, brandId: item.brandId, before: { reply: before }, after: { reply } };
  }
}

export const REPLY_EVENTS = [InboxItemReplied, InboxItemReplyPending, InboxItemReplyFailed, InboxItemReplyRejected];
