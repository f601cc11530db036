import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, listConnection, NotFoundError, PageArgs, RequestContext } from '../../libs/core';
import { Ctx } from '../../libs/auth';
import { Brand, BrandReader } from '../brands';
import { User, UsersService } from '../identity';
import { Post, PostsService } from '../posts';
import { SocialProfile, SocialProfilesService } from '../profiles';
import { Contact } from './contact.types';
import { InboxConversation, InboxMessage, InboxMessageConnection, InboxNote, InboxNoteConnection, InboxReply, InboxReplyConnection } from './conversation.types';
import { InboxReader } from './inbox-reader.service';
import { InboxItem } from './inbox.types';

/** null where the related entity is out of the caller's sight (an assignee a member may not see). */
async function orNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** The relations of an item, each read through a per-request loader: a page of N items costs what a page of 1 does. */
@Resolver(() => InboxItem)
export class InboxItemFieldsResolver {
  constructor(
    private readonly reader: InboxReader,
    private readonly brands: BrandReader,
    private readonly profiles: SocialProfilesService,
    private readonly posts: PostsService,
    private readonly users: UsersService,
  ) {}

  @ResolveField(() => Brand, { description: "The brand the item belongs to (its profile's brand)." })
  brand(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<Brand> {
    return this.brands.findById(ctx, item.brandId);
  }

  @ResolveField(() => SocialProfile, { description: 'The profile the item came in on.' })
  profile(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<SocialProfile> {
    return this.profiles.findById(ctx, item.profileId);
  }

  @ResolveField(() => Contact, { description: 'Who wrote it.' })
  author(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<Contact> {
    return this.reader.author(ctx, item.contactId);
  }

  @ResolveField(() => Post, { nullable: true, description: 'The post it answers.' })
  post(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<Post | null> {
    return item.postId ? orNull(this.posts.find(ctx, item.postId)) : Promise.resolve(null);
  }

  @ResolveField(() => User, { nullable: true, description: 'The agent who holds it (null when nobody does, or when the caller may not see members).' })
  assignee(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<User | null> {
    return item.assigneeId ? orNull(this.users.find(ctx, item.assigneeId)) : Promise.resolve(null);
  }

  @ResolveField(() => InboxConversation, { description: 'The thread it belongs to.' })
  conversation(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<InboxConversation> {
    return this.reader.conversation(ctx, item.conversationId);
  }

  @ResolveField(() => [InboxReply], { description: 'The replies to it, oldest first.', deprecationReason: 'Use repliesConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  replies(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<InboxReply[]> {
    return this.reader.replies(ctx, item.id);
  }

  @ResolveField(() => InboxReplyConnection, { description: 'The replies to it, oldest first, a page at a time (read for every item of the answer in one statement).' })
  async repliesConnection(@Ctx() ctx: RequestContext, @Parent() item: InboxItem, @Args() page: PageArgs): Promise<Connection<InboxReply>> {
    return listConnection(await this.reader.replies(ctx, item.id), page, (reply) => reply.id);
  }

  @ResolveField(() => [InboxNote], { description: 'Internal notes on it, oldest first.', deprecationReason: 'Use notesConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  notes(@Ctx() ctx: RequestContext, @Parent() item: InboxItem): Promise<InboxNote[]> {
    return this.reader.notes(ctx, item.id);
  }

  @ResolveField(() => InboxNoteConnection, { description: 'Internal notes on it, oldest first, a page at a time (read for every item of the answer in one statement).' })
  async notesConnection(@Ctx() ctx: RequestContext, @Parent() item: InboxItem, @Args() page: PageArgs): Promise<Connection<InboxNote>> {
    return listConnection(await this.reader.notes(ctx, item.id), page, (note) => note.id);
  }
}

/** A conversation's messages and contact; it is reached only through an item the caller may read. */
@Resolver(() => InboxConversation)
export class InboxConversationResolver {
  constructor(private readonly reader: InboxReader) {}

  @ResolveField(() => InboxMessageConnection, { description: 'Its messages both ways (items in, replies out), oldest first.' })
  messages(@Ctx() ctx: RequestContext, @Parent() conversation: InboxConversation, @Args() page: PageArgs): Promise<Connection<InboxMessage>> {
    return this.reader.messages(ctx, conversation.id, page);
  }

  @ResolveField(() => Contact, { description: 'The contact who opened it.' })
  contact(@Ctx() ctx: RequestContext, @Parent() conversation: InboxConversation): Promise<Contact> {
    return this.reader.author(ctx, conversation.contactId);
  }
}
