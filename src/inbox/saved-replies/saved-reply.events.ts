import { DomainEvent } from '../../../libs/events';
import { SavedReply } from './saved-reply.types';

/** A saved reply as the audit log shows it (its brand's ancestry and the effective-list field are not its own). */
const audited = ({ brandAncestorIds: _ancestors, inheritedFrom: _from, ...reply }: SavedReply) => reply;

abstract class SavedReplyEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'SavedReply';
}

/** Created, or replaced by a saved reply of the same name on the same brand (`before` then says what it was). */
export class SavedReplySet extends SavedReplyEvent<{ before: SavedReply | null; after: SavedReply }> {
  static readonly type = 'saved_reply.set';

  record() {
    const { before, after } = this.payload;
    return { entityId: after.id, brandId: after.brandId, before: before && audited(before), after: audited(after) };
  }
}

export class SavedReplyRemoved extends SavedReplyEvent<{ savedReply: SavedReply }> {
  static readonly type = 'saved_reply.removed';

  record() {
    const { savedReply } = this.payload;
    return { entityId: savedReply.id, brandId: savedReply.brandId, before: audited(savedReply) };
  }
}

export const SAVED_REPLY_EVENTS = [SavedReplySet, SavedReplyRemoved];
