import { prefetched, RequestContext, toConnection } from '../../libs/core';
import { AccessService, BrandScope } from '../../libs/auth';
import { decidingRules, PolicyRule, PolicyType } from '../../libs/policy-engine';
import { Brand, subtreeCursor } from '../brands';
import { addRule, chainOf, Policy, PolicyRow } from '../policies';
import { profileCursor } from '../profiles';
import { brandOf, POLICY, policyOf, profileOf } from './entities';
import { Level } from './plan';
import { Statement, TreeValues } from './statement';

/** An ancestor as `path` needs it: who may see it, and its slug. */
type PathStep = BrandScope & { slug: string };

/** A rule the console read, with its policy once made: an umbrella's policies are in the effective policies of every brand below it. */
type ReadRule = PolicyRule & { row: PolicyRow; policy?: Policy };

/** PolicyType order, which is also the order of PostgreSQL's policy_type enum (and of the `policies` resolver). */
const POLICY_TYPE_RANK = new Map(Object.values(PolicyType).map((type, i) => [type, i]));
const byPolicyType = (a: PolicyRule, b: PolicyRule) => POLICY_TYPE_RANK.get(a.type)! - POLICY_TYPE_RANK.get(b.type)!;

/**
 * The brand of a statement's answer, with what its plan asked below it given to its objects
 * as read-ahead values (libs/core/prefetch.ts); null when the caller may not see the brand.
 */
export function brandOfTree(ctx: RequestContext, access: AccessService, statement: Statement, [rootValues, ancestorPolicies, ancestors]: TreeValues): Brand | null {
  const root = brandOf(rootValues[0] as unknown[], statement.root.plan.details);
  if (!access.canSee(ctx, root)) return null;
  const fill = new TreeFill(ctx, access, statement.needs.policyTimestamps);
  for (const values of ancestorPolicies ?? []) fill.ruleOf(values);
  const path: PathStep[] = (ancestors ?? []).map(([id, slug, ancestorIds]) => ({ id: id as string, slug: slug as string, ancestorIds: ancestorIds as string[] }));
  fill.level(root, rootValues, statement.root, path.filter((step) => access.canSee(ctx, step)));
  return root;
}

/** The objects of one answer, and the policy rules of every brand read so far (a child's chain is its ancestors', then its own). */
class TreeFill {
  private readonly rules = new Map<string, PolicyRule[]>();

  constructor(
    private readonly ctx: RequestContext,
    private readonly access: AccessService,
    private readonly policyTimestamps: boolean,
  ) {}

  ruleOf(values: unknown[]): PolicyRule {
    return addRule(this.rules, POLICY.rows(this.policyTimestamps).read(values));
  }

  /** The policy GraphQL shows for a rule, made once. */
  private readonly policyShown = (rule: PolicyRule): Policy => {
    const read = rule as ReadRule;
    return (read.policy ??= policyOf(rule, read.row, this.policyTimestamps));
  };

  /**
   * Gives `brand` the values of its level's fields: `values` is its level's JSON array, the
   * brand's columns first, then one value per part of `level`, in the order of its parts.
   */
  level(brand: Brand, values: unknown[], level: Level, visiblePath: PathStep[]): void {
    const { plan } = level;
    for (const key of plan.viewerPermissions) prefetched(brand, key, this.access.permissionsOn(this.ctx, brand));
    for (const key of plan.path) prefetched(brand, key, [...visiblePath.map((step) => step.slug), brand.slug]);
    let below: PathStep[] | undefined;
    for (let i = 0; i < level.parts.length; i++) {
      const part = level.parts[i];
      const value = values[i + 1];
      switch (part.kind) {
        case 'policies': {
          const own = ((value as unknown[][] | null) ?? []).map((v) => this.ruleOf(v)).sort(byPolicyType);
          for (const key of plan.policies) prefetched(brand, key, own.map(this.policyShown));
          if (plan.effectivePolicies.length) {
            const effective = decidingRules(chainOf(this.rules, brand)).map(this.policyShown);
            for (const key of plan.effectivePolicies) prefetched(brand, key, effective);
          }
          break;
        }
        case 'profiles': {
          const [total, items] = value as [number, unknown[][] | null];
          const nodes = (items ?? []).map((v) => profileOf(v, part.page.details));
          prefetched(brand, part.page.key, toConnection(nodes, { first: part.page.first }, total, profileCursor));
          break;
        }
        case 'children': {
          below ??= this.access.canSee(this.ctx, brand) ? [...visiblePath, { id: brand.id, ancestorIds: brand.ancestorIds, slug: brand.slug }] : visiblePath;
          const [total, items] = value as [number, unknown[][] | null];
          const nodes = (items ?? []).map((childValues) => {
            const child = brandOf(childValues[0] as unknown[], part.level.plan.details);
            this.level(child, childValues, part.level, below!);
            return child;
          });
          prefetched(brand, part.page.key, toConnection(nodes, { first: part.page.first }, total, subtreeCursor));
          break;
        }
      }
    }
  }
}
