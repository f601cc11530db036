import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PolicyViolation } from '../policies';
import { InboxReply } from './conversation.types';
import { InboxItem } from './inbox.types';

@ObjectType({ description: 'What replyToInboxItem and retryInboxReply did: the reply (SENT, FAILED or PENDING_APPROVAL), the item as it now stands, and WARN violations.' })
export class ReplyResult {
  @Field(() => InboxReply, { description: 'The reply as it now stands.' })
  reply: InboxReply;

  @Field(() => InboxItem, { description: 'The item answered, as it now stands (WAITING with firstResponseAt once a first reply went out).' })
  item: InboxItem;

  @Field(() => ID, { nullable: true, description: 'The approval request opened for the reply (PENDING_APPROVAL); null when none was.' })
  approvalRequestId: string | null;

  @Field(() => [PolicyViolation], { description: 'Violations of WARN policies: the reply went through, but look at these.' })
  warnings: PolicyViolation[];
}

@ObjectType({ description: 'An APPROVAL_REQUIRED policy that routes a reply to a workflow.' })
export class ReplyApprovalRoute {
  @Field(() => ID, { description: 'The APPROVAL_REQUIRED policy.' })
  policyId: string;

  @Field(() => ID, { description: 'The brand the policy is set on.' })
  brandId: string;

  @Field(() => ID, { description: 'The workflow the reply would go through.' })
  workflowId: string;
}

@ObjectType({ description: 'The dry run of a reply (replyCheck): what the policies say and whether it would wait for approval. Nothing is stored.' })
export class ReplyCheck {
  @Field(() => [PolicyViolation], { description: 'Violations of BLOCK policies: replyToInboxItem would be refused with POLICY_VIOLATION.' })
  violations: PolicyViolation[];

  @Field(() => [PolicyViolation], { description: 'Violations of WARN policies: the reply would go through with these warnings.' })
  warnings: PolicyViolation[];

  @Field({ description: 'True when the reply would wait for approval (PENDING_APPROVAL) instead of going out at once.' })
  approvalRequired: boolean;

  @Field(() => [ReplyApprovalRoute], { description: 'The workflows it would go through, in policy order; empty when no approval is required.' })
  workflows: ReplyApprovalRoute[];
}
