import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../../libs/core';
import { ApprovalDecisionKind, ApprovalRequestStatus, ApprovalSubjectType } from './approval.entities';

registerEnumType(ApprovalRequestStatus, { name: 'ApprovalRequestStatus' });
registerEnumType(ApprovalDecisionKind, { name: 'ApprovalDecisionKind' });
registerEnumType(ApprovalSubjectType, {
  name: 'ApprovalSubjectType',
  description: 'What an approval request approves.',
  valuesMap: {
    POST: { description: 'A post revision: postId is set.' },
    INBOX_REPLY: { description: 'A reply to an inbox item: inboxReplyId is set.' },
  },
});

@ObjectType('ApprovalStage')
export class ApprovalStageType {
  @Field()
  name: string;

  @Field(() => [String], { description: 'Role keys whose holders (with post:approve on the post\'s brand or above) may decide this stage.' })
  approverRoles: string[];

  @Field(() => Int, { description: 'Approvals needed, each from a different person.' })
  quorum: number;

  @Field(() => Int, { nullable: true, description: 'Past this many hours the stage is escalated to approvers above the brand.' })
  slaHours: number | null;
}

@ObjectType({ description: 'An ordered list of approval stages, chosen by APPROVAL_REQUIRED policies.' })
export class ApprovalWorkflow {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [ApprovalStageType])
  stages: ApprovalStageType[];

  @Field()
  createdAt: Date;
}

export const ApprovalWorkflowConnection = ConnectionType(ApprovalWorkflow);

@ObjectType()
export class ApprovalDecision {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  requestId: string;

  @Field(() => Int, { description: 'Index of the stage decided (0 is the first).' })
  stage: number;

  @Field(() => ID)
  deciderId: string;

  @Field(() => ApprovalDecisionKind)
  decision: ApprovalDecisionKind;

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'The approval of one subject: a post revision or an inbox reply (subjectType says which).' })
export class ApprovalRequest {
  @Field(() => ID)
  id: string;

  @Field(() => ApprovalSubjectType, { description: 'What this request approves: POST (postId is set) or INBOX_REPLY (inboxReplyId is set).' })
  subjectType: ApprovalSubjectType;

  @Field(() => ID, { nullable: true, description: 'The post whose revision this request approves; null for a reply\'s request.' })
  postId: string | null;

  @Field(() => ID, { nullable: true, description: 'The inbox reply this request approves; null for a post\'s request.' })
  inboxReplyId: string | null;

  @Field(() => ID)
  brandId: string;

  @Field(() => Int, { description: 'The post revision this request approves (an edit voids it); 1 for a reply.' })
  revision: number;

  @Field(() => ApprovalRequestStatus)
  status: ApprovalRequestStatus;

  @Field(() => [ApprovalStageType], { description: 'The stages as they were when the subject was submitted.' })
  stages: ApprovalStageType[];

  @Field(() => Int)
  currentStage: number;

  @Field()
  stageStartedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Set when the current stage passed its SLA.' })
  escalatedAt: Date | null;

  @Field(() => ID)
  submittedById: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  workflowIds: string[];
}

export const ApprovalRequestConnection = ConnectionType(ApprovalRequest);

@ObjectType()
export class QueueChange {
  @Field(() => ID)
  requestId: string;

  @Field(() => ApprovalSubjectType, { description: 'What the request approves.' })
  subjectType: ApprovalSubjectType;

  @Field(() => ID, { nullable: true, description: 'The post the request approves; null for a reply\'s request.' })
  postId: string | null;

  @Field(() => ID, { nullable: true, description: 'The inbox reply the request approves; null for a post\'s request.' })
  inboxReplyId: string | null;

  @Field({ description: 'True: the request entered your queue (you can decide it now). False: it left.' })
  entered: boolean;

  @Field(() => ApprovalRequestStatus)
  status: ApprovalRequestStatus;
}
