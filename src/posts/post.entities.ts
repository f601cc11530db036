import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { PostFormat, PostTag, SourceCheck } from '../../libs/policy-engine';
import { PrincipalType } from '../access';
import { BrandIdColumn, BrandRelation } from '../brands';
import { TenantOwned, TenantReference } from '../../libs/database';

export enum PostStatus {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  APPROVED = 'APPROVED',
  SCHEDULED = 'SCHEDULED',
  PUBLISHED = 'PUBLISHED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  REJECTED = 'REJECTED',
  ARCHIVED = 'ARCHIVED',
}

export interface PostSourceData {
  url: string;
  author: string | null;
  verification: Partial<Record<SourceCheck, boolean>>;
}

export interface InternalTestData {
  passed: boolean;
  notes: string | null;
}

/** What a revision holds; the post row carries a copy of its current revision. */
export interface PostContentColumns {
  title: string | null;
  body: string;
  format: PostFormat;
  tags: PostTag[];
  durationSeconds: number | null;
  source: PostSourceData | null;
  label: string | null;
  internalTest: InternalTestData | null;
  profileIds: string[];
}

/**
 * The content columns a post and each of its revisions share: the post row carries a copy of
 * its current revision.
 */
export abstract class PostContentEntity extends TenantOwned implements PostContentColumns {
  @Column({ type: 'varchar', length: 200, nullable: true })
  title: string | null;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'enum', enum: PostFormat, enumName: 'post_format' })
  format: PostFormat;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: PostTag[];

  @Column({ name: 'duration_seconds', type: 'int', nullable: true })
  durationSeconds: number | null;

  @Column({ type: 'jsonb', nullable: true })
  source: PostSourceData | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  label: string | null;

  @Column({ name: 'internal_test', type: 'jsonb', nullable: true })
  internalTest: InternalTestData | null;

  @Column({ name: 'profile_ids', type: 'uuid', array: true })
  profileIds: string[];
}

@Entity({ name: 'posts' })
@Index('IDX_posts_brand', ['organizationId', 'brandId', 'createdAt'])
@Index('IDX_posts_due', ['status', 'scheduledAt'])
@Index('IDX_posts_profile_ids', { synchronize: false })
@BrandRelation('RESTRICT')
export class PostEntity extends PostContentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @BrandIdColumn()
  brandId: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'author_type', type: 'enum', enum: PrincipalType, enumName: 'principal_type' })
  authorType: PrincipalType;

  @Column({ type: 'enum', enum: PostStatus, enumName: 'post_status', default: PostStatus.DRAFT })
  status: PostStatus;

  /** Number of the current revision; every edit adds one. */
  @Column({ type: 'int', default: 1 })
  revision: number;

  @Column({ name: 'scheduled_at', type: 'timestamptz', nullable: true })
  scheduledAt: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'publish_attempts', type: 'int', default: 0 })
  publishAttempts: number;

  @Column({ name: 'publish_error', type: 'text', nullable: true })
  publishError: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Who is publishing it now (PublishingService.claim): a token per claim, so a claimant that lost its lease changes nothing. */
  @Column({ name: 'publish_claim', type: 'uuid', nullable: true })
  publishClaim: string | null;

  /** Until when the claim holds; a crashed claimant's lapses, and the post is due again (its sends reconciled). */
  @Column({ name: 'publish_lease_until', type: 'timestamptz', nullable: true })
  publishLeaseUntil: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity({ name: 'post_revisions' })
@Index('UQ_post_revisions_number', ['organizationId', 'postId', 'number'], { unique: true })
@TenantReference('post_id', 'posts', 'CASCADE')
export class PostRevisionEntity extends PostContentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @Column({ type: 'int' })
  number: number;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Where one send of a post revision to a profile stands: recorded SENDING (committed) before the connector is called. */
export enum PostPublicationStatus {
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}

/**
 * One send of a post revision to one profile, and what the network answered: at most one row
 * per (post, profile, revision), written before the connector is called (docs/guide/posts-and-approvals.md).
 */
@Entity({ name: 'post_publications' })
@Index('IDX_post_publications_post', ['postId'])
@Index('UQ_post_publications_send', ['organizationId', 'postId', 'profileId', 'revision'], { unique: true })
@TenantReference('post_id', 'posts', 'CASCADE')
export class PostPublicationEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'post_id', type: 'uuid' })
  postId: string;

  @Column({ name: 'profile_id', type: 'uuid' })
  profileId: string;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'enum', enum: PostPublicationStatus, enumName: 'post_publication_status', default: PostPublicationStatus.SENDING })
  status: PostPublicationStatus;

  /** What the connector passes to the network (publicationKey): the same on every attempt. */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 })
  idempotencyKey: string;

  /** Times the connector was asked to send it; more than 1 only after a failure or an unknown outcome. */
  @Column({ type: 'int', default: 1 })
  attempts: number;

  /** How an unknown outcome was settled: FOUND (the network had it), SENT_AGAIN (it had not), RESENT_UNCHECKED (no lookup). */
  @Column({ type: 'varchar', length: 20, nullable: true })
  reconciled: string | null;

  @Column({ type: 'varchar', length: 40 })
  connector: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
