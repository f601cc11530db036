import { DomainEvent, entityEvents } from '../../libs/events';
import { ApprovalDecisionKind, ApprovalRequestStatus, ApprovalSubjectType, WorkflowStage } from './approval.entities';
import { ApprovalWorkflow } from './approval.types';

/** Workflows are organization-wide. */
const ApprovalWorkflowEvent = entityEvents('ApprovalWorkflow', 'workflow', (_workflow: ApprovalWorkflow) => null);

export class ApprovalWorkflowCreated extends ApprovalWorkflowEvent.Created {
  static readonly type = 'approval_workflow.created';
}

/** Where a request stands, as its decision records it. */
interface RequestPosition {
  status: ApprovalRequestStatus;
  currentStage: number;
}

/** Which subject a request approves: exactly the id of its type is set. */
interface SubjectIds {
  subjectType: ApprovalSubjectType;
  /** Null for a reply's request. */
  postId: string | null;
  /** Null for a post's request. */
  inboxReplyId: string | null;
}

interface Decided extends SubjectIds {
  requestId: string;
  /** The subject's brand. */
  brandId: string;
  decision: ApprovalDecisionKind;
  comment: string | null;
  before: RequestPosition;
  after: RequestPosition;
}

/** A decision on a request's current stage; the type names the decision (approval.approve...). */
abstract class ApprovalDecided extends DomainEvent<Decided> {
  static readonly entityType = 'ApprovalRequest';

  record() {
    const { requestId, subjectType, postId, inboxReplyId, brandId, decision, comment, before, after } = this.payload;
    return { entityId: requestId, brandId, before, after: { ...after, decision, comment, subjectType, postId, inboxReplyId } };
  }
}

export class ApprovalApproved extends ApprovalDecided {
  static readonly type = 'approval.approve';
}

export class ApprovalRejected extends ApprovalDecided {
  static readonly type = 'approval.reject';
}

export class ApprovalChangesRequested extends ApprovalDecided {
  static readonly type = 'approval.request_changes';
}

/** The event of each decision. */
export const DECIDED: Record<ApprovalDecisionKind, new (payload: Decided) => ApprovalDecided> = {
  APPROVE: ApprovalApproved,
  REJECT: ApprovalRejected,
  REQUEST_CHANGES: ApprovalChangesRequested,
};

/** A request's state as far as "who can decide it now" is concerned. */
export interface QueueState {
  status: ApprovalRequestStatus;
  stage: WorkflowStage | null;
  escalated: boolean;
  deciderIds: string[];
}

export interface ApprovalQueueEvent extends SubjectIds {
  organizationId: string;
  requestId: string;
  brandId: string;
  brandAncestorIds: string[];
  authorId: string;
  before: QueueState | null;
  after: QueueState;
}

/**
 * Who can decide a request changed (opened, decided, voided, escalated). Not audited: the
 * decision that caused it is, and the rest are consequences of audited subject changes (a post's, a reply's) or the
 * scheduler's escalation. The approvalQueueChanged subscription listens to it.
 */
export class ApprovalQueueChanged extends DomainEvent<ApprovalQueueEvent> {
  static readonly type = 'approval_queue.changed';
  static readonly entityType = 'ApprovalRequest';
  static override readonly audited = false;

  record() {
    return { entityId: this.payload.requestId, brandId: this.payload.brandId };
  }
}

export const APPROVAL_EVENTS = [ApprovalWorkflowCreated, ApprovalApproved, ApprovalRejected, ApprovalChangesRequested, ApprovalQueueChanged];
