// The webhooks feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entities';
export { WEBHOOK_EVENTS } from './webhook.events';
export { WebhookDeliveriesService } from './webhook-deliveries.service';
export { WebhookEndpointsService } from './webhook-endpoints.service';
export { WebhookEndpoint } from './webhook.types';
export { WebhooksModule, WebhookWorkerModule } from './webhooks.module';
