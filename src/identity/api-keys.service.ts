import { EventPublisher } from '../audit';
import { ApiKeyCreated, ApiKeyRevoked } from './identity.events';
import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, Connection, NotFoundError, RequestContext } from '../../libs/core';
import { API_KEY_PREFIX, Permission, AccessService } from '../../libs/auth';
import { Db, keysetPage } from '../../libs/database';
import { PrincipalType, principalVisibleSql, reachParams, RoleAssignmentsService } from '../access';
import { ApiKeysArgs, CreateApiKeyInput } from './dto/user.inputs';
import { ApiKey, CreateApiKeyPayload } from './identity.types';
import { hashApiKey } from './principals.service';
import { API_KEY_COLUMNS, ApiKeyRow, toApiKey } from './user.mapper';

/** How many characters of a key are kept in clear to tell keys apart: `psk_` and 8 more. */
const SHOWN_PREFIX = API_KEY_PREFIX.length + 8;

/** Integrators' keys. The secret is returned once; only its SHA-256 is stored. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly assignments: RoleAssignmentsService,
  ) {}

  /** Needs integration:manage where the key will act, and every permission of its role there. */
  async create(ctx: RequestContext, input: CreateApiKeyInput): Promise<CreateApiKeyPayload> {
    return this.db.transaction(async () => {
      const scope = input.brandId ? await this.assignments.brandScope(ctx, input.brandId, 'input.brandId') : null;
      this.access.assert(ctx, Permission.INTEGRATION_MANAGE, scope, 'Brand', 'input.brandId');
      const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await this.db.queryOne<ApiKeyRow>(
        `INSERT INTO api_keys (organization_id, name, prefix, secret_hash, created_by_id) VALUES ($1, $2, $3, $4, $5) RETURNING ${API_KEY_COLUMNS}`,
        [ctx.organizationId, input.name.trim(), secret.slice(0, SHOWN_PREFIX), hashApiKey(secret), ctx.requirePrincipal.id],
      );
      // The same checks as assignRole: a known role, nothing granted beyond the caller's own there.
      await this.assignments.grant(ctx, row!.id, PrincipalType.API_KEY, input.roleKey, scope);
      const apiKey = toApiKey(row!);
      await this.events.publish(ctx, new ApiKeyCreated({ apiKey, roleKey: input.roleKey, brandId: scope?.id ?? null }));
      return { apiKey, secret };
    });
  }

  /** The key stops working on its next request. Revoking a revoked key changes nothing. */
  async revoke(ctx: RequestContext, id: string): Promise<ApiKey> {
    return this.db.transaction(async () => {
      const row = await this.db.queryOne<ApiKeyRow & { scopes: { id: string | null; ancestorIds: string[] | null }[] }>(
        `SELECT ${API_KEY_COLUMNS.split(', ').map((c) => `k.${c}`).join(', ')},
                coalesce((SELECT json_agg(json_build_object('id', b.id, 'ancestorIds', b.ancestor_ids))
                            FROM role_assignments a LEFT JOIN brands b ON b.id = a.brand_id
                           WHERE a.organization_id = k.organization_id AND a.principal_id = k.id), '[]') AS scopes
           FROM api_keys k WHERE k.organization_id = $1 AND k.id = $2 FOR UPDATE OF k`,
        [ctx.organizationId, id],
      );
      const scopes = (row?.scopes ?? []).map((s) => (s.id ? { id: s.id, ancestorIds: s.ancestorIds ?? [] } : null));
      // A key acting on a brand the caller cannot see does not exist for them (named as the key, not the brand).
      if (!row || scopes.some((scope) => scope && !this.access.canSee(ctx, scope))) throw new NotFoundError('ApiKey', id, 'id');
      // Whoever may manage integrations everywhere the key acts may revoke it.
      for (const scope of scopes.length ? scopes : [null]) this.access.assert(ctx, Permission.INTEGRATION_MANAGE, scope, 'ApiKey', 'id');
      // ...and who holds all the key holds where it holds it (permission dominance); the key's row is locked.
      await this.assignments.assertMayChange(ctx, id);
      if (row.revoked_at) return toApiKey(row);
      const revoked = await this.db.queryOne<ApiKeyRow>(
        `UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1 AND id = $2 RETURNING ${API_KEY_COLUMNS}`,
        [ctx.organizationId, id],
      );
      const after = toApiKey(revoked!);
      await this.events.publish(ctx, new ApiKeyRevoked({ before: toApiKey(row), after }));
      return after;
    });
  }

  /**
   * A key the caller may see, as `apiKeys` lists them (acting where the caller holds
   * integration:manage), or the calling key itself (`viewer.apiKey`); NOT_FOUND otherwise.
   * Loader `apiKeys.byId`, so `nodes` reads many in one statement.
   */
  async find(ctx: RequestContext, id: string): Promise<ApiKey> {
    const row = await ctx
      .loader<string, ApiKeyRow | null>('apiKeys.byId', async (ids) => {
        const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.INTEGRATION_MANAGE));
        const rows = await this.db.query<ApiKeyRow>(
          `SELECT ${API_KEY_COLUMNS} FROM api_keys k WHERE k.organization_id = $1 AND k.id = ANY($2::uuid[])
              AND ${principalVisibleSql('k', { org: 1, orgWide: 3, self: 4, roots: 5 })}`,
          [ctx.organizationId, ids, orgWide, ctx.requirePrincipal.id, roots],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!row) throw new NotFoundError('ApiKey', id, 'id');
    return toApiKey(row);
  }

  /** Keys acting where the caller manages integrations. */
  async list(ctx: RequestContext, args: ApiKeysArgs): Promise<Connection<ApiKey>> {
    const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.INTEGRATION_MANAGE));
    return keysetPage(this.db, {
      matching: `SELECT ${API_KEY_COLUMNS} FROM api_keys k
          WHERE k.organization_id = $1 AND ${principalVisibleSql('k', { org: 1, orgWide: 2, self: 3, roots: 4 })}
            AND ($5::boolean OR k.revoked_at IS NULL)`,
      params: [ctx.organizationId, orgWide, ctx.requirePrincipal.id, roots, Boolean(args.includeRevoked)],
      order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: 'asc',
      map: toApiKey,
    }, args);
  }
}
