import { Args, Mutation, ObjectType, Field, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Connection, listConnection, PageArgs, RequestContext } from '../../libs/core';
import { Allow, Authenticated, Ctx, Permission } from '../../libs/auth';
import { APPROVAL_QUEUE_TOPIC, ApprovalEvents, ApprovalQueueEvent } from './approval-events';
import { ApprovalDecision, ApprovalRequest, ApprovalRequestConnection, ApprovalWorkflow, ApprovalWorkflowConnection, QueueChange } from './approval.types';
import { ApprovalDecisionsService } from './approval-decisions.service';
import { ApprovalQueueService } from './approval-queue.service';
import { inQueue } from './approval-rules';
import { ApprovalWorkflowsService } from './approval-workflows.service';
import { ApprovalQueueArgs, CreateApprovalWorkflowInput, DecideApprovalInput } from './dto/approval.inputs';

@ObjectType({ description: 'The result of decideApproval: the request after the decision, and the decision.' })
export class DecideApprovalPayload {
  @Field(() => ApprovalRequest, { description: 'The request after the decision (its stage or status moved on when it closed a stage).' })
  request: ApprovalRequest;

  @Field(() => ApprovalDecision, { description: 'The decision recorded.' })
  decision: ApprovalDecision;
}

const queued = (ctx: RequestContext, event: ApprovalQueueEvent, which: 'before' | 'after') => {
  const principal = ctx.requirePrincipal;
  return inQueue(principal.id, principal.grants, { id: event.brandId, ancestorIds: event.brandAncestorIds }, event.authorId, event[which]);
};

@Resolver(() => ApprovalRequest)
export class ApprovalsResolver {
  constructor(
    private readonly workflows: ApprovalWorkflowsService,
    private readonly deciding: ApprovalDecisionsService,
    private readonly reads: ApprovalQueueService,
    private readonly events: ApprovalEvents,
  ) {}

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => ApprovalWorkflow, { description: 'A named, ordered list of approval stages for APPROVAL_REQUIRED policies to choose. Needs `policy:manage`.' })
  createApprovalWorkflow(@Ctx() ctx: RequestContext, @Args('input', { description: 'The name and stages.' }) input: CreateApprovalWorkflowInput): Promise<ApprovalWorkflow> {
    return this.workflows.createWorkflow(ctx, input);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => [ApprovalWorkflow], { description: 'The organization\'s approval workflows. Needs `brand:read`.', deprecationReason: 'Use approvalWorkflowsConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  approvalWorkflows(@Ctx() ctx: RequestContext): Promise<ApprovalWorkflow[]> {
    return this.workflows.workflows(ctx);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => ApprovalWorkflowConnection, {
    description: 'The organization\'s approval workflows, in the order approvalWorkflows lists them, a page at a time. Needs brand:read somewhere (FORBIDDEN otherwise).',
  })
  async approvalWorkflowsConnection(@Ctx() ctx: RequestContext, @Args() page: PageArgs): Promise<Connection<ApprovalWorkflow>> {
    return listConnection(await this.workflows.workflows(ctx), page, (workflow) => workflow.id);
  }

  @Allow(Permission.POST_APPROVE)
  @Mutation(() => DecideApprovalPayload, {
    description: 'Approve, reject or request changes on the current stage. The author never decides; a person counts once per stage; a lost race is CONFLICT. Needs `post:approve`.',
  })
  decideApproval(@Ctx() ctx: RequestContext, @Args('input', { description: 'The request, the decision and an optional comment.' }) input: DecideApprovalInput): Promise<DecideApprovalPayload> {
    return this.deciding.decide(ctx, input);
  }

  @Allow(Permission.POST_APPROVE)
  @Query(() => ApprovalRequestConnection, { description: 'The requests the caller can decide now (posts and inbox replies; subjectType narrows), oldest first. Needs `post:approve`.' })
  approvalQueue(@Ctx() ctx: RequestContext, @Args() args: ApprovalQueueArgs): Promise<Connection<ApprovalRequest>> {
    return this.reads.queue(ctx, args);
  }

  @Authenticated()
  @Subscription(() => QueueChange, {
    description: 'Tells the caller when a request enters or leaves their approval queue (connect over graphql-ws with { authorization: "Bearer ..." }). Any authenticated caller.',
    filter(this: ApprovalsResolver, event: ApprovalQueueEvent, _args: unknown, context: { requestContext: RequestContext }) {
      const ctx = context.requestContext;
      return event.organizationId === ctx.organizationId && queued(ctx, event, 'before') !== queued(ctx, event, 'after');
    },
    resolve(this: ApprovalsResolver, event: ApprovalQueueEvent, _args: unknown, context: { requestContext: RequestContext }): QueueChange {
      return {
        requestId: event.requestId,
        subjectType: event.subjectType,
        postId: event.postId,
        inboxReplyId: event.inboxReplyId,
        entered: queued(context.requestContext, event, 'after'),
        status: event.after.status,
      };
    },
  })
  approvalQueueChanged() {
    return this.events.pubsub.asyncIterableIterator(APPROVAL_QUEUE_TOPIC);
  }

  @ResolveField(() => [ApprovalDecision], { description: 'Every decision made on the request, oldest first.' })
  decisions(@Ctx() ctx: RequestContext, @Parent() request: ApprovalRequest): Promise<ApprovalDecision[]> {
    return this.reads.decisions(ctx, request.id);
  }
}
