import { EffectivePolicy, PolicyRule, PolicyType } from './types';

// How policies flow down a brand tree. `chain` holds the policies set on each brand from
// the root down to the brand in question: chain[0] is the root's, chain[chain.length - 1]
// the brand's own. The database keeps at most one policy per type per brand; should a
// level hold more, the first one listed is the one that counts.

const TYPE_ORDER = Object.values(PolicyType);

/** The topmost locked rule of a type: a lock binds everything below it, so the highest one rules. */
function topmostLocked(levels: readonly (readonly PolicyRule[])[], type: PolicyType): PolicyRule | null {
  for (const level of levels) {
    const locked = level.find((rule) => rule.type === type && rule.locked);
    if (locked) return locked;
  }
  return null;
}

/**
 * The rules in force on the last brand of the chain, one per type, in PolicyType order: the
 * rule of each type that decides there, when it is enabled: the topmost locked one if any, else
 * the nearest one (a disabled winner switches its type off). One pass over the chain,
 * whatever the number of types: a brand console computes this for every brand it shows.
 */
export function decidingRules(chain: readonly (readonly PolicyRule[])[]): PolicyRule[] {
  const locked = new Map<PolicyType, PolicyRule>();
  const nearest = new Map<PolicyType, PolicyRule>();
  for (const level of chain) {
    // A deeper level overrides; on one level the first rule of a type counts (set last).
    for (let i = level.length - 1; i >= 0; i--) nearest.set(level[i].type, level[i]);
    for (const rule of level) if (rule.locked && !locked.has(rule.type)) locked.set(rule.type, rule);
  }
  const result: PolicyRule[] = [];
  for (const type of TYPE_ORDER) {
    const rule = locked.get(type) ?? nearest.get(type);
    if (rule && rule.enabled) result.push(rule);
  }
  return result;
}

/**
 * The policies in force on the last brand of the chain, one per type, in PolicyType order.
 *
 * Per type: the nearest (deepest) policy wins, so a sub-brand can tighten, loosen or (with
 * a disabled policy) switch off what it inherits; but when any level locked that type, the
 * topmost locked policy wins, whatever lies below it. A winner that is disabled switches
 * the type off, so it is left out: what is returned is what is enforced. That includes a
 * locked disabled policy, which keeps the type off for the whole subtree.
 */
export function effectivePolicies(chain: readonly (readonly PolicyRule[])[]): EffectivePolicy[] {
  return decidingRules(chain).map((rule) => ({ ...rule, inheritedFrom: rule.brandId }));
}

/**
 * The ancestor policy that forbids the last brand of the chain from setting its own policy
 * of this type: the topmost locked one above it (enabled or not: a locked disabled policy
 * keeps the type off below). The brand's own level is not an ancestor, so a brand may
 * always change a policy it locked itself.
 */
export function lockingPolicy(chain: readonly (readonly PolicyRule[])[], type: PolicyType): PolicyRule | null {
  return topmostLocked(chain.slice(0, -1), type);
}
