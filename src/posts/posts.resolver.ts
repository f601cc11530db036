import { Args, Field, ID, Mutation, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, ConnectionType, listConnection, PageArgs, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { ApprovalQueueService, ApprovalRequest } from '../approvals';
import { Brand, BrandReader } from '../brands';
import { PolicyViolation } from '../policies';
import { SocialProfile, SocialProfilesService } from '../profiles';
import { PostPublication, PostPublicationConnection, PublicationsReader } from '../publishing';
import { CalendarArgs, CalendarPageArgs, CreatePostInput, PostIdArgs, PostsArgs, SchedulePostArgs, UpdatePostInput } from './dto/post.inputs';
import { PostLifecycleService } from './post-lifecycle.service';
import { Post, PostActionPayload, PostConnection, PostRevision, PostRevisionConnection } from './post.types';
import { PostsService } from './posts.service';

@ObjectType({ description: 'One profile\'s scheduled and published posts in the asked range.' })
export class CalendarEntry {
  @Field(() => ID, { description: "The profile's id." })
  profileId: string;

  @Field(() => [Post], { description: 'Its posts in the range, by publication (or scheduled) time; at most 5,000 over all profiles.', deprecationReason: 'Use postsConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  posts: Post[];
}

export const CalendarEntryConnection = ConnectionType(CalendarEntry);

@Resolver(() => Post)
export class PostsResolver {
  constructor(
    private readonly postsService: PostsService,
    private readonly lifecycle: PostLifecycleService,
    private readonly approvals: ApprovalQueueService,
    private readonly brands: BrandReader,
    private readonly profilesService: SocialProfilesService,
    private readonly publicationsReader: PublicationsReader,
  ) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => Post, { description: 'A post; NOT_FOUND when it is not in a brand the caller may read. Needs `brand:read`.' })
  post(@Ctx() ctx: RequestContext, @Args() { id }: PostIdArgs): Promise<Post> {
    return this.postsService.find(ctx, id);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => PostConnection, { description: 'Posts of the brands the caller may read, newest first. Needs `brand:read`.' })
  posts(@Ctx() ctx: RequestContext, @Args() args: PostsArgs): Promise<Connection<Post>> {
    return this.postsService.list(ctx, args);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => [CalendarEntry], {
    description: 'The content calendar: posts scheduled or published between two dates (at most 92 days, else BAD_USER_INPUT on `to`), per profile, across a brand\'s subtree. Needs `brand:read`.',
    deprecationReason: 'Use contentCalendarConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).',
  })
  contentCalendar(@Ctx() ctx: RequestContext, @Args() args: CalendarArgs): Promise<CalendarEntry[]> {
    return this.postsService.calendar(ctx, args);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => CalendarEntryConnection, {
    description:
      'The content calendar a page of profiles at a time: per profile, its posts scheduled or published between two dates (at most 92 days; BAD_USER_INPUT beyond), across a brand\'s subtree (NOT_FOUND when the brand is out of reach). Each entry pages its posts with postsConnection. Needs `brand:read`.',
  })
  async contentCalendarConnection(@Ctx() ctx: RequestContext, @Args() args: CalendarPageArgs): Promise<Connection<CalendarEntry>> {
    return listConnection(await this.postsService.calendar(ctx, args), args, (entry) => entry.profileId);
  }

  @Allow(Permission.POST_CREATE)
  @Mutation(() => Post, { description: 'Drafts a post for some of the brand\'s own profiles. Needs `post:create`.' })
  createPost(@Ctx() ctx: RequestContext, @Args('input', { description: 'The brand, profiles and content.' }) input: CreatePostInput): Promise<Post> {
    return this.postsService.create(ctx, input);
  }

  @Allow(Permission.POST_CREATE)
  @Mutation(() => Post, { description: 'Saves a new revision. An edit after submission voids the approval: the post returns to DRAFT. Needs `post:create`.' })
  updatePost(@Ctx() ctx: RequestContext, @Args('input', { description: 'The post and what changes.' }) input: UpdatePostInput): Promise<Post> {
    return this.postsService.update(ctx, input);
  }

  @Allow(Permission.POST_CREATE)
  @Mutation(() => PostActionPayload, { description: 'POLICY_VIOLATION when a BLOCK policy is broken; otherwise IN_REVIEW (approval required) or APPROVED. Needs `post:create`.' })
  submitPost(@Ctx() ctx: RequestContext, @Args() { id }: PostIdArgs): Promise<PostActionPayload> {
    return this.lifecycle.submit(ctx, id);
  }

  @Allow(Permission.POST_SCHEDULE)
  @Mutation(() => PostActionPayload, { description: 'Schedules an APPROVED post at least a minute ahead; the scheduler publishes it when due. POLICY_VIOLATION when a BLOCK policy is broken. Needs `post:schedule`.' })
  schedulePost(@Ctx() ctx: RequestContext, @Args() { id, at }: SchedulePostArgs): Promise<PostActionPayload> {
    return this.lifecycle.schedule(ctx, id, at);
  }

  @Allow(Permission.POST_PUBLISH)
  @Mutation(() => PostActionPayload, { description: 'Publishes an APPROVED or SCHEDULED post now. A connector failure is recorded on the post with a retry. Needs `post:publish`.' })
  publishPost(@Ctx() ctx: RequestContext, @Args() { id }: PostIdArgs): Promise<PostActionPayload> {
    return this.lifecycle.publish(ctx, id);
  }

  @Allow(Permission.POST_CREATE)
  @Mutation(() => Post, { description: 'Archives a post in any status but ARCHIVED (BAD_USER_INPUT then), voiding its open approval request; it is no longer published. Needs `post:create`.' })
  archivePost(@Ctx() ctx: RequestContext, @Args() { id }: PostIdArgs): Promise<Post> {
    return this.postsService.archive(ctx, id);
  }

  @ResolveField(() => Brand, { description: 'The brand the post belongs to.' })
  brand(@Ctx() ctx: RequestContext, @Parent() post: Post): Promise<Brand> {
    return this.brands.findById(ctx, post.brandId);
  }

  @ResolveField(() => [SocialProfile], { description: 'The social profiles the post goes to.' })
  profiles(@Ctx() ctx: RequestContext, @Parent() post: Post): Promise<SocialProfile[]> {
    return Promise.all(post.profileIds.map((id) => this.profilesService.findById(ctx, id)));
  }

  @ResolveField(() => [PostRevision], { description: 'Every revision, oldest first.', deprecationReason: 'Use revisionsConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  revisions(@Ctx() ctx: RequestContext, @Parent() post: Post): Promise<PostRevision[]> {
    return this.postsService.revisions(ctx, post.id);
  }

  @ResolveField(() => PostRevisionConnection, { description: 'The post\'s revisions, oldest first, a page at a time (read for every post of the answer in one statement).' })
  async revisionsConnection(@Ctx() ctx: RequestContext, @Parent() post: Post, @Args() page: PageArgs): Promise<Connection<PostRevision>> {
    return listConnection(await this.postsService.revisions(ctx, post.id), page, (revision) => String(revision.number));
  }

  @ResolveField(() => [PolicyViolation], { description: 'What the policies say about the post as it stands (a dry run; BLOCK ones would stop submit, schedule and publish).' })
  policyCheck(@Ctx() ctx: RequestContext, @Parent() post: Post): Promise<PolicyViolation[]> {
    return this.lifecycle.check(ctx, post);
  }

  @ResolveField(() => ApprovalRequest, { nullable: true, description: 'The latest approval request of the post.' })
  approvalRequest(@Ctx() ctx: RequestContext, @Parent() post: Post): Promise<ApprovalRequest | null> {
    return this.approvals.latestFor(ctx, post.id);
  }

  @ResolveField(() => [PostPublication], { description: 'What the connectors were asked to send.', deprecationReason: 'Use publicationsConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  publications(@Ctx() ctx: RequestContext, @Parent() post: Post): Promise<PostPublication[]> {
    return this.publicationsReader.forPost(ctx, post.id);
  }

  @ResolveField(() => PostPublicationConnection, {
    description: 'What the connectors were asked to send (one per profile and publish attempt), a page at a time (read for every post of the answer in one statement).',
  })
  async publicationsConnection(@Ctx() ctx: RequestContext, @Parent() post: Post, @Args() page: PageArgs): Promise<Connection<PostPublication>> {
    return listConnection(await this.publicationsReader.forPost(ctx, post.id), page, (publication) => publication.id);
  }
}

@Resolver(() => CalendarEntry)
export class CalendarEntryResolver {
  constructor(private readonly profiles: SocialProfilesService) {}

  @ResolveField(() => SocialProfile, { description: 'The profile.' })
  profile(@Ctx() ctx: RequestContext, @Parent() entry: CalendarEntry): Promise<SocialProfile> {
    return this.profiles.findById(ctx, entry.profileId);
  }

  @ResolveField(() => PostConnection, { description: 'The profile\'s posts in the asked range, in calendar order, a page at a time.' })
  postsConnection(@Parent() entry: CalendarEntry, @Args() page: PageArgs): Connection<Post> {
    return listConnection(entry.posts, page, (post) => post.id);
  }
}
