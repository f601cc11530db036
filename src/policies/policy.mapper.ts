import { BrandScope } from '../../libs/auth';
import { decidingRules, PolicyRule, PolicyType } from '../../libs/policy-engine';
import { CONFIG_KEY, PolicyConfig } from './policy-config.types';
import { Policy } from './policy.type';

// Rows of the policies table as rules and as GraphQL policies: shared by PoliciesService and
// the brand console reader, which reads the same columns in its one statement.

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

export const POLICY_COLUMNS = (a: string) => POLICY_COLUMN_NAMES.map((c) => `${a}.${c}`).join(', ');

export const toRule = (row: PolicyRow): PolicyRule => ({
  id: row.id,
  brandId: row.brand_id,
  type: row.type,
  enforcement: row.enforcement,
  locked: row.locked,
  enabled: row.enabled,
  config: row.config as never,
});

/**
 * Sets on `policy` the fields every policy object has, whichever columns were read (the brand
 * console makes policies without their timestamps with it: src/brand-console/entities.ts).
 */
export function withCoreFields(policy: Policy, rule: PolicyRule): Policy {
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
  return (stored.policy ??= toPolicy(rule, stored.row));
}

/** What applies after inheritance on a chain of levels (root first), as GraphQL policies. */
export const effectiveOf = (chain: readonly (readonly PolicyRule[])[]): Policy[] => decidingRules(chain).map(policyOf);
