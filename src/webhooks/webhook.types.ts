import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType } from '../../libs/core';
import { WebhookDeliveryStatus, WebhookEndpointStatus } from './webhook.entities';

registerEnumType(WebhookEndpointStatus, { name: 'WebhookEndpointStatus' });
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  valuesMap: {
    PENDING: { description: 'Waiting for its next attempt, or being attempted.' },
    SUCCEEDED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Every attempt of the 24-hour retry window failed.' },
    CANCELLED: { description: 'The endpoint was disabled before the delivery succeeded.' },
  },
});

@ObjectType({ description: "A URL the organization's events are POSTed to, signed per the Standard Webhooks specification." })
export class WebhookEndpoint {
  @Field(() => ID)
  id: string;

  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => [String], { description: 'Event types sent: exact (`brand.created`), by prefix (`post.*`) or all (`*`).' })
  eventTypes: string[];

  @Field(() => ID, { nullable: true, description: "Only events of this brand's subtree are sent; null for the whole organization." })
  brandId: string | null;

  @Field(() => WebhookEndpointStatus)
  status: WebhookEndpointStatus;

  @Field(() => String, { nullable: true, description: 'Why the endpoint is disabled (by a person, or after persistent failure).' })
  disabledReason: string | null;

  @Field(() => Date, { nullable: true })
  disabledAt: Date | null;

  @Field(() => Date, { nullable: true })
  secretRotatedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until then the previous secret signs too (a second signature in `webhook-signature`).' })
  previousSecretExpiresAt: Date | null;

  @Field(() => Int, { description: 'Deliveries in a row that exhausted their retries; the endpoint is disabled when it reaches the configured limit.' })
  consecutiveFailures: number;

  @Field(() => Date, { nullable: true })
  lastSuccessAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export const WebhookEndpointConnection = ConnectionType(WebhookEndpoint);

@ObjectType({ description: 'One HTTP request of a delivery.' })
export class WebhookDeliveryAttempt {
  @Field()
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status the endpoint answered; null when no answer came (refused, timed out...).' })
  statusCode: number | null;

  @Field(() => Int)
  durationMs: number;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field()
  succeeded: boolean;
}

@ObjectType({ description: 'One event on its way to one endpoint, with every attempt.' })
export class WebhookDelivery {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  endpointId: string;

  @Field(() => ID, { description: 'The `webhook-id` header: the same on every retry and redelivery of the event, for receivers to dedupe.' })
  eventId: string;

  @Field()
  eventType: string;

  @Field(() => WebhookDeliveryStatus)
  status: WebhookDeliveryStatus;

  @Field(() => Int)
  attempts: number;

  @Field(() => [WebhookDeliveryAttempt], { description: 'Oldest first.' })
  attemptLog: WebhookDeliveryAttempt[];

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true })
  lastAttemptAt: Date | null;

  @Field(() => Int, { nullable: true })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The delivery this one repeats, for a redelivery.' })
  redeliveryOfId: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The JSON body POSTed: `{ type, timestamp, data }`.' })
  payload: Record<string, unknown>;

  @Field()
  createdAt: Date;
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery);

@ObjectType()
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'The signing secret (`whsec_...`), for `new Webhook(secret).verify(body, headers)`. Shown only now; store it safely.' })
  secret: string;
}

@ObjectType()
export class RotateWebhookSecretPayload {
  @Field(() => WebhookEndpoint)
  endpoint: WebhookEndpoint;

  @Field({ description: 'The new signing secret. Shown only now. The previous one keeps signing until `endpoint.previousSecretExpiresAt`.' })
  secret: string;
}

@ObjectType()
export class DeleteWebhookEndpointPayload {
  @Field(() => ID)
  deletedId: string;
}
