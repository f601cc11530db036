import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, RequestContext, SocialNetwork } from '../../libs/core';
import { Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { PostFormat, PostTag } from '../../libs/policy-engine';
import { EventPublisher } from '../audit';
import { Post, PostsService } from '../posts';
import { Contact } from './contact.types';
import { PromoteToPostInput } from './dto/promote.inputs';
import { InboxItemKind, InboxItemStatus } from './inbox.enums';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxReader } from './inbox-reader.service';
import { InboxItemRow, itemColumns, toInboxItem } from './inbox.mapper';
import { InboxItem } from './inbox.types';
import { InboxItemPromoted } from './promotion.events';

const MAX_BODY = 20_000;
const NETWORK_NAMES: Record<SocialNetwork, string> = {
  FACEBOOK: 'Facebook', X: 'X', INSTAGRAM: 'Instagram', LINKEDIN: 'LinkedIn', YOUTUBE: 'YouTube', PINTEREST: 'Pinterest', TIKTOK: 'TikTok', BLOG: 'the blog', OTHER: 'the web',
};

/**
 * The default story: the item quoted, with credit to its author (name and handle, on which
 * network). A quote that would not fit a post is cut with an ellipsis; null when there is no text to quote.
 */
export function customerStoryBody(text: string, author: Pick<Contact, 'handle' | 'displayName' | 'network'>): string | null {
  const quoted = text.trim();
  if (!quoted) return null;
  const name = author.displayName?.trim() ? `${author.displayName.trim()} (@${author.handle})` : `@${author.handle}`;
  const credit = `\n\n— ${name} on ${NETWORK_NAMES[author.network]}`;
  const room = MAX_BODY - credit.length - 2;
  const quote = quoted.length > room ? `${quoted.slice(0, room - 1).trimEnd()}…` : quoted;
  return `“${quote}”${credit}`;
}

/** What promoteToPost answers: the item, now linked, and the draft. */
export interface Promotion {
  item: InboxItem;
  post: Post;
}

/**
 * promoteToPost (the article's tip 3, nurture customer stories): an incoming message becomes a
 * CUSTOMER_STORY draft of the item's brand, with the message as its third-party source, so the
 * brand's SOURCE_VERIFICATION policy asks for the checklist when the draft is submitted.
 */
@Injectable()
export class InboxPromotionService {
  constructor(
    private readonly db: Db,
    private readonly locks: InboxItemLocks,
    private readonly reader: InboxReader,
    private readonly posts: PostsService,
    private readonly events: EventPublisher,
  ) {}

  async promote(ctx: RequestContext, itemId: string, input: PromoteToPostInput = {}): Promise<Promotion> {
    return this.db.transaction(async () => {
      // Drafting is post:create's (a CONTENT_CREATOR may); the item only gains a link to the draft.
      const before = await this.locks.lockFor(ctx, itemId, 'itemId', Permission.POST_CREATE);
      if (before.promotedPostId) {
        throw new ConflictError(`inbox item ${itemId} is already promoted to post ${before.promotedPostId}`, { postId: before.promotedPostId });
      }
      this.assertPromotable(before);
      const author = await this.reader.author(ctx, before.contactId);
      const body = input.body ?? customerStoryBody(before.body, author);
      if (!body) throw BadUserInputError.field('input.body', `inbox item ${itemId} has no text to quote: give the story's body`);
      const post = await this.posts.create(ctx, {
        brandId: before.brandId,
        profileIds: input.profileIds ?? [before.profileId],
        title: input.title ?? null,
        body,
        format: PostFormat.TEXT,
        tags: [PostTag.CUSTOMER_STORY],
        source: { url: before.permalink!, author: author.handle },
      });
      const row = await this.db.queryOne<Omit<InboxItemRow, 'brand_ancestor_ids'>>(
        `UPDATE inbox_items i SET promoted_post_id = $3, version = i.version + 1, updated_at = now()
          WHERE i.organization_id = $1 AND i.id = $2 RETURNING ${itemColumns('i')}`,
        [ctx.organizationId, itemId, post.id],
      );
      const after = toInboxItem({ ...row!, brand_ancestor_ids: before.brandAncestorIds });
      await this.events.publish(ctx, new InboxItemPromoted({ before, after }));
      return { item: after, post };
    });
  }

  /** A story quotes a public message that names its address: not spam, not hidden, not a private message, with a permalink. */
  private assertPromotable(item: InboxItem): void {
    const refuse = (message: string) => {
      throw BadUserInputError.field('itemId', message);
    };
    if (item.status === InboxItemStatus.SPAM || item.status === InboxItemStatus.HIDDEN) refuse(`inbox item ${item.id} is ${item.status}: unhide it first`);
    if (item.kind === InboxItemKind.DIRECT_MESSAGE) refuse(`inbox item ${item.id} is a private message: it cannot be a public source`);
    if (!item.permalink) refuse(`inbox item ${item.id} has no permalink: a customer story needs its source's address (give one at ingest)`);
  }
}
