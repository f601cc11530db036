import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IdArgs, IsEntityId, OptionalBrandIdField, PageArgs, Present, PresentOrNull } from '../../../libs/core';
import { WebhookDeliveryStatus, WebhookEndpointStatus } from '../webhook.entities';


/** `brand.created`, `post.*` (every type with that prefix) or `*` (every type). */
export const EVENT_TYPE = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
const EVENT_TYPE_MESSAGE = 'eventTypes must be event types like brand.created, prefixes like post.* or *';

@InputType({ description: 'A URL to POST events to, the event types it wants and, optionally, the brand whose subtree it hears.' })
export class CreateWebhookEndpointInput {
  @Field({ description: 'Where events are POSTed: https (http only where the service allows it), not a private address.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url: string;

  @Field(() => [String], {
    description:
      'Event types to send (1 to 50): a type of `webhookEventTypes` (`brand.created`), a prefix (`post.*`) or `*`. A pattern that matches no event type is refused, with close matches.',
  })
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  @Matches(EVENT_TYPE, { each: true, message: EVENT_TYPE_MESSAGE })
  eventTypes: string[];

  @OptionalBrandIdField("Only events of this brand's subtree; null for the whole organization (needs integration:manage org-wide).")
  brandId?: string | null;

  @Field(() => String, { nullable: true, description: 'A note for people, up to 500 characters (e.g. what the receiver is).' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

@InputType({ description: 'Absent fields stay as they are. The brand scope of an endpoint does not change: create another.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint to change.' })
  @IsEntityId('webhook endpoint')
  id: string;

  @Field(() => String, { nullable: true, description: 'A new URL, checked as on creation; cannot be null.' })
  @Present()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  url?: string;

  @Field(() => [String], { nullable: true, description: 'Replaces the event types, checked as on creation; cannot be null.' })
  @Present()
  @ArrayMinSize(1, { message: 'eventTypes must name at least one event type' })
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  @Matches(EVENT_TYPE, { each: true, message: EVENT_TYPE_MESSAGE })
  eventTypes?: string[];

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

@ArgsType()
export class WebhookEndpointIdArgs extends IdArgs('webhook endpoint') {}

@ArgsType()
export class RotateWebhookSecretArgs extends WebhookEndpointIdArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'Hours the previous secret keeps signing (0 to 168); the configured default (24) when absent. 0 retires it at once.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  gracePeriodHours?: number | null;
}

@ArgsType()
export class WebhookEndpointsArgs extends PageArgs {
  @OptionalBrandIdField('Only endpoints scoped to this brand.')
  brandId?: string | null;

  @Field(() => WebhookEndpointStatus, { nullable: true, description: 'Only endpoints in this status.' })
  @IsOptional()
  @IsEnum(WebhookEndpointStatus)
  status?: WebhookEndpointStatus | null;
}

@ArgsType()
export class WebhookDeliveriesArgs extends PageArgs {
  @Field(() => ID, { description: 'The endpoint whose deliveries to list.' })
  @IsEntityId('webhook endpoint')
  endpointId: string;

  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this status.' })
  @IsOptional()
  @IsEnum(WebhookDeliveryStatus)
  status?: WebhookDeliveryStatus | null;
}

@ArgsType()
export class RedeliverWebhookArgs {
  @Field(() => ID, { description: 'The delivery whose event to send again.' })
  @IsEntityId('webhook delivery')
  deliveryId: string;
}
