import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Grant, Principal } from '../../libs/core';
import { AccessTokenClaims, PrincipalResolver, rolePermissions } from '../../libs/auth';
import { Db } from '../../libs/database';

interface PrincipalRow {
  id: string;
  organization_id: string;
  grants: { id: string; roleKey: string; brandId: string | null; permissions: string[] | null }[];
  last_used_at?: Date | null;
}

/** The principal's assignments with their custom roles' permissions, as one JSON column (in a stable order, so two reads compare equal). */
const GRANTS = (principal: string) => `coalesce((
  SELECT json_agg(json_build_object('id', a.id, 'roleKey', a.role_key, 'brandId', a.brand_id, 'permissions', r.permissions) ORDER BY a.id)
    FROM role_assignments a
    LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key
   WHERE a.organization_id = ${principal}.organization_id AND a.principal_id = ${principal}.id
), '[]') AS grants`;

/**
 * A login token's user, only while its session holds: the user is active, the token's version
 * is still the user's (a password or status change moves it) and the token was not logged out.
 * All in the one statement that reads the grants, so ending sessions costs no extra round trip.
 */
const USER_SQL = `SELECT u.id, u.organization_id, ${GRANTS('u')}
  FROM users u WHERE u.id = $1 AND u.organization_id = $2 AND u.status = 'ACTIVE' AND u.token_version = $3
   AND NOT EXISTS (SELECT 1 FROM revoked_tokens r WHERE r.jti = $4::uuid)`;
const API_KEY_SQL = `SELECT k.id, k.organization_id, k.last_used_at, ${GRANTS('k')}
  FROM api_keys k WHERE k.secret_hash = $1 AND k.revoked_at IS NULL`;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A principal as last read, and what its row said (without the usage time). */
interface KnownPrincipal {
  principal: Principal;
  fingerprint: string;
  /** When an API key's use was last recorded (ms), 0 for never. */
  lastUsedAt: number;
}

const fingerprintOf = (row: PrincipalRow) => JSON.stringify([row.id, row.organization_id, row.grants]);

/** Principals remembered at most; the least recently used is forgotten first. */
const MAX_KNOWN = 10_000;

/**
 * Turns a verified credential into a live principal with its grants, read once per request:
 * - a mutation (or a caller not seen before) reads it before anything else, in one statement
 *   made before the tenant is known (Db.systemQuery);
 * - a query starts from the principal as last read and reads it again with its first batch of
 *   reads (Db.guardFirstBatch), saving a round trip; if the row changed (a role granted
 *   or revoked, a user deactivated, a session ended, a key revoked) the answer is thrown away and the query
 *   runs again with the principal read afresh. No answer is given on grants older than the
 *   request. A write in such a query (none is expected) runs it again too, the caller read
 *   first: the database layer refuses a write before its guard has held.
 */
@Injectable()
export class PrincipalsService implements PrincipalResolver {
  private readonly logger = new Logger('ApiKeys');
  private readonly known = new LRUCache<string, KnownPrincipal>({ max: MAX_KNOWN });

  constructor(private readonly db: Db) {}

  async resolveAccessToken(claims: AccessTokenClaims): Promise<Principal | null> {
    // Remembered per token: each token's session is checked on its own.
    const known = await this.resolve(`user ${claims.sub} ${claims.org} ${claims.jti}`, 'USER', USER_SQL, [claims.sub, claims.org, claims.ver, claims.jti]);
    return known?.principal ?? null;
  }

  async resolveApiKey(key: string): Promise<Principal | null> {
    const hash = hashApiKey(key);
    const known = await this.resolve(`key ${hash}`, 'API_KEY', API_KEY_SQL, [hash]);
    if (!known) return null;
    if (Date.now() - known.lastUsedAt > 60_000) {
      // At most once a minute, and off the request's path: usage tracking never fails a call.
      known.lastUsedAt = Date.now();
      const id = known.principal.id;
      void this.db
        .outsideRequest(() => this.db.systemQuery(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [id]))
        .catch((error: Error) => this.logger.warn(`Could not record the use of API key ${id}: ${error.message}`));
    }
    return known.principal;
  }

  private async resolve(key: string, kind: Principal['kind'], sql: string, parameters: unknown[]): Promise<KnownPrincipal | null> {
    const known = this.known.get(key);
    if (known && this.db.canGuardFirstBatch()) {
      this.db.guardFirstBatch({ sql, parameters, holds: (rows) => rows.length === 1 && fingerprintOf(rows[0] as PrincipalRow) === known.fingerprint });
      return known;
    }
    const [row] = await this.db.systemQuery<PrincipalRow>(sql, parameters);
    this.known.delete(key);
    if (!row) return null;
    const fresh: KnownPrincipal = { principal: toPrincipal(kind, row), fingerprint: fingerprintOf(row), lastUsedAt: row.last_used_at?.getTime() ?? known?.lastUsedAt ?? 0 };
    this.known.set(key, fresh);
    return fresh;
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
