import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { BrandReader } from '../brands';
import { UsersService } from '../identity';
import { InboxReader } from '../inbox';
import { PostsService } from '../posts';
import { SocialProfilesService } from '../profiles';
import { WebhookEndpointsService } from '../webhooks';

/**
 * A type `node(id)` can answer: the table its ids live in, and its typed read. The read is the
 * one behind the type's own query (`brand(id)`, `post(id)`...), so `node` answers exactly what
 * that query would, and each read is batched per request (a loader), so `nodes` reads each
 * type in one statement however many ids it names.
 */
export interface NodeSource {
  /** The GraphQL object type, which implements Node. */
  type: string;
  table: string;
  /** The typed read: the object, or NOT_FOUND/FORBIDDEN when it is out of the caller's reach. */
  read(ctx: RequestContext, id: string): Promise<object>;
}

/** Every type that implements Node, with its table and read. */
@Injectable()
export class NodeSources {
  readonly all: readonly NodeSource[];

  constructor(brands: BrandReader, posts: PostsService, users: UsersService, profiles: SocialProfilesService, inbox: InboxReader, endpoints: WebhookEndpointsService) {
    this.all = [
      // The brand's read of `brands`/`brand(id)` minus the console's read-ahead (which needs the query's selection).
      { type: 'Brand', table: 'brands', read: (ctx, id) => brands.findById(ctx, id) },
      { type: 'Post', table: 'posts', read: (ctx, id) => posts.find(ctx, id) },
      { type: 'User', table: 'users', read: (ctx, id) => users.find(ctx, id) },
      { type: 'SocialProfile', table: 'social_profiles', read: (ctx, id) => profiles.findById(ctx, id) },
      { type: 'InboxItem', table: 'inbox_items', read: (ctx, id) => inbox.find(ctx, id) },
      { type: 'Contact', table: 'contacts', read: (ctx, id) => inbox.contact(ctx, id) },
      { type: 'WebhookEndpoint', table: 'webhook_endpoints', read: (ctx, id) => endpoints.find(ctx, id) },
    ];
  }
}
