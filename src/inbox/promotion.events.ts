import { DomainEvent } from '../../libs/events';
import { InboxItem } from './inbox.types';

// As inbox.events.ts's auditedItem (not imported: inbox.events.ts lists these classes, and a cycle would leave its list half-built).
const auditedItem = ({ brandAncestorIds: _ancestors, slaState: _state, ...item }: InboxItem) => item;

/**
 * An item became a customer story (promoteToPost): `after.promotedPostId` names the drafted
 * post, whose own `post.created` is published in the same transaction.
 */
export class InboxItemPromoted extends DomainEvent<{ before: InboxItem; after: InboxItem }> {
  static readonly type = 'inbox.item.promoted';
  static readonly entityType = 'InboxItem';

  record() {
    const { before, after } = this.payload;
    return { entityId: after.id, brandId: after.brandId, before: auditedItem(before), after: auditedItem(after) };
  }
}

export const PROMOTION_EVENTS = [InboxItemPromoted];
