// The approvals feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { ApprovalSubjects } from './approval-subjects';
export type { AfterDecision, ApprovalOutcome, ApprovalSubject, ApprovalSubjectHandler, ApprovalSubjectState } from './approval-subjects';
export { ApprovalDecisionEntity, ApprovalDecisionKind, ApprovalRequestEntity, ApprovalRequestStatus, ApprovalSubjectType, ApprovalWorkflowEntity } from './approval.entities';
export { APPROVAL_EVENTS } from './approval.events';
export { ApprovalRequest } from './approval.types';
export { ApprovalDecisionsService } from './approval-decisions.service';
export { ApprovalNodeReader } from './approval-node.reader';
export { ApprovalQueueService } from './approval-queue.service';
export { ApprovalRequestsService } from './approval-requests.service';
export { ApprovalWorkflowsService } from './approval-workflows.service';
export { ApprovalsModule } from './approvals.module';
