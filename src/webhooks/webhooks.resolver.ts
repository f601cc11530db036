import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Brand, BrandReader } from '../brands';
import {
  CreateWebhookEndpointInput, RedeliverWebhookArgs, RotateWebhookSecretArgs, UpdateWebhookEndpointInput, WebhookDeliveriesArgs, WebhookEndpointIdArgs,
  WebhookEndpointsArgs,
} from './dto/webhook.inputs';
import {
  CreateWebhookEndpointPayload, DeleteWebhookEndpointPayload, RotateWebhookSecretPayload, WebhookDelivery, WebhookDeliveryConnection, WebhookEndpoint,
  WebhookEndpointConnection,
} from './webhook.types';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventCatalogue } from './webhook-event-catalogue';
import { WebhookEventType } from './webhook-event-type.type';

@Resolver(() => WebhookEndpoint)
export class WebhooksResolver {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly brands: BrandReader,
    private readonly catalogue: WebhookEventCatalogue,
  ) {}

  @Allow(Permission.INTEGRATION_MANAGE)
  @Query(() => [WebhookEventType], {
    description:
      'Every event type a webhook endpoint can subscribe to, sorted by type, with its description and the JSON Schema of its body. ' +
      '`eventTypes` take these exactly, a prefix (`post.*`) or `*`; a pattern that matches none is refused. Needs integration:manage (anywhere).',
  })
  webhookEventTypes(): readonly WebhookEventType[] {
    return this.catalogue.entries;
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Query(() => WebhookEndpointConnection, { description: 'Webhook endpoints where the caller holds integration:manage, oldest first. Needs integration:manage.' })
  webhookEndpoints(@Ctx() ctx: RequestContext, @Args() args: WebhookEndpointsArgs): Promise<Connection<WebhookEndpoint>> {
    return this.endpoints.list(ctx, args);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Query(() => WebhookEndpoint, {
    description: "One endpoint. Needs integration:manage on its brand (org-wide for an endpoint without one); NOT_FOUND when it is not the caller's to see.",
  })
  webhookEndpoint(@Ctx() ctx: RequestContext, @Args() { id }: WebhookEndpointIdArgs): Promise<WebhookEndpoint> {
    return this.endpoints.find(ctx, id);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Query(() => WebhookDeliveryConnection, { description: "An endpoint's deliveries, newest first, with every attempt. Needs integration:manage on the endpoint." })
  webhookDeliveries(@Ctx() ctx: RequestContext, @Args() args: WebhookDeliveriesArgs): Promise<Connection<WebhookDelivery>> {
    return this.deliveries.list(ctx, args);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => CreateWebhookEndpointPayload, {
    description:
      'Subscribes a URL to events; the signing secret is returned only here. Needs integration:manage on the brand (org-wide without one). ' +
      'BAD_USER_INPUT on `input.url` for a URL that is not allowed, on `input.eventTypes.<i>` for a pattern that matches no event type (with close matches).',
  })
  createWebhookEndpoint(@Ctx() ctx: RequestContext, @Args('input', { description: 'The URL, event types and scope.' }) input: CreateWebhookEndpointInput): Promise<CreateWebhookEndpointPayload> {
    return this.endpoints.create(ctx, input);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => WebhookEndpoint, {
    description: "Changes an endpoint's URL, event types or description, checked as on creation. Needs integration:manage on the endpoint.",
  })
  updateWebhookEndpoint(@Ctx() ctx: RequestContext, @Args('input', { description: 'The endpoint and what changes.' }) input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    return this.endpoints.update(ctx, input);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => RotateWebhookSecretPayload, { description: 'A new signing secret, returned only here; the previous one keeps signing for a grace period. Needs `integration:manage`.' })
  rotateWebhookSecret(@Ctx() ctx: RequestContext, @Args() args: RotateWebhookSecretArgs): Promise<RotateWebhookSecretPayload> {
    return this.endpoints.rotateSecret(ctx, args);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => WebhookEndpoint, { description: 'No more deliveries; pending ones are cancelled. Needs `integration:manage`.' })
  disableWebhookEndpoint(@Ctx() ctx: RequestContext, @Args() { id }: WebhookEndpointIdArgs): Promise<WebhookEndpoint> {
    return this.endpoints.disable(ctx, id);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => WebhookEndpoint, { description: 'Deliveries resume from the next event. Needs `integration:manage`.' })
  enableWebhookEndpoint(@Ctx() ctx: RequestContext, @Args() { id }: WebhookEndpointIdArgs): Promise<WebhookEndpoint> {
    return this.endpoints.enable(ctx, id);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => DeleteWebhookEndpointPayload, { description: 'Deletes the endpoint and its delivery log. Needs `integration:manage`.' })
  deleteWebhookEndpoint(@Ctx() ctx: RequestContext, @Args() { id }: WebhookEndpointIdArgs): Promise<DeleteWebhookEndpointPayload> {
    return this.endpoints.delete(ctx, id);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => WebhookDelivery, { description: "Sends a delivery's event again (same webhook-id), as a new delivery. Needs `integration:manage`." })
  redeliverWebhook(@Ctx() ctx: RequestContext, @Args() { deliveryId }: RedeliverWebhookArgs): Promise<WebhookDelivery> {
    return this.deliveries.redeliver(ctx, deliveryId);
  }

  @ResolveField(() => Brand, { nullable: true, description: 'The brand whose subtree it receives events of; null for the whole organization.' })
  brand(@Ctx() ctx: RequestContext, @Parent() endpoint: WebhookEndpoint): Promise<Brand | null> | null {
    return endpoint.brandId ? this.brands.findMaybe(ctx, endpoint.brandId) : null;
  }
}
