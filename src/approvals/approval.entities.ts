import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BrandIdColumn, BrandRelation } from '../brands';
import { TenantOwned, TenantReference } from '../../libs/database';

export interface WorkflowStage {
  name: string;
  /** Role keys whose holders (with post:approve on the post's brand or above) may decide. */
  approverRoles: string[];
  quorum: number;
  slaHours: number | null;
}

export enum ApprovalRequestStatus {
  OPEN = 'OPEN',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
  /** The subject was edited or withdrawn after submission (a post edited or archived). */
  VOID = 'VOID',
}

/** What a request approves; exactly the matching id column of the request is set. */
export enum ApprovalSubjectType {
  /** A post revision (post_id). */
  POST = 'POST',
  /** An inbox reply (inbox_reply_id). */
  INBOX_REPLY = 'INBOX_REPLY',
}

export enum ApprovalDecisionKind {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  REQUEST_CHANGES = 'REQUEST_CHANGES',
}

@Entity({ name: 'approval_workflows' })
@Index('UQ_approval_workflows_name', ['organizationId', 'name'], { unique: true })
export class ApprovalWorkflowEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'jsonb' })
  stages: WorkflowStage[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One approval of one subject (a post revision or an inbox reply): the stages of its workflows,
 * as they were at submission. The author is stored so approvals never read the subject's table.
 */
@Entity({ name: 'approval_requests' })
@Index('IDX_approval_requests_open', ['organizationId', 'status', 'createdAt'])
@Index('IDX_approval_requests_post', ['postId'])
@Index('IDX_approval_requests_inbox_reply', ['inboxReplyId'])
@Check('CHK_approval_requests_subject', `("subject_type" = 'POST' AND "post_id" IS NOT NULL AND "inbox_reply_id" IS NULL) OR ("subject_type" = 'INBOX_REPLY' AND "inbox_reply_id" IS NOT NULL AND "post_id" IS NULL)`)
@BrandRelation('CASCADE')
// The subjects' tables are named, not imported (posts and inbox sit above approvals).
@TenantReference('post_id', 'posts', 'CASCADE')
@TenantReference('inbox_reply_id', 'inbox_replies', 'CASCADE')
export class ApprovalRequestEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'subject_type', type: 'enum', enum: ApprovalSubjectType, enumName: 'approval_subject', default: ApprovalSubjectType.POST })
  subjectType: ApprovalSubjectType;

  /** Set when subjectType is POST. */
  @Column({ name: 'post_id', type: 'uuid', nullable: true })
  postId: string | null;

  /** Set when subjectType is INBOX_REPLY. */
  @Column({ name: 'inbox_reply_id', type: 'uuid', nullable: true })
  inboxReplyId: string | null;

  /** The subject's author (a user or an API key), who never decides its request. */
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @BrandIdColumn()
  brandId: string;

  @Column({ type: 'int' })
  revision: number;

  @Column({ name: 'workflow_ids', type: 'uuid', array: true })
  workflowIds: string[];

  @Column({ type: 'jsonb' })
  stages: WorkflowStage[];

  @Column({ type: 'enum', enum: ApprovalRequestStatus, enumName: 'approval_request_status', default: ApprovalRequestStatus.OPEN })
  status: ApprovalRequestStatus;

  /** Index into `stages` of the stage deciding now. */
  @Column({ name: 'current_stage', type: 'int', default: 0 })
  currentStage: number;

  @Column({ name: 'stage_started_at', type: 'timestamptz', default: () => 'now()' })
  stageStartedAt: Date;

  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  @Column({ name: 'submitted_by_id', type: 'uuid' })
  submittedById: string;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

@Entity({ name: 'approval_decisions' })
// A person counts once per stage.
@Index('UQ_approval_decisions_once', ['organizationId', 'requestId', 'stage', 'deciderId'], { unique: true })
@TenantReference('request_id', 'approval_requests', 'CASCADE')
export class ApprovalDecisionEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ type: 'int' })
  stage: number;

  @Column({ name: 'decider_id', type: 'uuid' })
  deciderId: string;

  @Column({ type: 'enum', enum: ApprovalDecisionKind, enumName: 'approval_decision_kind' })
  decision: ApprovalDecisionKind;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
