import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType, Node } from '../../libs/core';

@ObjectType({ description: 'Who did what to which entity, when, with what change.', implements: () => [Node] })
export class AuditEvent {
  @Field(() => ID, { description: "The event's id (a UUID)." })
  id: string;

  @Field({ description: "Position in the organization's log: commit order, without gaps." })
  seq: string;

  @Field({ description: 'When the change was committed.' })
  occurredAt: Date;

  @Field({ description: 'USER, API_KEY or SYSTEM.' })
  actorType: string;

  @Field(() => ID, { description: "Who acted: a user's or an API key's id (a fixed id for SYSTEM)." })
  actorId: string;

  @Field({ description: 'e.g. brand.created, post.submitted, approval.approve.' })
  action: string;

  @Field({ description: 'The kind of entity changed: Brand, SocialProfile, Post, User, ...' })
  entityType: string;

  @Field(() => ID, { description: 'The id of the entity changed.' })
  entityId: string;

  @Field(() => ID, { nullable: true, description: 'The brand the entity belongs to; null for organization-wide entities (roles, users...).' })
  brandId: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed fields before the change (null for a creation).' })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed fields after the change (null for a deletion).' })
  after: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: "The id of the request that made the change (also in the answer's extensions and the logs); null for background work." })
  requestId: string | null;

  @Field({ description: 'SHA-256 of this event chained to the previous one.' })
  hash: string;

  @Field({ description: "The previous event's hash (the chain's link)." })
  prevHash: string;
}

export const AuditEventConnection = ConnectionType(AuditEvent);

@ObjectType({ description: 'Where the audit chain breaks.' })
export class AuditChainBreak {
  @Field({ description: 'The position (seq) of the first event that does not match.' })
  seq: string;

  @Field(() => ID, { description: "That event's id." })
  eventId: string;

  @Field({ description: 'What does not match: a missing event, the link to the previous one, or the content against its hash.' })
  reason: string;
}

@ObjectType({ description: 'The result of re-computing the hash chain of the organization\'s audit log.' })
export class AuditChainVerification {
  @Field({ description: 'True when every event matches its hash and links to the one before.' })
  ok: boolean;

  @Field(() => Int, { description: 'How many events were checked.' })
  checked: number;

  @Field(() => AuditChainBreak, { nullable: true, description: 'The first event whose hash or link does not match.' })
  firstBreak: AuditChainBreak | null;
}

@ObjectType({ description: 'A page of the change feed. Keep `cursor` and pass it as `after` next time: nothing is missed or repeated.' })
export class ChangeFeedPage {
  @Field(() => [AuditEvent], { description: 'The changes, in commit order, that the caller may read (at most `first`).' })
  events: AuditEvent[];

  @Field({ description: 'Opaque and durable; pass it as `after` to continue.' })
  cursor: string;

  @Field({ description: 'True when more changes follow: ask again with `after: cursor`.' })
  hasMore: boolean;
}

@ObjectType({ description: 'A page of the audit log as JSON Lines, one event per line.' })
export class AuditExportPage {
  @Field({ description: 'The events as JSON Lines: one JSON object per line.' })
  jsonl: string;

  @Field(() => Int, { description: 'How many events this page holds.' })
  count: number;

  @Field({ description: 'Pass as `after` for the next page.' })
  cursor: string;

  @Field({ description: 'True when more events follow in the range.' })
  hasMore: boolean;
}
