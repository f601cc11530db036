import { ApprovalQueueChanged, QueueState } from './approval.events';
import { ApprovalRequestStatus, ApprovalSubjectType, WorkflowStage } from './approval.entities';
import { ApprovalRequest } from './approval.types';
import { ApprovalSubject } from './approval-subjects';

/** An approval_requests row as the services read it; shared so every statement returns the same columns. */
export interface RequestRow {
  id: string;
  subject_type: ApprovalSubjectType;
  post_id: string | null;
  inbox_reply_id: string | null;
  author_id: string;
  brand_id: string;
  revision: number;
  workflow_ids: string[];
  stages: WorkflowStage[];
  status: ApprovalRequestStatus;
  current_stage: number;
  stage_started_at: Date;
  escalated_at: Date | null;
  submitted_by_id: string;
  created_at: Date;
  closed_at: Date | null;
}

/** The id column of each subject type (CHK_approval_requests_subject: exactly that one is set). Safe to interpolate. */
export const SUBJECT_COLUMN: Record<ApprovalSubjectType, 'post_id' | 'inbox_reply_id'> = {
  [ApprovalSubjectType.POST]: 'post_id',
  [ApprovalSubjectType.INBOX_REPLY]: 'inbox_reply_id',
};

export const subjectIdOf = (r: Pick<RequestRow, 'subject_type' | 'post_id' | 'inbox_reply_id'>): string => r[SUBJECT_COLUMN[r.subject_type]]!;

export const REQUEST_COLUMNS = (a: string) =>
  [
    'id', 'subject_type', 'post_id', 'inbox_reply_id', 'author_id', 'brand_id', 'revision', 'workflow_ids', 'stages', 'status',
    'current_stage', 'stage_started_at', 'escalated_at', 'submitted_by_id', 'created_at', 'closed_at',
  ]
    .map((c) => `${a}.${c}`)
    .join(', ');

export const toRequest = (r: RequestRow): ApprovalRequest => ({
  id: r.id,
  subjectType: r.subject_type,
  postId: r.post_id,
  inboxReplyId: r.inbox_reply_id,
  brandId: r.brand_id,
  revision: r.revision,
  workflowIds: r.workflow_ids,
  stages: r.stages.map((s) => ({ ...s, slaHours: s.slaHours ?? null })),
  status: r.status,
  currentStage: r.current_stage,
  stageStartedAt: r.stage_started_at,
  escalatedAt: r.escalated_at,
  submittedById: r.submitted_by_id,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

/** The subject of a request row, with its brand's ancestors (read from brands). */
export const subjectOf = (r: RequestRow, brandAncestorIds: string[]): ApprovalSubject => ({
  type: r.subject_type,
  id: subjectIdOf(r),
  brandId: r.brand_id,
  brandAncestorIds,
  authorId: r.author_id,
  revision: r.revision,
});

/**
 * The queue change of one request, for the caller's organization: opening, voiding, deciding
 * and escalating all publish it. A row's own state knows no deciders; a caller that knows them passes a state.
 */
export function queueChanged(organizationId: string, subject: ApprovalSubject, before: RequestRow | QueueState | null, after: RequestRow, afterState?: QueueState): ApprovalQueueChanged {
  const asState = (r: RequestRow | QueueState): QueueState =>
    'current_stage' in r ? { status: r.status, stage: r.stages[r.current_stage] ?? null, escalated: r.escalated_at !== null, deciderIds: [] } : r;
  return new ApprovalQueueChanged({
    organizationId,
    requestId: after.id,
    subjectType: subject.type,
    postId: subject.type === ApprovalSubjectType.POST ? subject.id : null,
    inboxReplyId: subject.type === ApprovalSubjectType.INBOX_REPLY ? subject.id : null,
    brandId: subject.brandId,
    brandAncestorIds: subject.brandAncestorIds,
    authorId: subject.authorId,
    before: before ? asState(before) : null,
    after: afterState ?? asState(after),
  });
}
