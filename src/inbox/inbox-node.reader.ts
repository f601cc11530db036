import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, grantBelowSql, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { InboxConversation, InboxNote, InboxReply } from './conversation.types';
import { CONVERSATION_COLUMNS, ConversationRow, NoteRow, REPLY_COLUMNS, ReplyRow, toConversation, toNote, toReply } from './inbox.mapper';
import { ModerationRule } from './moderation-rule.types';
import { ModerationRuleRow, RULE_COLUMNS, toModerationRule } from './moderation-store';
import { SAVED_REPLY_COLUMNS, SAVED_REPLY_FROM, SavedReplyRow, toSavedReply } from './saved-replies/saved-replies.service';
import { SavedReply } from './saved-replies/saved-reply.types';

/** A row read for `node(id)`, with what its access check needs: its brand's ancestors, and (for what is inherited down) whether a grant of the caller lies below it. */
type Scoped<T> = T & { brand_id: string; brand_ancestor_ids: string[]; grant_below?: boolean };

/**
 * The inbox's objects by id for `node(id)`, each with the access of the read it is reached by:
 * a conversation, a reply and a note through their item (brand:read on the item's brand, as
 * `inboxItem`); a moderation rule and a saved reply as the lists of a brand show them (brand:read
 * on the brand they are set on, or on one below it, which inherits them). NOT_FOUND otherwise.
 * Each type has its loader, so `nodes` reads many of a type in one statement.
 */
@Injectable()
export class InboxNodeReader {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async conversation(ctx: RequestContext, id: string): Promise<InboxConversation> {
    const row = await this.load<ConversationRow>(ctx, 'inbox.conversations.node', `SELECT ${CONVERSATION_COLUMNS}, b.ancestor_ids AS brand_ancestor_ids
        FROM inbox_conversations c JOIN brands b ON b.organization_id = c.organization_id AND b.id = c.brand_id WHERE c.organization_id = $1 AND c.id = ANY($2::uuid[])`, id);
    return toConversation(this.visible(ctx, row, 'InboxConversation', id));
  }

  async reply(ctx: RequestContext, id: string): Promise<InboxReply> {
    const row = await this.load<ReplyRow>(ctx, 'inbox.replies.node', `SELECT ${REPLY_COLUMNS}, b.ancestor_ids AS brand_ancestor_ids
        FROM inbox_replies r JOIN brands b ON b.organization_id = r.organization_id AND b.id = r.brand_id WHERE r.organization_id = $1 AND r.id = ANY($2::uuid[])`, id);
    return toReply(this.visible(ctx, row, 'InboxReply', id));
  }

  async note(ctx: RequestContext, id: string): Promise<InboxNote> {
    const row = await this.load<NoteRow>(ctx, 'inbox.notes.node', `SELECT n.id, n.item_id, n.author_id, n.body, n.created_at, i.brand_id, b.ancestor_ids AS brand_ancestor_ids
        FROM inbox_notes n JOIN inbox_items i ON i.organization_id = n.organization_id AND i.id = n.item_id
        JOIN brands b ON b.organization_id = i.organization_id AND b.id = i.brand_id WHERE n.organization_id = $1 AND n.id = ANY($2::uuid[])`, id);
    return toNote(this.visible(ctx, row, 'InboxNote', id));
  }

  /** The rule as its own brand has it (inheritedFrom null), as `moderationRules` lists it there. */
  async moderationRule(ctx: RequestContext, id: string): Promise<ModerationRule> {
    const row = await this.load<ModerationRuleRow>(ctx, 'moderationRules.node', `SELECT ${RULE_COLUMNS('r')}, b.ancestor_ids AS brand_ancestor_ids, ${grantBelowSql('$1', 'r.brand_id', '$3::uuid[]')} AS grant_below
        FROM moderation_rules r JOIN brands b ON b.organization_id = r.organization_id AND b.id = r.brand_id WHERE r.organization_id = $1 AND r.id = ANY($2::uuid[])`, id, true);
    return toModerationRule(this.visible(ctx, row, 'ModerationRule', id));
  }

  /** The saved reply as its own brand has it (inheritedFrom its brand). */
  async savedReply(ctx: RequestContext, id: string): Promise<SavedReply> {
    const row = await this.load<SavedReplyRow>(ctx, 'savedReplies.node', `SELECT ${SAVED_REPLY_COLUMNS}, ${grantBelowSql('$1', 's.brand_id', '$3::uuid[]')} AS grant_below
        FROM ${SAVED_REPLY_FROM} WHERE s.organization_id = $1 AND s.id = ANY($2::uuid[])`, id, true);
    return toSavedReply(this.visible(ctx, row, 'SavedReply', id));
  }

  /** One row by id through the loader `key`; `inherited` passes the caller's brand:read roots as $3 for grantBelowSql. */
  private load<T extends { id: string }>(ctx: RequestContext, key: string, sql: string, id: string, inherited = false): Promise<Scoped<T> | null> {
    return ctx
      .loader<string, Scoped<T> | null>(key, async (ids) => {
        const reach = this.access.reach(ctx, Permission.BRAND_READ);
        const params = inherited ? [ctx.organizationId, ids, reach.orgWide ? [] : reach.brandIds] : [ctx.organizationId, ids];
        const rows = await this.db.query<Scoped<T>>(sql, params);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
  }

  private visible<T>(ctx: RequestContext, row: Scoped<T> | null, type: string, id: string): Scoped<T> {
    if (!row || !(row.grant_below || this.access.canSee(ctx, { id: row.brand_id, ancestorIds: row.brand_ancestor_ids }))) throw new NotFoundError(type, id, 'id');
    return row;
  }
}
