import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Grant, Principal } from '../../libs/core';
import { AccessTokenClaims, PrincipalResolver, rolePermissions } from '../../libs/auth';
import { Db } from '../../libs/database';

interface PrincipalRow {
  id: string;
  organization_id: string;
  grants: { id: string; roleKey: string; brandId: string | null; permissions: string[] | null }[];
  last_used_at?: Date | null;
}

/** The principal's assignments with their custom roles' permissions, as one JSON column. */
const GRANTS = (principal: string) => `coalesce((
  SELECT json_agg(json_build_object('id', a.id, 'roleKey', a.role_key, 'brandId', a.brand_id, 'permissions', r.permissions))
    FROM role_assignments a
    LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key
   WHERE a.organization_id = ${principal}.organization_id AND a.principal_id = ${principal}.id
), '[]') AS grants`;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * Turns a verified credential into a live principal with its grants: one statement per
 * request, made before the tenant is known (so through Db.systemQuery).
 */
@Injectable()
export class PrincipalsService implements PrincipalResolver {
  private readonly logger = new Logger('ApiKeys');

  constructor(private readonly db: Db) {}

  async resolveAccessToken(claims: AccessTokenClaims): Promise<Principal | null> {
    const [row] = await this.db.systemQuery<PrincipalRow>(
      `SELECT u.id, u.organization_id, ${GRANTS('u')}
         FROM users u WHERE u.id = $1 AND u.organization_id = $2 AND u.status = 'ACTIVE'`,
      [claims.sub, claims.org],
    );
    return row ? toPrincipal('USER', row) : null;
  }

  async resolveApiKey(key: string): Promise<Principal | null> {
    const [row] = await this.db.systemQuery<PrincipalRow>(
      `SELECT k.id, k.organization_id, k.last_used_at, ${GRANTS('k')}
         FROM api_keys k WHERE k.secret_hash = $1 AND k.revoked_at IS NULL`,
      [hashApiKey(key)],
    );
    if (!row) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
      // At most once a minute, and off the request's path: usage tracking never fails a call.
      void this.db
        .systemQuery(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [row.id])
        .catch((error: Error) => this.logger.warn(`Could not record the use of API key ${row.id}: ${error.message}`));
    }
    return toPrincipal('API_KEY', row);
  }
}

function toPrincipal(kind: Principal['kind'], row: PrincipalRow): Principal {
  const grants: Grant[] = row.grants.map((g) => ({
    assignmentId: g.id,
    roleKey: g.roleKey,
    brandId: g.brandId,
    permissions: rolePermissions(g.roleKey, g.permissions),
  }));
  return { kind, id: row.id, organizationId: row.organization_id, grants };
}
