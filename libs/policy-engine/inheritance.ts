import { EffectivePolicy, PolicyRule, PolicyType } from './types';

// How policies flow down a brand tree. `chain` holds the policies set on each brand from
// the root down to the brand in question: chain[0] is the root's, chain[chain.length - 1]
// the brand's own. The database keeps at most one policy per type per brand; should a
// level hold more, the first one listed is the one that counts.

const TYPE_ORDER = Object.values(PolicyType);

function firstOfType(level: readonly PolicyRule[], type: PolicyType): PolicyRule | undefined {
  return level.find((rule) => rule.type === type);
}

/** The topmost locked rule of a type: a lock binds everything below it, so the highest one rules. */
function topmostLocked(levels: readonly (readonly PolicyRule[])[], type: PolicyType): PolicyRule | null {
  for (const level of levels) {
    const locked = level.find((rule) => rule.type === type && rule.locked);
    if (locked) return locked;
  }
  return null;
}

/**
 * The rule of a type that decides on the last brand of the chain, enabled or not: the
 * topmost locked one if any, else the nearest one. A disabled winner means the type is
 * switched off there.
 */
function decidingRule(chain: readonly (readonly PolicyRule[])[], type: PolicyType): PolicyRule | null {
  const locked = topmostLocked(chain, type);
  if (locked) return locked;
  for (let i = chain.length - 1; i >= 0; i--) {
    const rule = firstOfType(chain[i], type);
    if (rule) return rule;
  }
  return null;
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
  const result: EffectivePolicy[] = [];
  for (const type of TYPE_ORDER) {
    const rule = decidingRule(chain, type);
    if (rule && rule.enabled) result.push({ ...rule, inheritedFrom: rule.brandId });
  }
  return result;
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
