import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { RoleAssignmentsService } from '../access';
import { ApprovalNodeReader } from '../approvals';
import { AuditLogService } from '../audit';
import { BrandReader } from '../brands';
import { ApiKeysService, UsersService } from '../identity';
import { InboxNodeReader, InboxReader } from '../inbox';
import { PolicyNodeReader } from '../policies';
import { PostsService } from '../posts';
import { SocialProfilesService } from '../profiles';
import { PublicationsReader } from '../publishing';
import { WebhookDeliveriesService, WebhookEndpointsService } from '../webhooks';

/**
 * A type `node(id)` can answer: the table its ids live in, and its typed read. The read is the
 * one behind the type's own query (`brand(id)`, `post(id)`...) or, for a type reached through
 * another (a note through its item, a decision through its request), the read by id with that
 * parent's access rules, so `node` answers exactly what the schema already shows the caller.
 * Each read is batched per request (a loader), so `nodes` reads each type in one statement
 * however many ids it names.
 */
export interface NodeSource {
  /** The GraphQL object type, which implements Node. */
  type: string;
  table: string;
  /** The column holding the tenant: `organization_id`, or `id` for the organizations table itself. */
  tenantColumn?: string;
  /** The typed read: the object, or NOT_FOUND/FORBIDDEN when it is out of the caller's reach. */
  read(ctx: RequestContext, id: string): Promise<object>;
}

/**
 * Every type that implements Node, with its table and read. A registry of the features' reads,
 * not a service: it injects one reader per feature and holds no logic of its own.
 */
@Injectable()
export class NodeSources {
  readonly all: readonly NodeSource[];

  constructor(
    brands: BrandReader, posts: PostsService, users: UsersService, apiKeys: ApiKeysService, assignments: RoleAssignmentsService, profiles: SocialProfilesService,
    inbox: InboxReader, inboxNodes: InboxNodeReader, endpoints: WebhookEndpointsService, deliveries: WebhookDeliveriesService, approvals: ApprovalNodeReader,
    audit: AuditLogService, policies: PolicyNodeReader, publications: PublicationsReader,
  ) {
    this.all = [
      // Only the caller's own organization is ever found (the lookup asks for it alone); `viewer.organization`'s read.
      { type: 'Organization', table: 'organizations', tenantColumn: 'id', read: (ctx) => users.organization(ctx) },
      // The brand's read of `brands`/`brand(id)` minus the console's read-ahead (which needs the query's selection).
      { type: 'Brand', table: 'brands', read: (ctx, id) => brands.findById(ctx, id) },
      { type: 'Policy', table: 'policies', read: (ctx, id) => policies.find(ctx, id) },
      { type: 'SocialProfile', table: 'social_profiles', read: (ctx, id) => profiles.findById(ctx, id) },
      { type: 'User', table: 'users', read: (ctx, id) => users.find(ctx, id) },
      { type: 'ApiKey', table: 'api_keys', read: (ctx, id) => apiKeys.find(ctx, id) },
      { type: 'RoleAssignment', table: 'role_assignments', read: (ctx, id) => assignments.find(ctx, id) },
      { type: 'Post', table: 'posts', read: (ctx, id) => posts.find(ctx, id) },
      { type: 'PostPublication', table: 'post_publications', read: (ctx, id) => publications.find(ctx, id) },
      { type: 'ApprovalWorkflow', table: 'approval_workflows', read: (ctx, id) => approvals.workflow(ctx, id) },
      { type: 'ApprovalRequest', table: 'approval_requests', read: (ctx, id) => approvals.request(ctx, id) },
      { type: 'ApprovalDecision', table: 'approval_decisions', read: (ctx, id) => approvals.decision(ctx, id) },
      { type: 'InboxItem', table: 'inbox_items', read: (ctx, id) => inbox.find(ctx, id) },
      { type: 'Contact', table: 'contacts', read: (ctx, id) => inbox.contact(ctx, id) },
      { type: 'InboxConversation', table: 'inbox_conversations', read: (ctx, id) => inboxNodes.conversation(ctx, id) },
      { type: 'InboxReply', table: 'inbox_replies', read: (ctx, id) => inboxNodes.reply(ctx, id) },
      { type: 'InboxNote', table: 'inbox_notes', read: (ctx, id) => inboxNodes.note(ctx, id) },
      { type: 'ModerationRule', table: 'moderation_rules', read: (ctx, id) => inboxNodes.moderationRule(ctx, id) },
      { type: 'SavedReply', table: 'saved_replies', read: (ctx, id) => inboxNodes.savedReply(ctx, id) },
      { type: 'AuditEvent', table: 'audit_events', read: (ctx, id) => audit.find(ctx, id) },
      { type: 'WebhookEndpoint', table: 'webhook_endpoints', read: (ctx, id) => endpoints.find(ctx, id) },
      { type: 'WebhookDelivery', table: 'webhook_deliveries', read: (ctx, id) => deliveries.find(ctx, id) },
    ];
  }
}
