import { EventPublisher } from '../audit';
import { PolicyRemoved, PolicySet } from './policy.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, ForbiddenError, NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, BrandScope, isBuiltInRole, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { effectivePolicies, lockingPolicy, PolicyConfigs, PolicyRule, PolicyType, validatePolicyConfig } from '../../libs/policy-engine';
import { SetPolicyInput } from './dto/policy.inputs';
import { CONFIG_KEY } from './policy-config.types';
import { Policy } from './policy.type';
import { addRule, chainOf, effectiveOf, POLICY_COLUMNS, PolicyRow, toPolicy, toRule } from './policy.mapper';

/** Drops nulls GraphQL leaves for absent optional fields, so stored configs stay minimal. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}

/** Governance rules on brands, and what applies where after inheritance. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Sets the brand's policy of a type (one per type and brand). Refused with FORBIDDEN,
   * naming the brand, when an ancestor locked that type.
   */
  async set(ctx: RequestContext, input: SetPolicyInput): Promise<Policy> {
    const key = CONFIG_KEY[input.type];
    const given = Object.entries(input.config ?? {}).filter(([, v]) => v !== null && v !== undefined).map(([k]) => k);
    if (given.length !== 1 || given[0] !== key) {
      throw BadUserInputError.field('input.config', `give exactly config.${key} for a ${input.type} policy`);
    }
    const config = compact(input.config[key]) as Record<string, unknown>;
    const problems = validatePolicyConfig(input.type, config);
    if (problems.length) {
      const fields = problems.map((p) => ({ field: `input.config.${key}${p.field ? `.${p.field}` : ''}`, message: p.message }));
      throw new BadUserInputError(`Invalid ${input.type} config: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
    }
    return this.db.transaction(async () => {
      const brand = await this.brandScope(ctx, input.brandId, 'input.brandId');
      this.access.assert(ctx, Permission.POLICY_MANAGE, brand, 'Brand', 'input.brandId');
      if (input.type === PolicyType.APPROVAL_REQUIRED) await this.assertApprovalReferences(ctx, config as PolicyConfigs[PolicyType.APPROVAL_REQUIRED]);
      const chain = await this.chains(ctx, [brand]);
      const lock = lockingPolicy(chain.get(brand.id)!, input.type);
      if (lock && lock.brandId !== brand.id) {
        const [{ name }] = await this.db.query<{ name: string }>(`SELECT name FROM brands WHERE id = $1`, [lock.brandId]);
        throw new ForbiddenError(`${input.type} is locked by ${name}; brands below it cannot override it`, {
          lockedBy: { brandId: lock.brandId, brandName: name, policyId: lock.id },
        });
      }
      const row = await this.db.queryOne<PolicyRow>(
        `INSERT INTO policies (organization_id, brand_id, type, enforcement, locked, enabled, config, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (organization_id, brand_id, type) DO UPDATE
            SET enforcement = EXCLUDED.enforcement, locked = EXCLUDED.locked, enabled = EXCLUDED.enabled, config = EXCLUDED.config, updated_at = now()
         RETURNING ${POLICY_COLUMNS('policies')}`,
        [ctx.organizationId, brand.id, input.type, input.enforcement, input.locked ?? false, input.enabled ?? true, config, ctx.requirePrincipal.id],
      );
      const policy = toPolicy(toRule(row!), row);
      await this.events.publish(ctx, new PolicySet({ policy }));
      return policy;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<Policy> {
    return this.db.transaction(async () => {
      const row = await this.db.queryOne<PolicyRow & { ancestor_ids: string[] }>(
        `SELECT ${POLICY_COLUMNS('p')}, b.ancestor_ids FROM policies p JOIN brands b ON b.id = p.brand_id
          WHERE p.organization_id = $1 AND p.id = $2 FOR UPDATE OF p`,
        [ctx.organizationId, id],
      );
      const scope = row ? { id: row.brand_id, ancestorIds: row.ancestor_ids } : null;
      if (!row || !this.access.canSee(ctx, scope!)) throw new NotFoundError('Policy', id, 'id');
      this.access.assert(ctx, Permission.POLICY_MANAGE, scope);
      await this.db.query(`DELETE FROM policies WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      const removed = toPolicy(toRule(row), row);
      await this.events.publish(ctx, new PolicyRemoved({ policy: removed }));
      return removed;
    });
  }

  /** Policies set on the brand itself, batched per request. */
  forBrand(ctx: RequestContext, brandId: string): Promise<Policy[]> {
    return ctx
      .loader<string, Policy[]>('policies.byBrand', async (ids) => {
        const rows = await this.db.query<PolicyRow>(
          `SELECT ${POLICY_COLUMNS('p')} FROM policies p WHERE p.organization_id = $1 AND p.brand_id = ANY($2::uuid[]) ORDER BY p.type`,
          [ctx.organizationId, ids],
        );
        return ids.map((id) => rows.filter((r) => r.brand_id === id).map((r) => toPolicy(toRule(r), r)));
      })
      .load(brandId);
  }

  /** What applies on the brand after inheritance and locks, batched per request. */
  async effective(ctx: RequestContext, brand: BrandScope): Promise<Policy[]> {
    return ctx
      .loader<BrandScope, Policy[]>('policies.effective', async (brands) => {
        const chains = await this.chains(ctx, brands);
        return brands.map((b) => effectiveOf(chains.get(b.id)!));
      }, (b) => b.id)
      .load(brand);
  }

  /** The effective rules for a brand, for evaluation (no GraphQL shape). */
  async effectiveRules(ctx: RequestContext, brand: BrandScope): Promise<PolicyRule[]> {
    const chains = await this.chains(ctx, [brand]);
    return effectivePolicies(chains.get(brand.id)!);
  }

  /**
   * For each brand, the policies on it and its ancestors, root first, one level per brand:
   * one statement for all the brands.
   */
  private async chains(ctx: RequestContext, brands: readonly BrandScope[]): Promise<Map<string, PolicyRule[][]>> {
    const all = [...new Set(brands.flatMap((b) => [...b.ancestorIds, b.id]))];
    const rows = await this.db.query<PolicyRow>(
      `SELECT ${POLICY_COLUMNS('p')} FROM policies p WHERE p.organization_id = $1 AND p.brand_id = ANY($2::uuid[])`,
      [ctx.organizationId, all],
    );
    const byBrand = new Map<string, PolicyRule[]>();
    for (const row of rows) addRule(byBrand, row);
    return new Map(brands.map((b) => [b.id, chainOf(byBrand, b)]));
  }

  private async brandScope(ctx: RequestContext, brandId: string, field: string): Promise<BrandScope> {
    const row = await this.db.queryOne<{ ancestor_ids: string[] }>(`SELECT ancestor_ids FROM brands WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, brandId]);
    const scope = row ? { id: brandId, ancestorIds: row.ancestor_ids } : null;
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('Brand', brandId, field);
    return scope;
  }

  /** The workflows (the policy's and its replies') and the reply author roles must exist in the organization. */
  private async assertApprovalReferences(ctx: RequestContext, config: PolicyConfigs[PolicyType.APPROVAL_REQUIRED]): Promise<void> {
    const field = 'input.config.approvalRequired';
    await this.assertWorkflowExists(ctx, config.workflowId, `${field}.workflowId`);
    const replies = config.replies;
    if (replies?.workflowId != null && replies.workflowId !== config.workflowId) {
      await this.assertWorkflowExists(ctx, replies.workflowId, `${field}.replies.workflowId`);
    }
    const custom = (replies?.authorRoles ?? []).filter((key) => !isBuiltInRole(key));
    if (custom.length === 0) return;
    const found = await this.db.query<{ key: string }>(`SELECT key FROM roles WHERE organization_id = $1 AND key = ANY($2::text[])`, [ctx.organizationId, custom]);
    const unknown = (replies?.authorRoles ?? [])
      .map((key, i) => ({ key, field: `${field}.replies.authorRoles.${i}` }))
      .filter(({ key }) => custom.includes(key) && !found.some((r) => r.key === key));
    if (unknown.length) {
      throw new BadUserInputError(
        `No such role in this organization: ${unknown.map((u) => u.key).join(', ')}`,
        unknown.map((u) => ({ field: u.field, message: 'no such role in this organization' })),
      );
    }
  }

  private async assertWorkflowExists(ctx: RequestContext, workflowId: string, field: string): Promise<void> {
    const found = await this.db.queryOne(`SELECT 1 FROM approval_workflows WHERE organization_id = $1 AND id::text = $2`, [ctx.organizationId, workflowId]);
    if (!found) throw BadUserInputError.field(field, 'no such approval workflow in this organization');
  }
}
