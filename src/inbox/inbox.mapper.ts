import { SocialNetwork } from '../../libs/core';
import { PrincipalType } from '../access';
import { Contact } from './contact.types';
import { InboxConversation, InboxNote, InboxReply } from './conversation.types';
import { ModerationActionData } from './inbox.entities';
import { InboxAbout, InboxAboutSource, InboxItemKind, InboxItemStatus, InboxPriority, InboxReplyStatus } from './inbox.enums';
import { InboxItem } from './inbox.types';
import { slaState } from './sla';

export interface InboxItemRow {
  id: string;
  brand_id: string;
  brand_ancestor_ids: string[];
  profile_id: string;
  conversation_id: string;
  contact_id: string;
  network_id: string;
  parent_network_id: string | null;
  kind: InboxItemKind;
  about: InboxAbout;
  about_set_by: InboxAboutSource;
  body: string;
  language: string | null;
  post_id: string | null;
  permalink: string | null;
  received_at: Date;
  status: InboxItemStatus;
  priority: InboxPriority;
  labels: string[];
  assignee_id: string | null;
  assigned_at: Date | null;
  claimed: boolean;
  due_at: Date | null;
  first_response_at: Date | null;
  sla_breached_at: Date | null;
  closed_at: Date | null;
  hidden_at: Date | null;
  thanked_at: Date | null;
  thanked_by_id: string | null;
  moderation: ModerationActionData[];
  promoted_post_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const ITEM_COLUMNS = [
  'id', 'brand_id', 'profile_id', 'conversation_id', 'contact_id', 'network_id', 'parent_network_id', 'kind', 'about', 'about_set_by', 'body', 'language',
  'post_id', 'permalink', 'received_at', 'status', 'priority', 'labels', 'assignee_id', 'assigned_at', 'claimed', 'due_at', 'first_response_at',
  'sla_breached_at', 'closed_at', 'hidden_at', 'thanked_at', 'thanked_by_id', 'moderation', 'promoted_post_id', 'version', 'created_at', 'updated_at',
];

/** Item columns of alias `a`. */
export const itemColumns = (a: string) => ITEM_COLUMNS.map((c) => `${a}.${c}`).join(', ');
/** Item columns of alias `i` with its brand's ancestors from alias `b` (access checks need them). */
export const ITEM_SELECT = `${itemColumns('i')}, b.ancestor_ids AS brand_ancestor_ids`;
export const ITEM_FROM = `inbox_items i JOIN brands b ON b.id = i.brand_id`;

export const toInboxItem = (row: InboxItemRow, now = new Date()): InboxItem => ({
  id: row.id,
  brandId: row.brand_id,
  brandAncestorIds: row.brand_ancestor_ids,
  profileId: row.profile_id,
  conversationId: row.conversation_id,
  contactId: row.contact_id,
  networkId: row.network_id,
  parentNetworkId: row.parent_network_id,
  kind: row.kind,
  about: row.about,
  aboutSetBy: row.about_set_by,
  body: row.body,
  language: row.language,
  postId: row.post_id,
  permalink: row.permalink,
  receivedAt: row.received_at,
  status: row.status,
  priority: row.priority,
  labels: row.labels,
  assigneeId: row.assignee_id,
  assignedAt: row.assigned_at,
  claimed: row.claimed,
  dueAt: row.due_at,
  slaState: slaState(row.due_at, row.first_response_at, now),
  firstResponseAt: row.first_response_at,
  slaBreachedAt: row.sla_breached_at,
  closedAt: row.closed_at,
  hiddenAt: row.hidden_at,
  thankedAt: row.thanked_at,
  thankedById: row.thanked_by_id,
  moderation: row.moderation.map((m) => ({ ...m, at: new Date(m.at) })),
  promotedPostId: row.promoted_post_id,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface ContactRow {
  id: string;
  network: SocialNetwork;
  handle: string;
  display_name: string | null;
  profile_url: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  created_at: Date;
  updated_at: Date;
}

export const contactColumns = (a: string) =>
  ['id', 'network', 'handle', 'display_name', 'profile_url', 'first_seen_at', 'last_seen_at', 'created_at', 'updated_at'].map((c) => `${a}.${c}`).join(', ');

export const toContact = (r: ContactRow): Contact => ({
  id: r.id,
  network: r.network,
  handle: r.handle,
  displayName: r.display_name,
  profileUrl: r.profile_url,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ConversationRow {
  id: string;
  brand_id: string;
  profile_id: string;
  contact_id: string;
  thread_key: string;
  created_at: Date;
  last_message_at: Date;
}

export const CONVERSATION_COLUMNS = 'c.id, c.brand_id, c.profile_id, c.contact_id, c.thread_key, c.created_at, c.last_message_at';

export const toConversation = (r: ConversationRow): InboxConversation => ({
  id: r.id,
  brandId: r.brand_id,
  profileId: r.profile_id,
  contactId: r.contact_id,
  threadKey: r.thread_key,
  createdAt: r.created_at,
  lastMessageAt: r.last_message_at,
});

export interface ReplyRow {
  id: string;
  item_id: string;
  conversation_id: string;
  brand_id: string;
  profile_id: string;
  author_id: string;
  author_type: PrincipalType;
  body: string;
  tags: string[];
  status: InboxReplyStatus;
  network_id: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export const REPLY_COLUMNS = 'r.id, r.item_id, r.conversation_id, r.brand_id, r.profile_id, r.author_id, r.author_type, r.body, r.tags, r.status, r.network_id, r.error, r.created_at, r.sent_at';

export const toReply = (r: ReplyRow): InboxReply => ({
  id: r.id,
  itemId: r.item_id,
  conversationId: r.conversation_id,
  brandId: r.brand_id,
  profileId: r.profile_id,
  authorId: r.author_id,
  authorType: r.author_type,
  body: r.body,
  tags: r.tags,
  status: r.status,
  networkId: r.network_id,
  error: r.error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export interface NoteRow {
  id: string;
  item_id: string;
  author_id: string;
  body: string;
  created_at: Date;
}

export const toNote = (r: NoteRow): InboxNote => ({ id: r.id, itemId: r.item_id, authorId: r.author_id, body: r.body, createdAt: r.created_at });
