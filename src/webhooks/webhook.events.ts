import { DomainEvent } from '../../libs/events';
import { WebhookEndpointStatus } from './webhook.entities';
import { auditedEndpoint } from './webhook.mapper';
import { WebhookDelivery, WebhookEndpoint } from './webhook.types';

interface EndpointChange {
  before: WebhookEndpoint;
  after: WebhookEndpoint;
}

/** An endpoint's events; its secret never reaches the log (auditedEndpoint leaves it out). */
abstract class WebhookEndpointEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'WebhookEndpoint';
}

const changed = ({ before, after }: EndpointChange) => ({ entityId: after.id, brandId: after.brandId, before: auditedEndpoint(before), after: auditedEndpoint(after) });

export class WebhookEndpointCreated extends WebhookEndpointEvent<{ endpoint: WebhookEndpoint }> {
  static readonly type = 'webhook_endpoint.created';

  record() {
    const { endpoint } = this.payload;
    return { entityId: endpoint.id, brandId: endpoint.brandId, after: auditedEndpoint(endpoint) };
  }
}

/** A change the log keeps whole, before and after. */
abstract class WebhookEndpointChanged extends WebhookEndpointEvent<EndpointChange> {
  record() {
    return changed(this.payload);
  }
}

export class WebhookEndpointUpdated extends WebhookEndpointChanged {
  static readonly type = 'webhook_endpoint.updated';
}

export class WebhookEndpointEnabled extends WebhookEndpointChanged {
  static readonly type = 'webhook_endpoint.enabled';
}

/** What the webhook worker knows when it disables an endpoint after failures in a row. */
interface DisabledForFailures {
  endpointId: string;
  brandId: string | null;
  reason: string;
  consecutiveFailures: number;
}

/** Disabled by a caller, or by the webhook worker after too many failed deliveries in a row. */
export class WebhookEndpointDisabled extends WebhookEndpointEvent<(EndpointChange & { by: 'caller' }) | (DisabledForFailures & { by: 'failures' })> {
  static readonly type = 'webhook_endpoint.disabled';
  static readonly description =
    'A webhook endpoint was disabled, by a caller or by the service (actor SYSTEM) after deliveries in a row failed for good; changes carry status and disabledReason (and consecutiveFailures when the service did it).';

  record() {
    const payload = this.payload;
    if (payload.by === 'caller') return changed(payload);
    return {
      entityId: payload.endpointId,
      brandId: payload.brandId,
      before: { status: WebhookEndpointStatus.ENABLED, disabledReason: null },
      after: { status: WebhookEndpointStatus.DISABLED, disabledReason: payload.reason, consecutiveFailures: payload.consecutiveFailures },
    };
  }
}

export class WebhookEndpointSecretRotated extends WebhookEndpointEvent<EndpointChange> {
  static readonly type = 'webhook_endpoint.secret_rotated';
  static readonly description = "A webhook endpoint's signing secret was rotated; changes carry secretRotatedAt and previousSecretExpiresAt, never a secret.";

  record() {
    const { before, after } = this.payload;
    return {
      entityId: after.id,
      brandId: after.brandId,
      before: { secretRotatedAt: before.secretRotatedAt },
      after: { secretRotatedAt: after.secretRotatedAt, previousSecretExpiresAt: after.previousSecretExpiresAt },
    };
  }
}

export class WebhookEndpointDeleted extends WebhookEndpointEvent<{ endpoint: WebhookEndpoint }> {
  static readonly type = 'webhook_endpoint.deleted';

  record() {
    const { endpoint } = this.payload;
    return { entityId: endpoint.id, brandId: endpoint.brandId, before: auditedEndpoint(endpoint) };
  }
}

/** A delivery made again by hand: a new delivery of the same outbox event. `brandId`: the endpoint's. */
export class WebhookDeliveryRedelivered extends DomainEvent<{ delivery: WebhookDelivery; brandId: string | null; redeliveryOfId: string }> {
  static readonly type = 'webhook_delivery.redelivered';
  static readonly description = "A delivery was made again by hand (redeliverWebhook); changes.after carries endpointId, eventId, eventType and redeliveryOfId.";
  static readonly entityType = 'WebhookDelivery';

  record() {
    const { delivery, brandId, redeliveryOfId } = this.payload;
    return { entityId: delivery.id, brandId, after: { endpointId: delivery.endpointId, eventId: delivery.eventId, eventType: delivery.eventType, redeliveryOfId } };
  }
}

export const WEBHOOK_EVENTS = [
  WebhookEndpointCreated, WebhookEndpointUpdated, WebhookEndpointEnabled, WebhookEndpointDisabled, WebhookEndpointSecretRotated, WebhookEndpointDeleted,
  WebhookDeliveryRedelivered,
];
