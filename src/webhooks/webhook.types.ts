import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ConnectionType, Node } from '../../libs/core';
import { WebhookDeliveryStatus, WebhookEndpointStatus } from './webhook.entities';

registerEnumType(WebhookEndpointStatus, {
  name: 'WebhookEndpointStatus',
  description: 'Whether an endpoint receives deliveries.',
  valuesMap: {
    ENABLED: { description: 'Receives the events it subscribes to.' },
    DISABLED: { description: 'Receives nothing: disabled by a caller, or by the service after deliveries in a row failed for good.' },
  },
});
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery stands.',
  valuesMap: {
    PENDING: { description: 'Waiting for its next attempt, or being attempted.' },
    SUCCEEDED: { description: 'The endpoint answered 2xx.' },
    FAILED: { description: 'Every attempt of the 24-hour retry window failed.' },
    CANCELLED: { description: 'The endpoint was disabled before the delivery succeeded.' },
  },
});

@ObjectType({ description: "A URL the organization's events are POSTed to, signed per the Standard Webhooks specification.", implements: () => [Node] })
export class WebhookEndpoint {
  @Field(() => ID, { description: "The endpoint's id." })
  id: string;

  @Field({ description: 'Where events are POSTed.' })
  url: string;

  @Field(() => String, { nullable: true, description: 'A note for people; null when none was given.' })
  description: string | null;

  @Field(() => [String], { description: 'Event types sent, sorted: exact (`brand.created`), by prefix (`post.*`) or all (`*`); see `webhookEventTypes`.' })
  eventTypes: string[];

  @Field(() => ID, { nullable: true, description: "Only events of this brand's subtree are sent; null for the whole organization." })
  brandId: string | null;

  @Field(() => WebhookEndpointStatus, { description: 'Whether it receives deliveries.' })
  status: WebhookEndpointStatus;

  @Field(() => String, { nullable: true, description: 'Why the endpoint is disabled (by a person, or after persistent failure).' })
  disabledReason: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was disabled; null while enabled.' })
  disabledAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When its signing secret was last rotated; null if never.' })
  secretRotatedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until then the previous secret signs too (a second signature in `webhook-signature`).' })
  previousSecretExpiresAt: Date | null;

  @Field(() => Int, { description: 'Deliveries in a row that exhausted their retries; the endpoint is disabled when it reaches the configured limit.' })
  consecutiveFailures: number;

  @Field(() => Date, { nullable: true, description: 'When it last answered a delivery with 2xx; null if never.' })
  lastSuccessAt: Date | null;

  @Field({ description: 'When it was created: it receives the events that happen after.' })
  createdAt: Date;

  @Field({ description: 'When its settings or state last changed.' })
  updatedAt: Date;
}

export const WebhookEndpointConnection = ConnectionType(WebhookEndpoint);

@ObjectType({ description: 'One HTTP request of a delivery.' })
export class WebhookDeliveryAttempt {
  @Field({ description: 'When the request was sent.' })
  attemptedAt: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status the endpoint answered; null when no answer came (refused, timed out...).' })
  statusCode: number | null;

  @Field(() => Int, { description: 'Milliseconds from sending to the answer (or the failure).' })
  durationMs: number;

  @Field(() => String, { nullable: true, description: 'Why it failed (a status and the start of the body, `connection failed`, `address not allowed`...); null on success.' })
  error: string | null;

  @Field({ description: 'Whether the endpoint answered 2xx.' })
  succeeded: boolean;
}

@ObjectType({ description: 'One event on its way to one endpoint, with every attempt.', implements: () => [Node] })
export class WebhookDelivery {
  @Field(() => ID, { description: "The delivery's id (redeliverWebhook takes it)." })
  id: string;

  @Field(() => ID, { description: 'The endpoint it goes to.' })
  endpointId: string;

  @Field(() => ID, { description: 'The `webhook-id` header: the same on every retry and redelivery of the event, for receivers to dedupe.' })
  eventId: string;

  @Field({ description: "The event's type (one of `webhookEventTypes`)." })
  eventType: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Requests made so far.' })
  attempts: number;

  @Field(() => [WebhookDeliveryAttempt], { description: 'Oldest first.' })
  attemptLog: WebhookDeliveryAttempt[];

  @Field(() => Date, { nullable: true, description: 'When it is next attempted while PENDING; null otherwise.' })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was last attempted; null before the first attempt.' })
  lastAttemptAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last answer; null when none came.' })
  lastStatusCode: number | null;

  @Field(() => String, { nullable: true, description: "The last attempt's error; null when it succeeded." })
  lastError: string | null;

  @Field(() => Date, { nullable: true, description: 'When the endpoint answered 2xx; null until then.' })
  deliveredAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The delivery this one repeats, for a redelivery.' })
  redeliveryOfId: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The JSON body POSTed: `{ type, timestamp, data }`.' })
  payload: Record<string, unknown>;

  @Field({ description: 'When the delivery was created (the event was fanned out, or redelivered).' })
  createdAt: Date;
}

export const WebhookDeliveryConnection = ConnectionType(WebhookDelivery);

@ObjectType({ description: 'A new endpoint with its signing secret.' })
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { description: 'The endpoint created.' })
  endpoint: WebhookEndpoint;

  @Field({ description: 'The signing secret (`whsec_...`), for `new Webhook(secret).verify(body, headers)`. Shown only now; store it safely.' })
  secret: string;
}

@ObjectType({ description: 'An endpoint with its new signing secret.' })
export class RotateWebhookSecretPayload {
  @Field(() => WebhookEndpoint, { description: 'The endpoint, with its new rotation times.' })
  endpoint: WebhookEndpoint;

  @Field({ description: 'The new signing secret. Shown only now. The previous one keeps signing until `endpoint.previousSecretExpiresAt`.' })
  secret: string;
}

@ObjectType({ description: 'What deleteWebhookEndpoint removed.' })
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { description: 'The id of the deleted endpoint.' })
  deletedId: string;
}
