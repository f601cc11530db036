import { EffectiveModerationRule, ModerationRule } from './types';

// How moderation rules flow down a brand tree: the semantics of policies
// (libs/policy-engine/inheritance.ts), with the rule's NAME as the override key instead of
// the policy type. `chain` holds the rules set on each brand from the root down to the brand
// in question: chain[0] is the root's, chain[chain.length - 1] the brand's own. A brand keeps
// one rule per name; should a level hold more, the first one listed counts.

/** The override key: names compare trimmed and case-insensitively ("Spam links" = "spam LINKS "). */
export function ruleNameKey(name: string): string {
  return name.normalize('NFC').trim().toLowerCase();
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The run order: rules set higher in the tree first (the umbrella's before the brand's),
 * then by position, then by name (case-insensitively, then as written, then by id), so the
 * order is total and the same on every call.
 */
export function compareRunOrder(a: EffectiveModerationRule, b: EffectiveModerationRule): number {
  return (
    a.depth - b.depth ||
    a.position - b.position ||
    compareText(ruleNameKey(a.name), ruleNameKey(b.name)) ||
    compareText(a.name, b.name) ||
    compareText(a.id, b.id)
  );
}

/**
 * The rules in force on the last brand of the chain, in run order (compareRunOrder).
 *
 * Per name: the nearest (deepest) rule wins, so a sub-brand can change or (with a disabled
 * rule) switch off what it inherits; but when a level locked that name, the topmost locked
 * rule wins, whatever lies below it. A disabled winner switches the name off and is left
 * out: what is returned is what runs. A rule runs at the depth of the brand that set it, so
 * a sub-brand's override of an umbrella rule runs among the sub-brand's rules.
 */
export function effectiveModerationRules(chain: readonly (readonly ModerationRule[])[]): EffectiveModerationRule[] {
  const locked = new Map<string, { rule: ModerationRule; depth: number }>();
  const nearest = new Map<string, { rule: ModerationRule; depth: number }>();
  chain.forEach((level, depth) => {
    // A deeper level overrides; on one level the first rule of a name counts (set last).
    for (let i = level.length - 1; i >= 0; i--) nearest.set(ruleNameKey(level[i].name), { rule: level[i], depth });
    for (const rule of level) {
      const key = ruleNameKey(rule.name);
      if (rule.locked && !locked.has(key)) locked.set(key, { rule, depth });
    }
  });
  const result: EffectiveModerationRule[] = [];
  for (const [key, near] of nearest) {
    const { rule, depth } = locked.get(key) ?? near;
    if (rule.enabled) result.push({ ...rule, inheritedFrom: rule.brandId, depth });
  }
  return result.sort(compareRunOrder);
}

/**
 * The ancestor rule that forbids the last brand of the chain from setting its own rule of
 * this name: the topmost locked one above it, enabled or not (a locked disabled rule keeps
 * the name off below). The brand's own level is not an ancestor, so a
 * brand may always change a rule it locked itself.
 */
export function lockingRule(chain: readonly (readonly ModerationRule[])[], name: string): ModerationRule | null {
  const key = ruleNameKey(name);
  for (const level of chain.slice(0, -1)) {
    const rule = level.find((r) => r.locked && ruleNameKey(r.name) === key);
    if (rule) return rule;
  }
  return null;
}
