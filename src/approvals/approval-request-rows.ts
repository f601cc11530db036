import { ApprovalQueueChanged, QueueState } from './approval.events';
import { ApprovalRequestStatus, WorkflowStage } from './approval.entities';
import { ApprovalRequest } from './approval.types';

/** An approval_requests row as the services read it; shared so every statement returns the same columns. */
export interface RequestRow {
  id: string;
  post_id: string;
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

export const REQUEST_COLUMNS = (a: string) =>
  ['id', 'post_id', 'brand_id', 'revision', 'workflow_ids', 'stages', 'status', 'current_stage', 'stage_started_at', 'escalated_at', 'submitted_by_id', 'created_at', 'closed_at']
    .map((c) => `${a}.${c}`)
    .join(', ');

export const toRequest = (r: RequestRow): ApprovalRequest => ({
  id: r.id,
  postId: r.post_id,
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

/** What the post row needs to say about the request deciding it. */
export interface PostForApproval {
  id: string;
  brandId: string;
  brandAncestorIds: string[];
  authorId: string;
  revision: number;
}

/**
 * The queue change of one request, for the caller's organization: opening, voiding and deciding
 * all publish it. A row's own state knows no deciders; a caller that knows them passes a state.
 */
export function queueChanged(organizationId: string, post: PostForApproval, before: RequestRow | QueueState | null, after: RequestRow, afterState?: QueueState): ApprovalQueueChanged {
  const asState = (r: RequestRow | QueueState): QueueState =>
    'current_stage' in r ? { status: r.status, stage: r.stages[r.current_stage] ?? null, escalated: r.escalated_at !== null, deciderIds: [] } : r;
  return new ApprovalQueueChanged({
    organizationId,
    requestId: after.id,
    postId: post.id,
    brandId: post.brandId,
    brandAncestorIds: post.brandAncestorIds,
    authorId: post.authorId,
    before: before ? asState(before) : null,
    after: afterState ?? asState(after),
  });
}
