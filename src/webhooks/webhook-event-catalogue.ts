import { EventTypeDescription } from '../../libs/events';
import { assertEventTypesExist } from './event-type-patterns';

/** The service's event catalogue (src/events.ts), given to WebhooksModule.forRoot by the app root. */
export const EVENT_CATALOGUE_ENTRIES = Symbol('EVENT_CATALOGUE_ENTRIES');

/** One event type as webhookEventTypes lists it. */
export interface WebhookEventTypeEntry {
  type: string;
  entityType: string;
  description: string;
  payloadSchema: Record<string, unknown>;
}

/**
 * The event types a webhook endpoint can receive: the audited ones of the service's catalogue
 * (in-process events make no outbox row, so no webhook). Read from the catalogue when the app
 * boots, so a feature that registers new events in src/events.ts (inbox.*, say) has them
 * listed and accepted with no change here.
 */
export class WebhookEventCatalogue {
  readonly entries: readonly WebhookEventTypeEntry[];
  readonly types: readonly string[];

  constructor(catalogue: readonly EventTypeDescription[]) {
    this.entries = catalogue
      .filter((event) => event.audited)
      .map(({ type, entityType, description }) => ({ type, entityType, description, payloadSchema: webhookPayloadSchema(type, entityType) }))
      // By code point, as Array.prototype.sort: approval.* before approval_workflow.*.
      .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
    this.types = this.entries.map((entry) => entry.type);
  }

  /** BAD_USER_INPUT on `<field>.<index>` for every pattern that matches no event type. */
  assertKnown(patterns: readonly string[], field: string): void {
    assertEventTypesExist(patterns, this.types, field);
  }
}

/**
 * JSON Schema (2020-12) of the body a webhook of this type POSTs, as webhookPayload
 * (webhook.mapper.ts) builds it from the outbox event. `changes` holds the entity's fields that
 * differ, as the audit log keeps them: which fields depends on the change, so it is left open.
 */
export function webhookPayloadSchema(type: string, entityType: string): Record<string, unknown> {
  const uuid = (description: string) => ({ type: 'string', format: 'uuid', description });
  const fields = (description: string) => ({ type: ['object', 'null'], additionalProperties: true, description });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${type} webhook`,
    type: 'object',
    required: ['type', 'timestamp', 'data'],
    properties: {
      type: { const: type, description: 'The event type.' },
      timestamp: { type: 'string', format: 'date-time', description: 'When the change was committed.' },
      data: {
        type: 'object',
        required: ['eventId', 'auditEventId', 'organizationId', 'seq', 'entityType', 'entityId', 'brandId', 'changes'],
        properties: {
          eventId: uuid('The `webhook-id` header: the same on every retry and redelivery; dedupe on it.'),
          auditEventId: uuid('The audit log entry of the change (auditEvents).'),
          organizationId: uuid('The organization the change happened in.'),
          seq: { type: 'string', pattern: '^[0-9]+$', description: "The change's position in the organization's audit log and change feed (a decimal string: it outgrows JSON numbers)." },
          entityType: { const: entityType, description: 'The GraphQL type of the entity that changed.' },
          entityId: { type: 'string', description: 'The id of the entity that changed.' },
          brandId: { type: ['string', 'null'], format: 'uuid', description: 'The brand the entity belongs to (a brand its own id); null for organization-level entities.' },
          changes: {
            type: 'object',
            required: ['before', 'after'],
            properties: {
              before: fields("The entity's fields that changed, before the change; null for a creation."),
              after: fields("The same fields after the change; null for a deletion."),
            },
          },
        },
      },
    },
  };
}
