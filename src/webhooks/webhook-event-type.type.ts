import { Field, ObjectType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

@ObjectType({ description: 'An event type a webhook endpoint can subscribe to, with what its deliveries carry.' })
export class WebhookEventType {
  @Field({ description: 'The type, `<entity>.<verb>` (e.g. `brand.created`): what `eventTypes` match and the body\'s `type`. Never renamed.' })
  type: string;

  @Field({ description: 'The GraphQL type of the entity the event is about (`data.entityType` of the body), e.g. `Brand`.' })
  entityType: string;

  @Field({ description: 'What happened, and what `data.changes` carries where it is not simply the fields that changed.' })
  description: string;

  @Field(() => GraphQLJSONObject, {
    description:
      'JSON Schema (2020-12) of the JSON body POSTed for this type: `{ type, timestamp, data: { eventId, auditEventId, organizationId, seq, entityType, entityId, brandId, changes: { before, after } } }`.',
  })
  payloadSchema: Record<string, unknown>;
}
