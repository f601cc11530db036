import { AuditService } from '../audit/audit.service';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, ForbiddenError, NotFoundError, RequestContext, unreadFields } from '../../libs/core';
import { Permission, AccessService, BrandScope } from '../../libs/auth';
import { Db } from '../../libs/database';
import { decidingRules, effectivePolicies, lockingPolicy, PolicyRule, PolicyType, validatePolicyConfig } from '../../libs/policy-engine';
import { SetPolicyInput } from './dto/policy.inputs';
import { CONFIG_KEY, PolicyConfig } from './policy-config.types';
import { Policy } from './policy.type';

export interface PolicyRow {
  id: string;
  brand_id: string;
  type: PolicyType;
  enforcement: PolicyRule['enforcement'];
  locked: boolean;
  enabled: boolean;
  config: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export const POLICY_COLUMN_NAMES = ['id', 'brand_id', 'type', 'enforcement', 'locked', 'enabled', 'config', 'created_at', 'updated_at'] as const;

const POLICY_COLUMNS = (a: string) => POLICY_COLUMN_NAMES.map((c) => `${a}.${c}`).join(', ');

/** Drops nulls GraphQL leaves for absent optional fields, so stored configs stay minimal. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, compact(v)]));
  }
  return value;
}

export const toRule = (row: PolicyRow): PolicyRule => ({
  id: row.id,
  brandId: row.brand_id,
  type: row.type,
  enforcement: row.enforcement,
  locked: row.locked,
  enabled: row.enabled,
  config: row.config as never,
});

/** Sets on `policy` the fields every policy object has, whichever columns were read. */
function withCoreFields(policy: Policy, rule: PolicyRule): Policy {
  policy.id = rule.id;
  policy.brandId = rule.brandId;
  policy.type = rule.type;
  policy.enforcement = rule.enforcement;
  policy.locked = rule.locked;
  policy.enabled = rule.enabled;
  policy.config = { [CONFIG_KEY[rule.type]]: rule.config } as PolicyConfig;
  return policy;
}

export function toPolicy(rule: PolicyRule, row?: PolicyRow): Policy {
  const policy = withCoreFields({} as Policy, rule);
  policy.createdAt = row?.created_at ?? new Date(0);
  policy.updatedAt = row?.updated_at ?? new Date(0);
  return policy;
}

/** A rule read from a stored policy: it carries its row (for the timestamps), and its GraphQL shape once made. */
type StoredRule = PolicyRule & { row: PolicyRow; policy?: Policy };

/** The timestamp columns of a policy, read only when a query shows createdAt or updatedAt. */
export const POLICY_TIMESTAMP_COLUMNS: readonly string[] = ['created_at', 'updated_at'];

/** The GraphQL fields POLICY_TIMESTAMP_COLUMNS hold. */
export const POLICY_TIMESTAMP_FIELDS: readonly string[] = ['createdAt', 'updatedAt'];

const WITHOUT_TIMESTAMPS = unreadFields('Policy', POLICY_TIMESTAMP_FIELDS, 'BrandTreeReader reads them only when the query asks for them');

/** A rule as GraphQL shows it, from a row read without POLICY_TIMESTAMP_COLUMNS. */
const toPolicyWithoutTimestamps = (rule: PolicyRule): Policy => withCoreFields(Object.create(WITHOUT_TIMESTAMPS) as Policy, rule);

/** A stored policy as a rule, carrying its row (for the timestamps of what it decides). */
export const ruleOf = (row: PolicyRow): PolicyRule => Object.assign(toRule(row), { row });

/** Adds a stored policy to the rules of its brand, and returns its rule. */
export function addRule(byBrand: Map<string, PolicyRule[]>, row: PolicyRow): PolicyRule {
  const rule = ruleOf(row);
  const rules = byBrand.get(row.brand_id);
  if (rules) rules.push(rule);
  else byBrand.set(row.brand_id, [rule]);
  return rule;
}

/** A brand's chain: the rules on each of its ancestors, root first, then its own. */
export const chainOf = (byBrand: Map<string, PolicyRule[]>, brand: BrandScope): PolicyRule[][] => [...brand.ancestorIds, brand.id].map((id) => byBrand.get(id) ?? []);

/**
 * A rule as GraphQL shows it. A rule read from a stored policy makes its policy once and
 * keeps it: the umbrella's policies are in the effective policies of every brand below it.
 */
export function policyOf(rule: PolicyRule): Policy {
  const stored = rule as Partial<StoredRule>;
  if (!stored.row) return toPolicy(rule);
  // A row read without its timestamps has none (BrandTreeReader, when the query shows neither).
  return (stored.policy ??= stored.row.created_at === undefined ? toPolicyWithoutTimestamps(rule) : toPolicy(rule, stored.row));
}

/** What applies after inheritance on a chain of levels (root first), as GraphQL policies. */
export const effectiveOf = (chain: readonly (readonly PolicyRule[])[]): Policy[] => decidingRules(chain).map(policyOf);

/** Governance rules on brands, and what applies where after inheritance. */
@Injectable()
export class PoliciesService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly audit: AuditService,
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
      if (input.type === PolicyType.APPROVAL_REQUIRED) await this.assertWorkflowExists(ctx, String(config.workflowId));
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
         ON CONFLICT (brand_id, type) DO UPDATE
            SET enforcement = EXCLUDED.enforcement, locked = EXCLUDED.locked, enabled = EXCLUDED.enabled, config = EXCLUDED.config, updated_at = now()
         RETURNING ${POLICY_COLUMNS('policies')}`,
        [ctx.organizationId, brand.id, input.type, input.enforcement, input.locked ?? false, input.enabled ?? true, config, ctx.requirePrincipal.id],
      );
      const policy = toPolicy(toRule(row!), row);
      await this.audit.record(ctx, { action: 'policy.set', entityType: 'Policy', entityId: policy.id, brandId: policy.brandId, after: policy });
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
      await this.audit.record(ctx, { action: 'policy.removed', entityType: 'Policy', entityId: id, brandId: removed.brandId, before: removed });
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

  private async assertWorkflowExists(ctx: RequestContext, workflowId: string): Promise<void> {
    const found = await this.db.queryOne(`SELECT 1 FROM approval_workflows WHERE organization_id = $1 AND id::text = $2`, [ctx.organizationId, workflowId]);
    if (!found) throw BadUserInputError.field('input.config.approvalRequired.workflowId', 'no such approval workflow in this organization');
  }
}

