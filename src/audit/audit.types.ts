import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../libs/core';

@ObjectType({ description: 'Who did what to which entity, when, with what change.' })
export class AuditEvent {
  @Field(() => ID)
  id: string;

  @Field({ description: "Position in the organization's log: commit order, without gaps." })
  seq: string;

  @Field()
  occurredAt: Date;

  @Field({ description: 'USER, API_KEY or SYSTEM.' })
  actorType: string;

  @Field(() => ID)
  actorId: string;

  @Field({ description: 'e.g. brand.created, post.submitted, approval.approve.' })
  action: string;

  @Field()
  entityType: string;

  @Field(() => ID)
  entityId: string;

  @Field(() => ID, { nullable: true })
  brandId: string | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed fields before the change (null for a creation).' })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: 'The changed fields after the change (null for a deletion).' })
  after: Record<string, unknown> | null;

  @Field(() => String, { nullable: true })
  requestId: string | null;

  @Field({ description: 'SHA-256 of this event chained to the previous one.' })
  hash: string;

  @Field()
  prevHash: string;
}

export const AuditEventConnection = ConnectionType(AuditEvent);

@ObjectType()
export class AuditChainBreak {
  @Field()
  seq: string;

  @Field(() => ID)
  eventId: string;

  @Field()
  reason: string;
}

@ObjectType({ description: 'The result of re-computing the hash chain of the organization\'s audit log.' })
export class AuditChainVerification {
  @Field()
  ok: boolean;

  @Field(() => Int)
  checked: number;

  @Field(() => AuditChainBreak, { nullable: true, description: 'The first event whose hash or link does not match.' })
  firstBreak: AuditChainBreak | null;
}

@ObjectType({ description: 'A page of the change feed. Keep `cursor` and pass it as `after` next time: nothing is missed or repeated.' })
export class ChangeFeedPage {
  @Field(() => [AuditEvent])
  events: AuditEvent[];

  @Field({ description: 'Opaque and durable; pass it as `after` to continue.' })
  cursor: string;

  @Field()
  hasMore: boolean;
}

@ObjectType({ description: 'A page of the audit log as JSON Lines, one event per line.' })
export class AuditExportPage {
  @Field()
  jsonl: string;

  @Field(() => Int)
  count: number;

  @Field({ description: 'Pass as `after` for the next page.' })
  cursor: string;

  @Field()
  hasMore: boolean;
}
