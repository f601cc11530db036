import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { InboxReplyIdArgs, ReplyCheckArgs, ReplyToInboxItemInput } from './dto/reply.inputs';
import { InboxRepliesService } from './inbox-replies.service';
import { ReplyCheck, ReplyResult } from './reply.types';

@Resolver()
export class InboxRepliesResolver {
  constructor(private readonly replies: InboxRepliesService) {}

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => ReplyResult, {
    description:
      'Answers an inbox item through its profile\'s connector (inbox:respond on its brand). POLICY_VIOLATION when a BLOCK policy is broken (nothing saved); ' +
      'PENDING_APPROVAL when an APPROVAL_REQUIRED policy governs the reply; FAILED when the connector refused it (retryInboxReply). ' +
      'BAD_USER_INPUT for a CLOSED, HIDDEN or SPAM item; CONFLICT (extensions.assigneeId) when another agent holds the item.',
  })
  replyToInboxItem(@Ctx() ctx: RequestContext, @Args('input', { description: 'The reply.' }) input: ReplyToInboxItemInput): Promise<ReplyResult> {
    return this.replies.reply(ctx, input);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Mutation(() => ReplyResult, {
    description: 'Sends a FAILED reply again, with the same idempotency key (a send whose answer was lost is not repeated). BAD_USER_INPUT for a reply in any other status. Needs `inbox:respond`.',
  })
  retryInboxReply(@Ctx() ctx: RequestContext, @Args() { id }: InboxReplyIdArgs): Promise<ReplyResult> {
    return this.replies.retry(ctx, id);
  }

  @Allow(Permission.INBOX_RESPOND)
  @Query(() => ReplyCheck, { description: 'The dry run of a reply to an item (inbox:respond on its brand): violations, warnings, and whether it would need approval. Writes nothing.' })
  replyCheck(@Ctx() ctx: RequestContext, @Args() args: ReplyCheckArgs): Promise<ReplyCheck> {
    return this.replies.check(ctx, args.itemId, args.body, args.tags ?? []);
  }
}
