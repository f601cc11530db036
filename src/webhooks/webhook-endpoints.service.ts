import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, Connection, NotFoundError, RequestContext } from '../../libs/core';
import { BrandScope, Permission, AccessService, brandSubtreeIds } from '../../libs/auth';
import { Db, keysetPage } from '../../libs/database';
import { DomainEvent } from '../../libs/events';
import { EventPublisher } from '../audit';
import { WebhookEndpointCreated, WebhookEndpointDeleted, WebhookEndpointDisabled, WebhookEndpointEnabled, WebhookEndpointSecretRotated, WebhookEndpointUpdated } from './webhook.events';
import { CreateWebhookEndpointInput, RotateWebhookSecretArgs, UpdateWebhookEndpointInput, WebhookEndpointsArgs } from './dto/webhook.inputs';
import { WebhookEndpointStatus } from './webhook.entities';
import { endpointColumns, EndpointRow, toWebhookEndpoint } from './webhook.mapper';
import { CreateWebhookEndpointPayload, DeleteWebhookEndpointPayload, RotateWebhookSecretPayload, WebhookEndpoint } from './webhook.types';
import { WebhookSettings } from './webhook-settings';
import { newWebhookSecret, secretContext } from './webhook-signing';
import { HostResolver } from './webhook-egress';
import { WebhookEventCatalogue } from './webhook-event-catalogue';
import { webhookUrlProblem } from './webhook-url';

export type ScopedEndpointRow = EndpointRow & { brand_ancestor_ids: string[] | null };

/** Cancels a disabled endpoint's pending deliveries: re-enabling it does not flood it with old events. */
export const CANCEL_PENDING_DELIVERIES = `UPDATE webhook_deliveries SET status = 'CANCELLED', next_attempt_at = NULL, updated_at = now()
  WHERE organization_id = $1 AND endpoint_id = $2 AND status = 'PENDING'`;

/**
 * Webhook endpoints: their settings, secrets and state. Every use case needs
 * integration:manage on the endpoint's brand, or org-wide for an endpoint without one.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly settings: WebhookSettings,
    private readonly resolver: HostResolver,
    private readonly catalogue: WebhookEventCatalogue,
  ) {}

  /** The secret is returned now and never again; it is stored encrypted, for signing. */
  async create(ctx: RequestContext, input: CreateWebhookEndpointInput): Promise<CreateWebhookEndpointPayload> {
    return this.db.transaction(async () => {
      const scope = input.brandId ? await this.brandScope(ctx, input.brandId) : null;
      this.access.assert(ctx, Permission.INTEGRATION_MANAGE, scope, 'Brand', 'input.brandId');
      const url = await this.checkedUrl(input.url, 'input.url');
      this.catalogue.assertKnown(input.eventTypes, 'input.eventTypes');
      const id = randomUUID();
      const secret = newWebhookSecret();
      const row = await this.db.queryOne<EndpointRow>(
        `INSERT INTO webhook_endpoints (id, organization_id, brand_id, url, description, event_types, secret_encrypted, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${endpointColumns('webhook_endpoints')}`,
        [
          id, ctx.organizationId, scope?.id ?? null, url, blankToNull(input.description), normalizeEventTypes(input.eventTypes),
          this.settings.secrets.seal(secret, secretContext(ctx.organizationId, id)), ctx.requirePrincipal.id,
        ],
      );
      const endpoint = toWebhookEndpoint(row!);
      await this.events.publish(ctx, new WebhookEndpointCreated({ endpoint }));
      return { endpoint, secret };
    });
  }

  async update(ctx: RequestContext, input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    return this.db.transaction(async () => {
      const current = await this.authorized(ctx, input.id, 'input.id', true);
      const url = input.url === undefined ? undefined : await this.checkedUrl(input.url, 'input.url');
      if (input.eventTypes) this.catalogue.assertKnown(input.eventTypes, 'input.eventTypes');
      const row = await this.db.queryOne<EndpointRow>(
        `UPDATE webhook_endpoints SET url = coalesce($3, url), event_types = coalesce($4, event_types),
                description = CASE WHEN $5 THEN $6 ELSE description END, updated_at = now()
          WHERE organization_id = $1 AND id = $2 RETURNING ${endpointColumns('webhook_endpoints')}`,
        [
          ctx.organizationId, input.id, url ?? null, input.eventTypes ? normalizeEventTypes(input.eventTypes) : null,
          input.description !== undefined, blankToNull(input.description),
        ],
      );
      return this.changed(ctx, (change) => new WebhookEndpointUpdated(change), current, row!);
    });
  }

  /**
   * A new secret, returned once. The previous one keeps signing alongside it (a second
   * signature in `webhook-signature`) for the grace period, so receivers can switch over.
   */
  async rotateSecret(ctx: RequestContext, args: RotateWebhookSecretArgs): Promise<RotateWebhookSecretPayload> {
    return this.db.transaction(async () => {
      const current = await this.authorized(ctx, args.id, 'id', true);
      const secret = newWebhookSecret();
      const graceHours = args.gracePeriodHours ?? this.settings.config.secretGraceHours;
      const row = await this.db.queryOne<EndpointRow>(
        `UPDATE webhook_endpoints
            SET previous_secret_encrypted = CASE WHEN $4 > 0 THEN secret_encrypted END,
                previous_secret_expires_at = CASE WHEN $4 > 0 THEN now() + $4 * interval '1 hour' END,
                secret_encrypted = $3, secret_rotated_at = now(), updated_at = now()
          WHERE organization_id = $1 AND id = $2 RETURNING ${endpointColumns('webhook_endpoints')}`,
        [ctx.organizationId, args.id, this.settings.secrets.seal(secret, secretContext(ctx.organizationId, args.id)), graceHours],
      );
      const endpoint = toWebhookEndpoint(row!);
      await this.events.publish(ctx, new WebhookEndpointSecretRotated({ before: toWebhookEndpoint(current), after: endpoint }));
      return { endpoint, secret };
    });
  }

  /** Stops deliveries: none are made for later events, and pending ones are cancelled. */
  async disable(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
    return this.db.transaction(async () => {
      const current = await this.authorized(ctx, id, 'id', true);
      if (current.status === WebhookEndpointStatus.DISABLED) return toWebhookEndpoint(current);
      const who = ctx.requirePrincipal.kind === 'API_KEY' ? 'an API key' : 'a user';
      const row = await this.db.queryOne<EndpointRow>(
        `UPDATE webhook_endpoints SET status = 'DISABLED', disabled_reason = $3, disabled_at = now(), updated_at = now()
          WHERE organization_id = $1 AND id = $2 RETURNING ${endpointColumns('webhook_endpoints')}`,
        [ctx.organizationId, id, `Disabled by ${who}`],
      );
      await this.db.query(CANCEL_PENDING_DELIVERIES, [ctx.organizationId, id]);
      return this.changed(ctx, (change) => new WebhookEndpointDisabled({ ...change, by: 'caller' }), current, row!);
    });
  }

  /** Deliveries resume with the next event; events while it was disabled are not sent. */
  async enable(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
    return this.db.transaction(async () => {
      const current = await this.authorized(ctx, id, 'id', true);
      if (current.status === WebhookEndpointStatus.ENABLED) return toWebhookEndpoint(current);
      // The rules may have changed since it was saved (configuration, DNS).
      const problem = await webhookUrlProblem(current.url, this.settings.urlPolicy, this.resolver);
      if (problem) throw BadUserInputError.field('id', `the endpoint's URL ${problem}: update it first`);
      const row = await this.db.queryOne<EndpointRow>(
        `UPDATE webhook_endpoints SET status = 'ENABLED', disabled_reason = NULL, disabled_at = NULL, consecutive_failures = 0, updated_at = now()
          WHERE organization_id = $1 AND id = $2 RETURNING ${endpointColumns('webhook_endpoints')}`,
        [ctx.organizationId, id],
      );
      return this.changed(ctx, (change) => new WebhookEndpointEnabled(change), current, row!);
    });
  }

  /** Deletes the endpoint with its delivery log; a request in flight may still arrive. */
  async delete(ctx: RequestContext, id: string): Promise<DeleteWebhookEndpointPayload> {
    return this.db.transaction(async () => {
      const current = await this.authorized(ctx, id, 'id', true);
      await this.db.query(`DELETE FROM webhook_endpoints WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      await this.events.publish(ctx, new WebhookEndpointDeleted({ endpoint: toWebhookEndpoint(current) }));
      return { deletedId: id };
    });
  }

  /**
   * One endpoint, with the checks of `authorized` (NOT_FOUND, FORBIDDEN). Loader
   * `webhooks.endpoints.byId`, so `nodes` reads many in one statement.
   */
  async find(ctx: RequestContext, id: string): Promise<WebhookEndpoint> {
    const row = await ctx
      .loader<string, ScopedEndpointRow | null>('webhooks.endpoints.byId', async (ids) => {
        const rows = await this.db.query<ScopedEndpointRow>(
          `SELECT ${endpointColumns('e')}, b.ancestor_ids AS brand_ancestor_ids
             FROM webhook_endpoints e LEFT JOIN brands b ON b.id = e.brand_id
            WHERE e.organization_id = $1 AND e.id = ANY($2::uuid[])`,
          [ctx.organizationId, ids],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    return toWebhookEndpoint(this.check(ctx, row, id, 'id'));
  }

  /** Endpoints where the caller manages integrations, oldest first. */
  async list(ctx: RequestContext, args: WebhookEndpointsArgs): Promise<Connection<WebhookEndpoint>> {
    const reach = this.access.reach(ctx, Permission.INTEGRATION_MANAGE);
    return keysetPage(this.db, {
      matching: `SELECT ${endpointColumns('e')} FROM webhook_endpoints e LEFT JOIN brands b ON b.id = e.brand_id
          WHERE e.organization_id = $1
            AND ($2::boolean OR e.brand_id = ANY(${brandSubtreeIds('$1', '$3::uuid[]')}))
            AND ($4::uuid IS NULL OR e.brand_id = $4) AND ($5::text IS NULL OR e.status = $5)`,
      params: [ctx.organizationId, reach.orgWide, reach.orgWide ? [] : reach.brandIds, args.brandId ?? null, args.status ?? null],
      order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: 'asc',
      map: toWebhookEndpoint,
    }, args);
  }

  /**
   * The endpoint, once the caller may manage it: NOT_FOUND when it is another organization's
   * or on a brand the caller cannot see, FORBIDDEN without integration:manage where it acts.
   */
  async authorized(ctx: RequestContext, id: string, field: string, lock = false): Promise<ScopedEndpointRow> {
    const row = await this.db.queryOne<ScopedEndpointRow>(
      `SELECT ${endpointColumns('e')}, b.ancestor_ids AS brand_ancestor_ids
         FROM webhook_endpoints e LEFT JOIN brands b ON b.id = e.brand_id
        WHERE e.organization_id = $1 AND e.id = $2 ${lock ? 'FOR UPDATE OF e' : ''}`,
      [ctx.organizationId, id],
    );
    return this.check(ctx, row, id, field);
  }

  /** NOT_FOUND for an endpoint that is not the caller's to see, FORBIDDEN without integration:manage where it acts. */
  private check(ctx: RequestContext, row: ScopedEndpointRow | null | undefined, id: string, field: string): ScopedEndpointRow {
    const scope: BrandScope | null = row?.brand_id ? { id: row.brand_id, ancestorIds: row.brand_ancestor_ids ?? [] } : null;
    if (!row || (scope && !this.access.canSee(ctx, scope))) throw new NotFoundError('WebhookEndpoint', id, field);
    this.access.assert(ctx, Permission.INTEGRATION_MANAGE, scope, 'WebhookEndpoint', field);
    return row;
  }

  private async changed(ctx: RequestContext, event: (change: { before: WebhookEndpoint; after: WebhookEndpoint }) => DomainEvent, before: EndpointRow, after: EndpointRow): Promise<WebhookEndpoint> {
    const endpoint = toWebhookEndpoint(after);
    await this.events.publish(ctx, event({ before: toWebhookEndpoint(before), after: endpoint }));
    return endpoint;
  }

  private async checkedUrl(raw: string, field: string): Promise<string> {
    const url = raw.trim();
    const problem = await webhookUrlProblem(url, this.settings.urlPolicy, this.resolver);
    if (problem) throw BadUserInputError.field(field, problem);
    return url;
  }

  private async brandScope(ctx: RequestContext, brandId: string): Promise<BrandScope> {
    const row = await this.db.queryOne<{ ancestor_ids: string[]; archived_at: Date | null }>(
      `SELECT ancestor_ids, archived_at FROM brands WHERE organization_id = $1 AND id = $2`,
      [ctx.organizationId, brandId],
    );
    const scope = row ? { id: brandId, ancestorIds: row.ancestor_ids } : null;
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('Brand', brandId, 'input.brandId');
    if (row!.archived_at) throw BadUserInputError.field('input.brandId', `brand ${brandId} is archived`);
    return scope;
  }
}

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);

/** Sorted, without duplicates; `*` alone when it is there (it covers everything else). */
export function normalizeEventTypes(types: readonly string[]): string[] {
  const unique = [...new Set(types.map((t) => t.trim()))].sort();
  return unique.includes('*') ? ['*'] : unique;
}
