import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, grantBelowSql, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { POLICY_COLUMNS, PolicyRow, toPolicy, toRule } from './policy.mapper';
import { Policy } from './policy.type';

type ScopedPolicyRow = PolicyRow & { brand_ancestor_ids: string[]; grant_below: boolean };

/**
 * A policy by its id, for `node(id)`: where `Brand.policies` shows it (brand:read on the brand it
 * is set on) or `Brand.effectivePolicies` may (brand:read on a brand below it, which inherits
 * it); NOT_FOUND otherwise. Loader `policies.byId`, so `nodes` reads many in one statement.
 */
@Injectable()
export class PolicyNodeReader {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async find(ctx: RequestContext, id: string): Promise<Policy> {
    const reach = this.access.reach(ctx, Permission.BRAND_READ);
    const row = await ctx
      .loader<string, ScopedPolicyRow | null>('policies.byId', async (ids) => {
        const rows = await this.db.query<ScopedPolicyRow>(
          `SELECT ${POLICY_COLUMNS('p')}, b.ancestor_ids AS brand_ancestor_ids, ${grantBelowSql('$1', 'p.brand_id', '$3::uuid[]')} AS grant_below
             FROM policies p JOIN brands b ON b.organization_id = p.organization_id AND b.id = p.brand_id
            WHERE p.organization_id = $1 AND p.id = ANY($2::uuid[])`,
          [ctx.organizationId, ids, reach.orgWide ? [] : reach.brandIds],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!row || !(row.grant_below || this.access.canSee(ctx, { id: row.brand_id, ancestorIds: row.brand_ancestor_ids }))) throw new NotFoundError('Policy', id, 'id');
    return toPolicy(toRule(row), row);
  }
}
