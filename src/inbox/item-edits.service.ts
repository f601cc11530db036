import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { InboxNote } from './conversation.types';
import { InboxAbout, InboxAboutSource, InboxPriority } from './inbox.enums';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxItem } from './inbox.types';
import { InboxItemAboutChanged, InboxItemLabeled, InboxItemNoted, InboxItemPriorityChanged, InboxItemThanked } from './item-action.events';
import { changeLabels } from './item-labels';
import { assertCanStart } from './item-refusals';
import { InboxItemWrites } from './item-writes';

/** How long an internal note (or a thank-you's note) may be. */
export const MAX_NOTE_LENGTH = 5_000;

/** A note's text, trimmed; BAD_USER_INPUT on `field` when blank or too long. */
function noteBody(body: string, field: string): string {
  const trimmed = body.trim();
  if (trimmed === '') throw BadUserInputError.field(field, 'must not be blank');
  if ([...trimmed].length > MAX_NOTE_LENGTH) throw BadUserInputError.field(field, `must be at most ${MAX_NOTE_LENGTH} characters`);
  return trimmed;
}

/**
 * What agents record on an item without moving it through its statuses: labels, internal
 * notes, a thank-you, what it is about and how urgent it is. Each takes the item's row lock,
 * bumps its version and publishes its event in one transaction; an edit that changes nothing
 * (labels already there, the same priority) answers the item as it is, with no event.
 */
@Injectable()
export class InboxItemEdits {
  constructor(
    private readonly db: Db,
    private readonly locks: InboxItemLocks,
    private readonly writes: InboxItemWrites,
    private readonly events: EventPublisher,
  ) {}

  label(ctx: RequestContext, id: string, add: readonly string[], remove: readonly string[]): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const before = await this.locks.lockFor(ctx, id);
      const change = changeLabels(before.labels, add, remove);
      if (change.labels === null) throw new BadUserInputError(change.errors.map((e) => `${e.field}: ${e.message}`).join('; '), change.errors);
      if (sameList(change.labels, before.labels)) return before;
      const after = await this.writes.update(ctx, id, { labels: change.labels });
      await this.events.publish(ctx, new InboxItemLabeled({ before, after }));
      return after;
    });
  }

  /** An internal note, never sent to the customer. */
  note(ctx: RequestContext, itemId: string, body: string): Promise<InboxNote> {
    return this.db.transaction(async () => {
      const text = noteBody(body, 'body');
      const before = await this.locks.lockFor(ctx, itemId, 'itemId');
      const note = await this.writes.addNote(ctx, itemId, text);
      const after = await this.writes.update(ctx, itemId, {});
      await this.events.publish(ctx, new InboxItemNoted({ before, after, note }));
      return note;
    });
  }

  /** Tip 19: records that the author was thanked, once; a second thank-you is CONFLICT naming the first. */
  thank(ctx: RequestContext, id: string, note: string | null | undefined): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const text = note === null || note === undefined ? null : noteBody(note, 'note');
      const before = await this.locks.lockFor(ctx, id);
      assertCanStart('thank', before);
      if (before.thankedAt) {
        throw new ConflictError('The author of this item was already thanked', { thankedById: before.thankedById, thankedAt: before.thankedAt.toISOString() });
      }
      const saved = text === null ? null : await this.writes.addNote(ctx, id, text);
      const after = await this.writes.update(ctx, id, { thanked_at: new Date(), thanked_by_id: ctx.requirePrincipal.id });
      await this.events.publish(ctx, new InboxItemThanked({ before, after, note: saved }));
      return after;
    });
  }

  /** What the item is about, as an agent says (aboutSetBy AGENT). */
  setAbout(ctx: RequestContext, id: string, about: InboxAbout): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const before = await this.locks.lockFor(ctx, id);
      if (before.about === about && before.aboutSetBy === InboxAboutSource.AGENT) return before;
      const after = await this.writes.update(ctx, id, { about, about_set_by: InboxAboutSource.AGENT });
      await this.events.publish(ctx, new InboxItemAboutChanged({ before, after }));
      return after;
    });
  }

  setPriority(ctx: RequestContext, id: string, priority: InboxPriority): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const before = await this.locks.lockFor(ctx, id);
      if (before.priority === priority) return before;
      const after = await this.writes.update(ctx, id, { priority });
      await this.events.publish(ctx, new InboxItemPriorityChanged({ before, after }));
      return after;
    });
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
