import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TenantOwned, TenantReference } from '../../libs/database';
import { PrincipalType } from '../access';
import { BrandIdColumn, BrandRelation } from '../brands';
import { InboxAbout, InboxAboutSource, InboxItemKind, InboxItemStatus, InboxPriority, InboxReplyStatus } from './inbox.enums';

/** What one moderation rule did to an item (an element of `inbox_items.moderation`). */
export interface ModerationActionData {
  ruleId: string;
  ruleName: string;
  /** The brand the rule is set on (the item's or an ancestor). */
  brandId: string;
  matched: string[];
  actions: string[];
  at: string;
  /** The connector's error when hiding or reporting the item on the network failed (the rule that hid it). */
  networkError?: string;
}

/** The columns every inbox table shares: the brand and profile the message belongs to. */
@BrandRelation('RESTRICT')
@TenantReference('profile_id', 'social_profiles', 'RESTRICT')
abstract class ProfileOwned extends TenantOwned {
  @BrandIdColumn()
  brandId: string;

  @Column({ name: 'profile_id', type: 'uuid' })
  profileId: string;
}

/** A thread on one profile with one contact (see the thread rule in ingest-plan.ts). */
@Entity({ name: 'inbox_conversations' })
@Index('UQ_inbox_conversations_thread', ['organizationId', 'profileId', 'threadKey'], { unique: true })
@TenantReference('contact_id', 'contacts', 'RESTRICT')
export class InboxConversationEntity extends ProfileOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ name: 'thread_key', type: 'varchar', length: 300 })
  threadKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_message_at', type: 'timestamptz' })
  lastMessageAt: Date;
}

/** One incoming message. (organization, profile, network id) is ingestion's idempotency key. */
@Entity({ name: 'inbox_items' })
@Index('UQ_inbox_items_network_id', ['organizationId', 'profileId', 'networkId'], { unique: true })
@Index('IDX_inbox_items_brand', ['organizationId', 'brandId', 'receivedAt', 'id'])
@Index('IDX_inbox_items_due', ['organizationId', 'status', 'dueAt'])
@Index('IDX_inbox_items_assignee', ['organizationId', 'assigneeId'])
// The overdue watch's claim (InboxSlaWatch) across organizations: only items still awaiting a first answer.
@Index('IDX_inbox_items_sla_watch', ['dueAt'], { where: `"sla_breached_at" IS NULL AND "first_response_at" IS NULL AND "status" IN ('OPEN', 'ASSIGNED') AND "due_at" IS NOT NULL` })
@Index('IDX_inbox_items_conversation', ['conversationId', 'receivedAt'])
@TenantReference('conversation_id', 'inbox_conversations', 'CASCADE')
@TenantReference('contact_id', 'contacts', 'RESTRICT')
// SET NULL (column) in the migration: the item stays, only the reference goes.
@TenantReference('post_id', 'posts', 'SET NULL')
@TenantReference('assignee_id', 'users', 'SET NULL')
@TenantReference('promoted_post_id', 'posts', 'SET NULL')
export class InboxItemEntity extends ProfileOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @Column({ name: 'network_id', type: 'varchar', length: 300 })
  networkId: string;

  @Column({ name: 'parent_network_id', type: 'varchar', length: 300, nullable: true })
  parentNetworkId: string | null;

  @Column({ type: 'enum', enum: InboxItemKind, enumName: 'inbox_item_kind' })
  kind: InboxItemKind;

  @Column({ type: 'enum', enum: InboxAbout, enumName: 'inbox_about', default: InboxAbout.OTHER })
  about: InboxAbout;

  @Column({ name: 'about_set_by', type: 'enum', enum: InboxAboutSource, enumName: 'inbox_about_source', default: InboxAboutSource.INGEST })
  aboutSetBy: InboxAboutSource;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 35, nullable: true })
  language: string | null;

  /** The post it answers. */
  @Column({ name: 'post_id', type: 'uuid', nullable: true })
  postId: string | null;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  permalink: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;

  @Column({ type: 'enum', enum: InboxItemStatus, enumName: 'inbox_item_status', default: InboxItemStatus.OPEN })
  status: InboxItemStatus;

  @Column({ type: 'enum', enum: InboxPriority, enumName: 'inbox_priority', default: InboxPriority.NORMAL })
  priority: InboxPriority;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  labels: string[];

  @Column({ name: 'assignee_id', type: 'uuid', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'assigned_at', type: 'timestamptz', nullable: true })
  assignedAt: Date | null;

  /** True when the assignee took the item themselves. */
  @Column({ type: 'boolean', default: false })
  claimed: boolean;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  @Column({ name: 'sla_breached_at', type: 'timestamptz', nullable: true })
  slaBreachedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'hidden_at', type: 'timestamptz', nullable: true })
  hiddenAt: Date | null;

  @Column({ name: 'thanked_at', type: 'timestamptz', nullable: true })
  thankedAt: Date | null;

  @Column({ name: 'thanked_by_id', type: 'uuid', nullable: true })
  thankedById: string | null;

  /** What the moderation rules did at ingest, in the order they acted. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  moderation: ModerationActionData[];

  @Column({ name: 'promoted_post_id', type: 'uuid', nullable: true })
  promotedPostId: string | null;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One outgoing message. The first SENT reply of an item sets its first_response_at. */
@Entity({ name: 'inbox_replies' })
@Index('IDX_inbox_replies_item', ['itemId', 'createdAt'])
@Index('IDX_inbox_replies_conversation', ['conversationId', 'createdAt'])
@Index('IDX_inbox_replies_sending', ['sendLeaseUntil'], { where: `"status" = 'SENDING'` })
@TenantReference('item_id', 'inbox_items', 'CASCADE')
@TenantReference('conversation_id', 'inbox_conversations', 'CASCADE')
export class InboxReplyEntity extends ProfileOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  /** A user or an API key (no foreign key: either may be meant). */
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'author_type', type: 'enum', enum: PrincipalType, enumName: 'principal_type' })
  authorType: PrincipalType;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'enum', enum: InboxReplyStatus, enumName: 'inbox_reply_status' })
  status: InboxReplyStatus;

  /** What the connector returned. */
  @Column({ name: 'network_id', type: 'varchar', length: 300, nullable: true })
  networkId: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** The sender holding a SENDING reply (a token per claim) and until when; a lapsed one is reconciled (ReplySendReconciler). */
  @Column({ name: 'send_claim', type: 'uuid', nullable: true })
  sendClaim: string | null;

  @Column({ name: 'send_lease_until', type: 'timestamptz', nullable: true })
  sendLeaseUntil: Date | null;

  /** Times the connector was asked to send it (its id is the idempotency key every time). */
  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** How an unknown outcome was settled: FOUND, SENT_AGAIN or RESENT_UNCHECKED (as for post publications). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  reconciled: string | null;
}

/** An internal note on an item, never sent to the customer. */
@Entity({ name: 'inbox_notes' })
@Index('IDX_inbox_notes_item', ['itemId', 'createdAt'])
@TenantReference('item_id', 'inbox_items', 'CASCADE')
export class InboxNoteEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  /** A user or an API key. */
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
