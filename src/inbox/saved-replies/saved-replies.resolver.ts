import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Connection, listConnection, RequestContext } from '../../../libs/core';
import { Allow, Ctx, Permission } from '../../../libs/auth';
import { SavedRepliesService } from './saved-replies.service';
import { SavedRepliesArgs, SavedRepliesPageArgs, SavedReply, SavedReplyConnection, SetSavedReplyInput } from './saved-reply.types';
import { SavedReplyIdArgs } from './saved-reply-id.args';

@Resolver(() => SavedReply)
export class SavedRepliesResolver {
  constructor(private readonly service: SavedRepliesService) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => [SavedReply], { description: 'The saved replies in force on a brand (its own and inherited), by name, each with inheritedFrom. Needs `brand:read`.', deprecationReason: 'Use savedRepliesConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  savedReplies(@Ctx() ctx: RequestContext, @Args() { brandId }: SavedRepliesArgs): Promise<SavedReply[]> {
    return this.service.effective(ctx, brandId);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => SavedReplyConnection, {
    description: 'The saved replies in force on a brand (its own and inherited), by name, each with inheritedFrom, a page at a time. NOT_FOUND when the brand is out of reach. Needs `brand:read`.',
  })
  async savedRepliesConnection(@Ctx() ctx: RequestContext, @Args() args: SavedRepliesPageArgs): Promise<Connection<SavedReply>> {
    return listConnection(await this.service.effective(ctx, args.brandId), args, (reply) => reply.id);
  }

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => SavedReply, {
    description: 'Sets a saved reply on a brand (policy:manage there); one of the same name on the brand is replaced. FORBIDDEN when an ancestor locked the name.',
  })
  setSavedReply(@Ctx() ctx: RequestContext, @Args('input', { description: 'The saved reply.' }) input: SetSavedReplyInput): Promise<SavedReply> {
    return this.service.set(ctx, input);
  }

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => SavedReply, { description: 'Removes a saved reply (policy:manage on its brand); answers it as it was.' })
  removeSavedReply(@Ctx() ctx: RequestContext, @Args() { id }: SavedReplyIdArgs): Promise<SavedReply> {
    return this.service.remove(ctx, id);
  }
}
