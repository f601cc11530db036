import { Args, Field, Mutation, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { NotFoundError, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Post, PostsService } from '../posts';
import { PromoteToPostArgs } from './dto/promote.inputs';
import { InboxPromotionService, Promotion } from './inbox-promotion.service';
import { InboxItem } from './inbox.types';

@ObjectType({ description: 'What promoteToPost did: the item, now linked to its customer story, and the drafted post.' })
export class PromoteToPostResult {
  @Field(() => InboxItem, { description: 'The item, with promotedPostId set.' })
  item: InboxItem;

  @Field(() => Post, { description: 'The CUSTOMER_STORY draft, with the item as its source.' })
  post: Post;
}

@Resolver(() => InboxItem)
export class InboxPromotionResolver {
  constructor(
    private readonly promotions: InboxPromotionService,
    private readonly posts: PostsService,
  ) {}

  @Allow(Permission.POST_CREATE)
  @Mutation(() => PromoteToPostResult, {
    description:
      "Drafts a CUSTOMER_STORY post on the item's brand with the item as its third-party source (its permalink and author), so SOURCE_VERIFICATION applies on submit. " +
      'Needs post:create on the brand; an item out of sight is NOT_FOUND; an item already promoted is CONFLICT (extensions.postId); ' +
      'one without a permalink, a direct message, or a HIDDEN or SPAM item is BAD_USER_INPUT.',
  })
  promoteToPost(@Ctx() ctx: RequestContext, @Args() { itemId, input }: PromoteToPostArgs): Promise<Promotion> {
    return this.promotions.promote(ctx, itemId, input ?? {});
  }

  @ResolveField(() => Post, { nullable: true, description: 'The customer-story post drafted from it (promoteToPost); null when none, or when the caller may not read it.' })
  async promotedPost(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<Post | null> {
    if (!item.promotedPostId) return null;
    try {
      return await this.posts.find(ctx, item.promotedPostId);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
