import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { ApprovalDecisionKind, ApprovalRequestStatus, ApprovalSubjectType } from './approval.entities';

registerEnumType(ApprovalRequestStatus, {
  name: 'ApprovalRequestStatus',
  description: 'Where an approval request stands.',
  valuesMap: {
    OPEN: { description: 'Waiting for the decisions of its current stage.' },
    APPROVED: { description: 'Every stage approved: the post (or reply) may go out.' },
    REJECTED: { description: 'An approver rejected it.' },
    CHANGES_REQUESTED: { description: 'An approver asked for changes; a new submission opens a new request.' },
    VOID: { description: 'The subject was edited or withdrawn after submission (a post edited or archived).' },
  },
});
registerEnumType(ApprovalDecisionKind, {
  name: 'ApprovalDecisionKind',
  description: "An approver's answer on a stage.",
  valuesMap: {
    APPROVE: { description: 'Counts towards the stage quorum; the last one needed moves the request to its next stage, or APPROVED.' },
    REJECT: { description: 'Closes the request as REJECTED at once.' },
    REQUEST_CHANGES: { description: 'Closes the request as CHANGES_REQUESTED at once; the author edits and submits again.' },
  },
});
registerEnumType(ApprovalSubjectType, {
  name: 'ApprovalSubjectType',
  description: 'What an approval request approves.',
  valuesMap: {
    POST: { description: 'A post revision: postId is set.' },
    INBOX_REPLY: { description: 'A reply to an inbox item: inboxReplyId is set.' },
  },
});

@ObjectType('ApprovalStage', { description: 'One step of an approval workflow: who decides, and how many approvals it needs.' })
export class ApprovalStageType {
  @Field({ description: `The stage's name, e.g. "Legal".` })
  name: string;

  @Field(() => [String], { description: 'Role keys whose holders (with post:approve on the post\'s brand or above) may decide this stage.' })
  approverRoles: string[];

  @Field(() => Int, { description: 'Approvals needed, each from a different person.' })
  quorum: number;

  @Field(() => Int, { nullable: true, description: 'Past this many hours the stage is escalated to approvers above the brand.' })
  slaHours: number | null;
}

@ObjectType({ description: 'An ordered list of approval stages, chosen by APPROVAL_REQUIRED policies.', implements: () => [Node] })
export class ApprovalWorkflow {
  @Field(() => ID, { description: "The workflow's id (a UUID)." })
  id: string;

  @Field({ description: "The workflow's name, unique in the organization." })
  name: string;

  @Field(() => String, { nullable: true, description: 'What the workflow is for; null when not given.' })
  description: string | null;

  @Field(() => [ApprovalStageType], { description: 'The stages, in the order they are decided.' })
  stages: ApprovalStageType[];

  @Field({ description: 'When the workflow was created.' })
  createdAt: Date;
}

export const ApprovalWorkflowConnection = ConnectionType(ApprovalWorkflow);

@ObjectType({ description: "One approver's decision on one stage of a request.", implements: () => [Node] })
export class ApprovalDecision {
  @Field(() => ID, { description: "The decision's id (a UUID)." })
  id: string;

  @Field(() => ID, { description: 'The request decided.' })
  requestId: string;

  @Field(() => Int, { description: 'Index of the stage decided (0 is the first).' })
  stage: number;

  @Field(() => ID, { description: "Who decided: a user's or an API key's id." })
  deciderId: string;

  @Field(() => ApprovalDecisionKind, { description: 'APPROVE, REJECT or REQUEST_CHANGES.' })
  decision: ApprovalDecisionKind;

  @Field(() => String, { nullable: true, description: 'What the approver wrote; null when nothing.' })
  comment: string | null;

  @Field({ description: 'When the decision was made.' })
  createdAt: Date;
}

@ObjectType({ description: 'The approval of one subject: a post revision or an inbox reply (subjectType says which).', implements: () => [Node] })
export class ApprovalRequest {
  @Field(() => ID, { description: "The request's id (a UUID)." })
  id: string;

  @Field(() => ApprovalSubjectType, { description: 'What this request approves: POST (postId is set) or INBOX_REPLY (inboxReplyId is set).' })
  subjectType: ApprovalSubjectType;

  @Field(() => ID, { nullable: true, description: 'The post whose revision this request approves; null for a reply\'s request.' })
  postId: string | null;

  @Field(() => ID, { nullable: true, description: 'The inbox reply this request approves; null for a post\'s request.' })
  inboxReplyId: string | null;

  @Field(() => ID, { description: 'The brand of the subject.' })
  brandId: string;

  @Field(() => Int, { description: 'The post revision this request approves (an edit voids it); 1 for a reply.' })
  revision: number;

  @Field(() => ApprovalRequestStatus, { description: 'OPEN while stages remain; then APPROVED, REJECTED, CHANGES_REQUESTED or VOID.' })
  status: ApprovalRequestStatus;

  @Field(() => [ApprovalStageType], { description: 'The stages as they were when the subject was submitted.' })
  stages: ApprovalStageType[];

  @Field(() => Int, { description: 'Index of the stage being decided (0 is the first).' })
  currentStage: number;

  @Field({ description: 'When the current stage started: its SLA counts from here.' })
  stageStartedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Set when the current stage passed its SLA.' })
  escalatedAt: Date | null;

  @Field(() => ID, { description: "Who submitted the subject: a user's or an API key's id. They never decide it." })
  submittedById: string;

  @Field({ description: 'When the request was opened.' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the request left OPEN; null while OPEN.' })
  closedAt: Date | null;

  workflowIds: string[];
}

export const ApprovalRequestConnection = ConnectionType(ApprovalRequest);

@ObjectType({ description: "A request entered or left the caller's approval queue (approvalQueueChanged)." })
export class QueueChange {
  @Field(() => ID, { description: 'The request.' })
  requestId: string;

  @Field(() => ApprovalSubjectType, { description: 'What the request approves.' })
  subjectType: ApprovalSubjectType;

  @Field(() => ID, { nullable: true, description: 'The post the request approves; null for a reply\'s request.' })
  postId: string | null;

  @Field(() => ID, { nullable: true, description: 'The inbox reply the request approves; null for a post\'s request.' })
  inboxReplyId: string | null;

  @Field({ description: 'True: the request entered your queue (you can decide it now). False: it left.' })
  entered: boolean;

  @Field(() => ApprovalRequestStatus, { description: "The request's status after the change." })
  status: ApprovalRequestStatus;
}
