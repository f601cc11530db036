import { countWords } from '../../../libs/policy-engine/text';
import { ActionEffect, ConditionHit, describeAction, describeCondition } from './describe';
import { contactDetails, hasLink, isOnlyEmoji, isOnlyMentions } from './detectors';
import { compileKeywords, foldText } from './fold';
import {
  EffectiveModerationRule,
  InboxAboutValue,
  ModerationActionSpec,
  ModerationCondition,
  ModerationContext,
  ModerationItem,
  ModerationOutcome,
  ModerationTrailEntry,
} from './types';

// Running the effective rules over incoming items. Ingest moderates up to 500 items a call
// against the same few rules, so the rules are compiled once (keyword patterns built up
// front) and each item's expensive readings (folded body, links...) are made at most once,
// only when a condition asks for them.

/** The item as the conditions read it; every reading is computed on first use. */
class ItemView {
  private folded?: string;
  private words?: number;
  private link?: boolean;
  private contact?: { email: boolean; phone: boolean };
  private mentions?: boolean;
  private emoji?: boolean;

  constructor(
    readonly item: ModerationItem,
    /** What the item is about so far: an earlier rule's SET_ABOUT changes what ABOUT sees. */
    public about: InboxAboutValue,
  ) {}

  get foldedBody(): string {
    return (this.folded ??= foldText(this.item.body));
  }
  get wordCount(): number {
    return (this.words ??= countWords(this.item.body));
  }
  get hasLink(): boolean {
    return (this.link ??= hasLink(this.item.body));
  }
  get contactDetails(): { email: boolean; phone: boolean } {
    return (this.contact ??= contactDetails(this.item.body));
  }
  get onlyMentions(): boolean {
    return (this.mentions ??= isOnlyMentions(this.item.body));
  }
  get onlyEmoji(): boolean {
    return (this.emoji ??= isOnlyEmoji(this.item.body));
  }
}

/** A condition ready to test: a hit (the details for its summary) or null. */
type ConditionTest = (view: ItemView) => ConditionHit | null;

const whenTrue = (value: boolean): ConditionHit | null => (value ? {} : null);

/** The listed values the item has, as a hit, or null when it has none of them. */
function anyOf(listed: readonly string[], values: readonly string[]): ConditionHit | null {
  const found = values.filter((v) => listed.includes(v));
  return found.length > 0 ? { values: found } : null;
}

function compileCondition(condition: ModerationCondition): ConditionTest {
  switch (condition.type) {
    case 'KEYWORDS': {
      const matcher = compileKeywords(condition.terms);
      return (view) => {
        const terms = matcher?.find(view.foldedBody) ?? [];
        return terms.length > 0 ? { terms } : null;
      };
    }
    case 'ONLY_MENTIONS':
      return (view) => whenTrue(view.onlyMentions);
    case 'ONLY_EMOJI':
      return (view) => whenTrue(view.onlyEmoji);
    case 'HAS_LINK':
      return (view) => whenTrue(view.hasLink);
    case 'HAS_CONTACT_DETAILS':
      return (view) => {
        const found = view.contactDetails;
        return found.email || found.phone ? { ...found } : null;
      };
    case 'WORD_COUNT': {
      const { min, max } = condition;
      return (view) => {
        const words = view.wordCount;
        return (min == null || words >= min) && (max == null || words <= max) ? { words } : null;
      };
    }
    case 'KIND':
      return (view) => anyOf(condition.kinds, [view.item.kind]);
    case 'NETWORK':
      return (view) => anyOf(condition.networks, [view.item.network]);
    case 'AUTHOR_SEEN_BEFORE':
      return (view) => whenTrue(view.item.authorSeenBefore === condition.value);
    case 'POST_TAG':
      return (view) => anyOf(condition.tags, view.item.postTags);
    case 'ABOUT':
      return (view) => anyOf(condition.abouts, [view.about]);
    default:
      // A condition of a type this engine does not know (a newer row, a bad import) never matches.
      return () => null;
  }
}

interface CompiledRule {
  rule: EffectiveModerationRule;
  tests: { condition: ModerationCondition; test: ConditionTest }[];
}

/** Effective rules compiled for evaluation; reuse it for every item of a batch on the same brand. */
export interface CompiledModerationRules {
  readonly rules: readonly CompiledRule[];
}

/** Compiles the rules (in the order given: effectiveModerationRules' run order) once for many items. */
export function compileRules(effective: readonly EffectiveModerationRule[]): CompiledModerationRules {
  return {
    rules: effective.map((rule) => ({
      rule,
      tests: rule.conditions.map((condition) => ({ condition, test: compileCondition(condition) })),
    })),
  };
}

/**
 * The summaries of the conditions that matched, or null when the rule does not match. ALL
 * stops at the first miss; ANY looks at every condition so the trail names each that held.
 * A rule without conditions never matches (validation refuses one; "match everything"
 * must be said out loud, e.g. WORD_COUNT min 0).
 */
function matchRule(compiled: CompiledRule, view: ItemView): string[] | null {
  if (compiled.tests.length === 0) return null;
  const matched: string[] = [];
  for (const { condition, test } of compiled.tests) {
    const hit = test(view);
    if (hit) matched.push(describeCondition(condition, hit));
    else if (compiled.rule.match !== 'ANY') return null;
  }
  return matched.length > 0 ? matched : null;
}

/** Where an assignment was written in the trail, to mark it if the item ends up hidden. */
interface AssignmentNote {
  entry: ModerationTrailEntry;
  index: number;
  action: ModerationActionSpec;
  effect: ActionEffect;
}

function roundRobinPick(context: ModerationContext): string | null {
  const n = context.agentIds.length;
  if (n === 0) return null;
  const offset = Math.trunc(context.roundRobinOffset) || 0;
  return context.agentIds[((offset % n) + n) % n];
}

/**
 * Runs the effective rules over one item, in order. Every matching rule's actions apply:
 * a later SET_ABOUT / SET_PRIORITY / ASSIGN overrides an earlier one, labels add up, spam
 * wins over hide. A matching rule with `stop` ends the run. An item the rules hid or marked
 * spam is not assigned: nobody should be asked to answer what the public cannot see; its
 * assignment actions stay in the trail marked "not applied". Only matching rules are in the trail.
 */
export function moderate(
  item: ModerationItem,
  rules: CompiledModerationRules | readonly EffectiveModerationRule[],
  context: ModerationContext,
): ModerationOutcome {
  const compiled = 'rules' in rules ? rules : compileRules(rules);
  const view = new ItemView(item, item.about);
  const outcome: ModerationOutcome = { labels: [], roundRobin: false, trail: [] };
  const labelKeys = new Set<string>();
  const assignments: AssignmentNote[] = [];

  for (const rule of compiled.rules) {
    const matched = matchRule(rule, view);
    if (!matched) continue;
    const entry: ModerationTrailEntry = { ruleId: rule.rule.id, ruleName: rule.rule.name, brandId: rule.rule.inheritedFrom, matched, actions: [] };
    for (const action of rule.rule.actions) {
      const effect: ActionEffect = {};
      switch (action.type) {
        case 'HIDE':
          if (outcome.status !== 'SPAM') outcome.status = 'HIDDEN';
          break;
        case 'MARK_SPAM':
          outcome.status = 'SPAM';
          break;
        case 'LABEL': {
          const key = action.label.trim().toLowerCase();
          if (!labelKeys.has(key)) {
            labelKeys.add(key);
            outcome.labels.push(action.label.trim());
          }
          break;
        }
        case 'SET_ABOUT':
          outcome.about = view.about = action.about;
          break;
        case 'SET_PRIORITY':
          outcome.priority = action.priority;
          break;
        case 'ASSIGN':
          outcome.assigneeId = action.principalId;
          outcome.roundRobin = false;
          effect.assigneeId = action.principalId;
          break;
        case 'ROUND_ROBIN': {
          const picked = roundRobinPick(context);
          effect.assigneeId = picked;
          if (picked !== null) {
            outcome.assigneeId = picked;
            outcome.roundRobin = true;
          }
          break;
        }
        case 'CLOSE':
          outcome.closed = true;
          break;
      }
      if (action.type === 'ASSIGN' || action.type === 'ROUND_ROBIN') assignments.push({ entry, index: entry.actions.length, action, effect });
      entry.actions.push(describeAction(action, effect));
    }
    outcome.trail.push(entry);
    if (rule.rule.stop) break;
  }

  if (outcome.status && outcome.assigneeId !== undefined) {
    delete outcome.assigneeId;
    outcome.roundRobin = false;
    const skipped = outcome.status === 'SPAM' ? 'item marked spam' : 'item hidden';
    for (const note of assignments) note.entry.actions[note.index] = describeAction(note.action, { ...note.effect, skipped });
  }
  return outcome;
}

/** The item status the outcome leads to: SPAM > HIDDEN > CLOSED > ASSIGNED > OPEN. */
export function moderatedStatus(outcome: ModerationOutcome): 'OPEN' | 'ASSIGNED' | 'CLOSED' | 'HIDDEN' | 'SPAM' {
  if (outcome.status) return outcome.status;
  if (outcome.closed) return 'CLOSED';
  return outcome.assigneeId !== undefined ? 'ASSIGNED' : 'OPEN';
}
