import { Injectable } from '@nestjs/common';
import { BadUserInputError, Connection, decodeKeyset, NotFoundError, RequestContext, toConnection } from '../../libs/core';
import { AccessService, brandSubtreeIds, Permission } from '../../libs/auth';
import { Db, escapeLike, exactTimestamp, keysetPage } from '../../libs/database';
import { Contact } from './contact.types';
import { InboxConversation, InboxMessage, InboxMessageDirection, InboxNote, InboxReply } from './conversation.types';
import { InboxArgs, InboxOrder } from './dto/inbox.inputs';
import {
  CONVERSATION_COLUMNS, ConversationRow, ContactRow, contactColumns, ITEM_FROM, ITEM_SELECT, InboxItemRow, NoteRow, REPLY_COLUMNS, ReplyRow, toContact,
  toConversation, toInboxItem, toNote, toReply,
} from './inbox.mapper';
import { InboxItem } from './inbox.types';
import { SLA_STATE_SQL } from './sla-state';

/** Due time for the URGENT order: an item without one sorts after every dated one (a keyset key is never null). */
const NO_DUE = `'9999-12-31T00:00:00Z'::timestamptz`;
const URGENT_KEYS = `coalesce(i.due_at, ${NO_DUE}) AS urgent_due, array_position(ARRAY['URGENT', 'HIGH', 'NORMAL', 'LOW']::inbox_priority[], i.priority) AS urgent_rank`;

/** Reading the inbox: items, their contacts, conversations, replies and notes, each batched per request. */
@Injectable()
export class InboxReader {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  /** An item of a brand the caller may read; NOT_FOUND otherwise. Loader `inbox.items.byId`. */
  async find(ctx: RequestContext, id: string, field = 'id'): Promise<InboxItem> {
    const item = await ctx
      .loader<string, InboxItem | null>('inbox.items.byId', async (ids) => {
        const rows = await this.db.query<InboxItemRow>(`SELECT ${ITEM_SELECT} FROM ${ITEM_FROM} WHERE i.organization_id = $1 AND i.id = ANY($2::uuid[])`, [
          ctx.organizationId,
          ids,
        ]);
        const now = new Date();
        const byId = new Map(rows.map((r) => [r.id, toInboxItem(r, now)]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!item || !this.access.canSee(ctx, { id: item.brandId, ancestorIds: item.brandAncestorIds })) throw new NotFoundError('InboxItem', id, field);
    return item;
  }

  /** The inbox: items of the brands the caller may read, NEWEST or URGENT first. One statement per page. */
  async list(ctx: RequestContext, args: InboxArgs): Promise<Connection<InboxItem>> {
    const f = args.filter ?? {};
    if (f.assigneeId && f.unassigned !== null && f.unassigned !== undefined) throw BadUserInputError.field('filter.unassigned', 'give assigneeId or unassigned, not both');
    const reach = this.access.reach(ctx, Permission.BRAND_READ);
    const urgent = args.order === InboxOrder.URGENT;
    const now = new Date();
    return keysetPage(this.db, {
      matching: `SELECT ${ITEM_SELECT}${urgent ? `, ${URGENT_KEYS}` : ''} FROM ${ITEM_FROM}
          WHERE i.organization_id = $1
            AND ($2::boolean OR i.brand_id = ANY(${brandSubtreeIds('$1', '$3::uuid[]')}))
            AND ($4::uuid IS NULL OR i.brand_id = ANY(${brandSubtreeIds('$1', 'ARRAY[$4::uuid]', { descend: '$5::boolean' })}))
            AND ($6::uuid IS NULL OR i.profile_id = $6)
            AND ($7::inbox_item_status[] IS NULL OR i.status = ANY($7::inbox_item_status[]))
            AND ($8::inbox_item_kind[] IS NULL OR i.kind = ANY($8::inbox_item_kind[]))
            AND ($9::inbox_about[] IS NULL OR i.about = ANY($9::inbox_about[]))
            AND ($10::uuid IS NULL OR i.assignee_id = $10)
            AND ($11::boolean IS NULL OR (i.assignee_id IS NULL) = $11)
            AND ($12::text IS NULL OR EXISTS (SELECT 1 FROM unnest(i.labels) AS l WHERE lower(l) = lower($12)))
            AND ($13::text[] IS NULL OR ${SLA_STATE_SQL('i')} = ANY($13::text[]))
            AND ($14::text IS NULL OR i.body ILIKE $14)
            AND ($15::timestamptz IS NULL OR i.received_at >= $15) AND ($16::timestamptz IS NULL OR i.received_at < $16)`,
      params: [
        ctx.organizationId, reach.orgWide, reach.orgWide ? [] : reach.brandIds, f.brandId ?? null, f.includeSubtree ?? true, f.profileId ?? null,
        f.statuses?.length ? f.statuses : null, f.kinds?.length ? f.kinds : null, f.abouts?.length ? f.abouts : null, f.assigneeId ?? null,
        f.unassigned ?? null, f.label ?? null, f.slaStates?.length ? f.slaStates : null, f.search ? `%${escapeLike(f.search)}%` : null,
        f.receivedFrom ?? null, f.receivedTo ?? null,
      ],
      order: urgent
        ? [{ column: 'urgent_due', kind: 'timestamp' }, { column: 'urgent_rank', kind: 'int' }, { column: 'received_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }]
        : [{ column: 'received_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: urgent ? 'asc' : 'desc',
      map: (row: InboxItemRow) => toInboxItem(row, now),
    }, args);
  }

  /** An item's author. Loader `inbox.contacts.byId`; the item's visibility covers its author. */
  author(ctx: RequestContext, contactId: string): Promise<Contact> {
    return ctx
      .loader<string, Contact>('inbox.contacts.byId', async (ids) => {
        const rows = await this.db.query<ContactRow>(`SELECT ${contactColumns('c')} FROM contacts c WHERE c.organization_id = $1 AND c.id = ANY($2::uuid[])`, [
          ctx.organizationId,
          ids,
        ]);
        const byId = new Map(rows.map((r) => [r.id, toContact(r)]));
        return ids.map((i) => byId.get(i) ?? new NotFoundError('Contact', i));
      })
      .load(contactId);
  }

  /**
   * A contact who wrote to a brand the caller may read; NOT_FOUND otherwise (contacts belong to
   * no brand). Loader `inbox.contacts.visible`, so `nodes` reads many in one statement.
   */
  async contact(ctx: RequestContext, id: string): Promise<Contact> {
    const reach = this.access.reach(ctx, Permission.BRAND_READ);
    const contact = await ctx
      .loader<string, Contact | null>('inbox.contacts.visible', async (ids) => {
        const rows = await this.db.query<ContactRow>(
          `SELECT ${contactColumns('c')} FROM contacts c WHERE c.organization_id = $1 AND c.id = ANY($2::uuid[])
              AND ($3::boolean OR EXISTS (SELECT 1 FROM inbox_items i WHERE i.organization_id = $1 AND i.contact_id = c.id
                                             AND i.brand_id = ANY(${brandSubtreeIds('$1', '$4::uuid[]')})))`,
          [ctx.organizationId, ids, reach.orgWide, reach.orgWide ? [] : reach.brandIds],
        );
        const byId = new Map(rows.map((r) => [r.id, toContact(r)]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!contact) throw new NotFoundError('Contact', id, 'id');
    return contact;
  }

  /** An item's conversation. Loader `inbox.conversations.byId`. */
  conversation(ctx: RequestContext, id: string): Promise<InboxConversation> {
    return ctx
      .loader<string, InboxConversation>('inbox.conversations.byId', async (ids) => {
        const rows = await this.db.query<ConversationRow>(`SELECT ${CONVERSATION_COLUMNS} FROM inbox_conversations c WHERE c.organization_id = $1 AND c.id = ANY($2::uuid[])`, [
          ctx.organizationId,
          ids,
        ]);
        const byId = new Map(rows.map((r) => [r.id, toConversation(r)]));
        return ids.map((i) => byId.get(i) ?? new NotFoundError('InboxConversation', i));
      })
      .load(id);
  }

  /** An item's replies, oldest first. Loader `inbox.replies.byItem`. */
  replies(ctx: RequestContext, itemId: string): Promise<InboxReply[]> {
    return ctx
      .loader<string, InboxReply[]>('inbox.replies.byItem', async (ids) => {
        const rows = await this.db.query<ReplyRow>(`SELECT ${REPLY_COLUMNS} FROM inbox_replies r WHERE r.organization_id = $1 AND r.item_id = ANY($2::uuid[]) ORDER BY r.created_at, r.id`, [
          ctx.organizationId,
          ids,
        ]);
        return ids.map((id) => rows.filter((r) => r.item_id === id).map(toReply));
      })
      .load(itemId);
  }

  /** An item's internal notes, oldest first. Loader `inbox.notes.byItem`. */
  notes(ctx: RequestContext, itemId: string): Promise<InboxNote[]> {
    return ctx
      .loader<string, InboxNote[]>('inbox.notes.byItem', async (ids) => {
        const rows = await this.db.query<NoteRow>(
          `SELECT n.id, n.item_id, n.author_id, n.body, n.created_at FROM inbox_notes n WHERE n.organization_id = $1 AND n.item_id = ANY($2::uuid[]) ORDER BY n.created_at, n.id`,
          [ctx.organizationId, ids],
        );
        return ids.map((id) => rows.filter((r) => r.item_id === id).map(toNote));
      })
      .load(itemId);
  }

  /**
   * A page of a conversation's messages both ways (items in, replies out), oldest first; batched
   * across conversations asking for the same page. Loader `inbox.messages.byConversation:<page>`.
   */
  messages(ctx: RequestContext, conversationId: string, page: { first: number; after?: string | null }): Promise<Connection<InboxMessage>> {
    const after = decodeKeyset(page.after, ['timestamp', 'uuid']);
    const key = `inbox.messages.byConversation:${JSON.stringify([page.first, page.after ?? null])}`;
    return ctx
      .loader<string, Connection<InboxMessage>>(key, async (ids) => {
        const rows = await this.db.query<MessageRow & { page_conversation: string; total: number }>(
          `WITH matching AS (
             SELECT i.conversation_id, i.id, 'IN' AS direction, i.body, i.received_at AS at, i.id AS item_id, NULL::uuid AS reply_id, i.status::text AS status
               FROM inbox_items i WHERE i.organization_id = $1 AND i.conversation_id = ANY($2::uuid[])
             UNION ALL
             SELECT r.conversation_id, r.id, 'OUT', r.body, coalesce(r.sent_at, r.created_at), r.item_id, r.id, r.status::text
               FROM inbox_replies r WHERE r.organization_id = $1 AND r.conversation_id = ANY($2::uuid[])
           ), totals AS (
             SELECT c.id AS conversation_id, (SELECT count(*)::int FROM matching m WHERE m.conversation_id = c.id) AS total FROM unnest($2::uuid[]) AS c(id)
           ), paged AS (
             SELECT m.*, ${exactTimestamp('m.at')} AS at_text, row_number() OVER (PARTITION BY m.conversation_id ORDER BY m.at, m.id) AS rn FROM matching m
              WHERE $3::timestamptz IS NULL OR (m.at, m.id) > ($3::timestamptz, $4::uuid)
           )
           SELECT t.conversation_id AS page_conversation, t.total, p.id, p.direction, p.body, p.at, p.at_text, p.item_id, p.reply_id, p.status
             FROM totals t LEFT JOIN paged p ON p.conversation_id = t.conversation_id AND p.rn <= $5
            ORDER BY t.conversation_id, p.rn`,
          [ctx.organizationId, ids, after?.[0] ?? null, after?.[1] ?? null, page.first + 1],
        );
        return ids.map((id) => {
          const own = rows.filter((r) => r.page_conversation === id);
          const found = own.filter((r) => r.id !== null);
          return toConnection(found, page, own[0]?.total ?? 0, (r) => [r.at_text, r.id], toMessage);
        });
      })
      .load(conversationId);
  }
}

interface MessageRow {
  id: string;
  direction: InboxMessageDirection;
  body: string;
  at: Date;
  at_text: string;
  item_id: string | null;
  reply_id: string | null;
  status: string;
}

const toMessage = (r: MessageRow): InboxMessage => ({ id: r.id, direction: r.direction, body: r.body, at: r.at, itemId: r.item_id, replyId: r.reply_id, status: r.status });
