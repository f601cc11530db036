import { WebhookAttemptRecord, WebhookDeliveryStatus, WebhookEndpointStatus } from './webhook.entities';
import { WebhookDelivery, WebhookEndpoint } from './webhook.types';

export interface EndpointRow {
  id: string;
  organization_id: string;
  brand_id: string | null;
  url: string;
  description: string | null;
  event_types: string[];
  status: WebhookEndpointStatus;
  disabled_reason: string | null;
  disabled_at: Date | null;
  secret_rotated_at: Date | null;
  previous_secret_expires_at: Date | null;
  consecutive_failures: number;
  last_success_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** Every column but the sealed secrets, which never leave the services that sign. */
export const ENDPOINT_COLUMNS = [
  'id', 'organization_id', 'brand_id', 'url', 'description', 'event_types', 'status', 'disabled_reason', 'disabled_at',
  'secret_rotated_at', 'previous_secret_expires_at', 'consecutive_failures', 'last_success_at', 'created_at', 'updated_at',
];
export const endpointColumns = (alias: string) => ENDPOINT_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

export const toWebhookEndpoint = (r: EndpointRow): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  eventTypes: r.event_types,
  brandId: r.brand_id,
  status: r.status,
  disabledReason: r.disabled_reason,
  disabledAt: r.disabled_at,
  secretRotatedAt: r.secret_rotated_at,
  // Past expiries mean nothing to a reader: the previous secret no longer signs.
  previousSecretExpiresAt: r.previous_secret_expires_at && r.previous_secret_expires_at > new Date() ? r.previous_secret_expires_at : null,
  consecutiveFailures: r.consecutive_failures,
  lastSuccessAt: r.last_success_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** What the audit log keeps of an endpoint: its settings, never its secrets. */
export const auditedEndpoint = (e: WebhookEndpoint) => ({
  url: e.url, description: e.description, eventTypes: e.eventTypes, brandId: e.brandId, status: e.status, disabledReason: e.disabledReason,
});

/** The outbox event as stored by AuditService.append (EventPublisher.publish). */
export interface OutboxPayload {
  type: string;
  entityType: string;
  entityId: string;
  brandId: string | null;
  seq: string;
  occurredAt: string;
  changes: unknown;
}

/**
 * The JSON body of a webhook, per Standard Webhooks: `type`, `timestamp` (when the event
 * happened) and `data`.
 */
export function webhookPayload(event: { id: string; organization_id: string; audit_event_id: string; payload: OutboxPayload }): Record<string, unknown> {
  const p = event.payload;
  return {
    type: p.type,
    timestamp: p.occurredAt,
    data: {
      eventId: event.id,
      auditEventId: event.audit_event_id,
      organizationId: event.organization_id,
      seq: p.seq,
      entityType: p.entityType,
      entityId: p.entityId,
      brandId: p.brandId,
      changes: p.changes,
    },
  };
}

export interface DeliveryRow {
  id: string;
  organization_id: string;
  endpoint_id: string;
  outbox_event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  attempt_log: WebhookAttemptRecord[];
  next_attempt_at: Date | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  redelivery_of_id: string | null;
  created_at: Date;
  /** Joined from outbox_events. */
  audit_event_id: string;
  payload: OutboxPayload;
}

export const DELIVERY_COLUMNS = `d.id, d.organization_id, d.endpoint_id, d.outbox_event_id, d.event_type, d.status, d.attempts, d.attempt_log,
  d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.redelivery_of_id, d.created_at, o.audit_event_id, o.payload`;
export const DELIVERY_FROM = `webhook_deliveries d JOIN outbox_events o ON o.id = d.outbox_event_id`;

export const toWebhookDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  endpointId: r.endpoint_id,
  eventId: r.outbox_event_id,
  eventType: r.event_type,
  status: r.status,
  attempts: r.attempts,
  attemptLog: r.attempt_log.map((a) => ({ ...a, attemptedAt: new Date(a.attemptedAt) })),
  // While an attempt is in flight this is when its claim expires (and the attempt is retried).
  nextAttemptAt: r.status === WebhookDeliveryStatus.PENDING ? r.next_attempt_at : null,
  lastAttemptAt: r.last_attempt_at,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
  redeliveryOfId: r.redelivery_of_id,
  payload: webhookPayload({ id: r.outbox_event_id, organization_id: r.organization_id, audit_event_id: r.audit_event_id, payload: r.payload }),
  createdAt: r.created_at,
});
