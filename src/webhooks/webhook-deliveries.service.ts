import { Injectable } from '@nestjs/common';
import { ConflictError, Connection, NotFoundError, RequestContext } from '../../libs/core';
import { Db, keysetPage } from '../../libs/database';
import { EventPublisher } from '../audit';
import { WebhookDeliveryRedelivered } from './webhook.events';
import { WebhookDeliveriesArgs } from './dto/webhook.inputs';
import { WebhookEndpointStatus } from './webhook.entities';
import { DELIVERY_COLUMNS, DELIVERY_FROM, DeliveryRow, toWebhookDelivery } from './webhook.mapper';
import { WebhookDelivery } from './webhook.types';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** The delivery log of an endpoint, and redelivery. Access as for the endpoint itself. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    private readonly db: Db,
    private readonly endpoints: WebhookEndpointsService,
    private readonly events: EventPublisher,
  ) {}

  /** Newest first. */
  async list(ctx: RequestContext, args: WebhookDeliveriesArgs): Promise<Connection<WebhookDelivery>> {
    await this.endpoints.authorized(ctx, args.endpointId, 'endpointId');
    return keysetPage(this.db, {
      matching: `SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM}
          WHERE d.organization_id = $1 AND d.endpoint_id = $2 AND ($3::text IS NULL OR d.status = $3)`,
      params: [ctx.organizationId, args.endpointId, args.status ?? null],
      order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: 'desc',
      map: toWebhookDelivery,
    }, args);
  }

  /**
   * A delivery by its id, for `node(id)`, where `webhookDeliveries` lists it: with the access of
   * its endpoint (`webhookEndpoint`: NOT_FOUND or FORBIDDEN). Loader `webhooks.deliveries.byId`,
   * then the endpoints' own loader: a fixed number of statements for many deliveries.
   */
  async find(ctx: RequestContext, id: string): Promise<WebhookDelivery> {
    const row = await ctx
      .loader<string, DeliveryRow | null>('webhooks.deliveries.byId', async (ids) => {
        const rows = await this.db.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE d.organization_id = $1 AND d.id = ANY($2::uuid[])`, [ctx.organizationId, ids]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!row) throw new NotFoundError('WebhookDelivery', id, 'id');
    await this.endpoints.find(ctx, row.endpoint_id);
    return toWebhookDelivery(row);
  }

  /**
   * Sends the delivery's event to its endpoint again, as a new delivery with its own attempts
   * and the same `webhook-id` (receivers that already have it can tell). The endpoint must be
   * enabled.
   */
  async redeliver(ctx: RequestContext, deliveryId: string): Promise<WebhookDelivery> {
    return this.db.transaction(async () => {
      const original = await this.db.queryOne<{ endpoint_id: string }>(
        `SELECT endpoint_id FROM webhook_deliveries WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, deliveryId],
      );
      if (!original) throw new NotFoundError('WebhookDelivery', deliveryId, 'deliveryId');
      const endpoint = await this.endpoints.authorized(ctx, original.endpoint_id, 'deliveryId', true).catch((error: unknown) => {
        // The delivery of an endpoint out of reach does not exist for the caller either.
        throw error instanceof NotFoundError ? new NotFoundError('WebhookDelivery', deliveryId, 'deliveryId') : error;
      });
      if (endpoint.status !== WebhookEndpointStatus.ENABLED) throw new ConflictError('The endpoint is disabled: enable it first', { field: 'deliveryId' });
      const created = await this.db.queryOne<{ id: string }>(
        `INSERT INTO webhook_deliveries (organization_id, endpoint_id, outbox_event_id, event_type, next_attempt_at, redelivery_of_id)
         SELECT organization_id, endpoint_id, outbox_event_id, event_type, now(), id FROM webhook_deliveries
          WHERE organization_id = $1 AND id = $2 RETURNING id`,
        [ctx.organizationId, deliveryId],
      );
      const row = await this.db.queryOne<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM ${DELIVERY_FROM} WHERE d.organization_id = $1 AND d.id = $2`, [
        ctx.organizationId, created!.id,
      ]);
      const delivery = toWebhookDelivery(row!);
      await this.events.publish(ctx, new WebhookDeliveryRedelivered({ delivery, brandId: endpoint.brand_id, redeliveryOfId: deliveryId }));
      return delivery;
    });
  }
}
