import type { FieldError } from '../../../libs/core/errors';
import { SocialNetwork } from '../../../libs/core/social-network';
import { PostTag } from '../../../libs/policy-engine/types';
import { foldText } from './fold';
import {
  INBOX_ABOUTS,
  INBOX_ITEM_KINDS,
  INBOX_PRIORITIES,
  ModerationActionSpec,
  ModerationCondition,
  ModerationMatch,
} from './types';

// Full validation of a moderation rule as written (a GraphQL input, a JSON import): every
// problem is reported on its path relative to the rule ('name', 'conditions.2.terms.0').
// The GraphQL inputs are flat (one condition input with every member, a `type` saying which
// apply), so a member of another type may be null or absent, but a value there is refused.

export const MODERATION_LIMITS = {
  maxNameLength: 120,
  maxConditions: 20,
  maxActions: 10,
  maxTerms: 100,
  maxTermLength: 100,
  maxLabelLength: 50,
  maxWordCount: 10_000,
  maxPosition: 1_000_000,
  maxPrincipalIdLength: 200,
} as const;

type Obj = Record<string, unknown>;

const absent = (value: unknown): value is null | undefined => value === undefined || value === null;
const at = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class Report {
  readonly errors: FieldError[] = [];
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  object(value: unknown, field: string): Obj | null {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Obj;
    this.add(field, absent(value) ? 'is required' : 'must be an object');
    return null;
  }

  /** A non-blank string of at most max characters (code points), trimmed, or undefined after reporting. */
  string(value: unknown, field: string, max: number): string | undefined {
    if (typeof value !== 'string') return void this.add(field, absent(value) ? 'is required' : 'must be a string');
    const trimmed = value.trim();
    if (trimmed === '') return void this.add(field, 'must not be blank');
    if ([...trimmed].length > max) return void this.add(field, `must be at most ${max} characters`);
    return trimmed;
  }

  int(value: unknown, field: string, min: number, max: number): number | undefined {
    if (typeof value !== 'number' || !Number.isInteger(value)) return void this.add(field, 'must be a whole number');
    if (value < min || value > max) return void this.add(field, `must be between ${min} and ${max}`);
    return value;
  }

  boolean(value: unknown, field: string): void {
    if (typeof value !== 'boolean') this.add(field, absent(value) ? 'is required' : 'must be true or false');
  }

  oneOf(value: unknown, field: string, values: readonly string[]): string | undefined {
    if (typeof value === 'string' && values.includes(value)) return value;
    return void this.add(field, absent(value) ? 'is required' : `must be one of ${values.join(', ')}`);
  }

  /** A non-empty list of at most max items, each keyed by `item`; a repeat is refused on the later one. */
  list(value: unknown, field: string, max: number, item: (v: unknown, f: string) => string | undefined): void {
    if (!Array.isArray(value)) return this.add(field, absent(value) ? 'is required' : 'must be a list');
    if (value.length === 0) return this.add(field, 'must not be empty');
    if (value.length > max) return this.add(field, `must have at most ${max} items`);
    const seen = new Map<string, number>();
    value.forEach((v, i) => {
      const key = item(v, at(field, i));
      if (key === undefined) return;
      const earlier = seen.get(key);
      if (earlier !== undefined) this.add(at(field, i), `repeats ${at(field, earlier)}`);
      else seen.set(key, i);
    });
  }

  enumList(value: unknown, field: string, values: readonly string[]): void {
    this.list(value, field, values.length, (v, f) => this.oneOf(v, f, values));
  }
}

const NETWORKS = Object.values(SocialNetwork);
const TAGS = Object.values(PostTag);

/** The members each condition type takes, and how to check them. */
const CONDITIONS: Record<ModerationCondition['type'], { keys: string[]; check: (c: Obj, path: string, r: Report) => void }> = {
  KEYWORDS: {
    keys: ['terms'],
    check: (c, path, r) =>
      // Repeats compare folded: "Żółw" and "zolw" are the same term to the matcher.
      r.list(c.terms, at(path, 'terms'), MODERATION_LIMITS.maxTerms, (v, f) => {
        const term = r.string(v, f, MODERATION_LIMITS.maxTermLength);
        if (term === undefined) return undefined;
        const folded = foldText(term).trim();
        if (folded === '') r.add(f, 'must contain something to match besides accents');
        return folded || undefined;
      }),
  },
  ONLY_MENTIONS: { keys: [], check: () => {} },
  ONLY_EMOJI: { keys: [], check: () => {} },
  HAS_LINK: { keys: [], check: () => {} },
  HAS_CONTACT_DETAILS: { keys: [], check: () => {} },
  WORD_COUNT: {
    keys: ['min', 'max'],
    check: (c, path, r) => {
      const min = absent(c.min) ? undefined : r.int(c.min, at(path, 'min'), 0, MODERATION_LIMITS.maxWordCount);
      const max = absent(c.max) ? undefined : r.int(c.max, at(path, 'max'), 0, MODERATION_LIMITS.maxWordCount);
      if (absent(c.min) && absent(c.max)) r.add(path, 'must set min, max or both');
      if (min !== undefined && max !== undefined && min > max) r.add(at(path, 'max'), `must be at least min (${min})`);
    },
  },
  KIND: { keys: ['kinds'], check: (c, path, r) => r.enumList(c.kinds, at(path, 'kinds'), INBOX_ITEM_KINDS) },
  NETWORK: { keys: ['networks'], check: (c, path, r) => r.enumList(c.networks, at(path, 'networks'), NETWORKS) },
  AUTHOR_SEEN_BEFORE: { keys: ['value'], check: (c, path, r) => r.boolean(c.value, at(path, 'value')) },
  POST_TAG: { keys: ['tags'], check: (c, path, r) => r.enumList(c.tags, at(path, 'tags'), TAGS) },
  ABOUT: { keys: ['abouts'], check: (c, path, r) => r.enumList(c.abouts, at(path, 'abouts'), INBOX_ABOUTS) },
};

const ACTIONS: Record<ModerationActionSpec['type'], { keys: string[]; check: (a: Obj, path: string, r: Report) => void }> = {
  HIDE: { keys: [], check: () => {} },
  MARK_SPAM: { keys: [], check: () => {} },
  LABEL: { keys: ['label'], check: (a, path, r) => void r.string(a.label, at(path, 'label'), MODERATION_LIMITS.maxLabelLength) },
  SET_ABOUT: { keys: ['about'], check: (a, path, r) => void r.oneOf(a.about, at(path, 'about'), INBOX_ABOUTS) },
  SET_PRIORITY: { keys: ['priority'], check: (a, path, r) => void r.oneOf(a.priority, at(path, 'priority'), INBOX_PRIORITIES) },
  ASSIGN: {
    keys: ['principalId'],
    check: (a, path, r) => {
      const id = r.string(a.principalId, at(path, 'principalId'), MODERATION_LIMITS.maxPrincipalIdLength);
      if (id !== undefined && !UUID.test(id)) r.add(at(path, 'principalId'), 'must be a user id');
    },
  },
  ROUND_ROBIN: { keys: [], check: () => {} },
  CLOSE: { keys: [], check: () => {} },
};

const ALL_CONDITION_KEYS = [...new Set(Object.values(CONDITIONS).flatMap((c) => c.keys))];
const ALL_ACTION_KEYS = [...new Set(Object.values(ACTIONS).flatMap((a) => a.keys))];

/** Checks one condition or action: its type, its members, and no value in another type's member. */
function checkEntry<T extends string>(
  value: unknown,
  path: string,
  specs: Record<T, { keys: string[]; check: (o: Obj, path: string, r: Report) => void }>,
  allKeys: readonly string[],
  r: Report,
): T | undefined {
  const obj = r.object(value, path);
  if (!obj) return undefined;
  const type = r.oneOf(obj.type, at(path, 'type'), Object.keys(specs)) as T | undefined;
  if (type === undefined) return undefined;
  const spec = specs[type];
  for (const key of allKeys) {
    if (!spec.keys.includes(key) && !absent(obj[key])) r.add(at(path, key), `does not apply to ${type}`);
  }
  spec.check(obj, path, r);
  return type;
}

/**
 * Actions that cannot stand together in one rule (across rules the run order settles it):
 * - HIDE with MARK_SPAM: spam already hides; say which one is meant.
 * - HIDE or MARK_SPAM with ASSIGN / ROUND_ROBIN: a hidden item is never assigned, so the
 *   assignment would silently do nothing.
 * - CLOSE with ASSIGN / ROUND_ROBIN: assigning asks someone to answer, closing says nobody needs to.
 * - two assignments, two SET_ABOUT, two SET_PRIORITY: the second would silently win.
 * - the same label twice.
 */
function checkActionConflicts(actions: unknown[], types: (string | undefined)[], r: Report): void {
  // ROUND_ROBIN and ASSIGN are both "the assignment"; every type but LABEL is taken once.
  const first = new Map<string, number>();
  const labels = new Map<string, number>();
  types.forEach((type, i) => {
    if (type === undefined) return;
    if (type === 'LABEL') {
      const label = (actions[i] as Obj).label;
      if (typeof label !== 'string' || label.trim() === '') return;
      const key = label.trim().toLowerCase();
      const earlier = labels.get(key);
      if (earlier !== undefined) r.add(at('actions', i), `repeats actions.${earlier}`);
      else labels.set(key, i);
      return;
    }
    const key = type === 'ROUND_ROBIN' ? 'ASSIGN' : type;
    const earlier = first.get(key);
    if (earlier !== undefined) r.add(at('actions', i), `repeats actions.${earlier}: a rule takes one ${key === 'ASSIGN' ? 'assignment' : key}`);
    else first.set(key, i);
  });
  const conflicts: [string, string, string][] = [
    ['HIDE', 'MARK_SPAM', 'spam already hides the item: keep one of HIDE and MARK_SPAM'],
    ['HIDE', 'ASSIGN', 'a hidden item is never assigned: remove the assignment or HIDE'],
    ['MARK_SPAM', 'ASSIGN', 'an item marked spam is never assigned: remove the assignment or MARK_SPAM'],
    ['CLOSE', 'ASSIGN', 'closing and assigning contradict each other: keep one'],
  ];
  for (const [a, b, message] of conflicts) {
    const ia = first.get(a);
    const ib = first.get(b);
    if (ia !== undefined && ib !== undefined) r.add(at('actions', Math.max(ia, ib)), message);
  }
}

/** Every problem with a rule as written, each on its path relative to the rule; empty when valid. */
export function validateModerationRule(input: unknown): FieldError[] {
  const r = new Report();
  const rule = r.object(input, '');
  if (!rule) return r.errors;
  r.string(rule.name, 'name', MODERATION_LIMITS.maxNameLength);
  if (!absent(rule.position)) r.int(rule.position, 'position', 0, MODERATION_LIMITS.maxPosition);
  for (const flag of ['enabled', 'locked', 'stop']) if (!absent(rule[flag])) r.boolean(rule[flag], flag);
  if (!absent(rule.match)) r.oneOf(rule.match, 'match', ['ALL', 'ANY']);

  const { conditions, actions } = rule;
  if (!Array.isArray(conditions)) r.add('conditions', absent(conditions) ? 'is required' : 'must be a list');
  else if (conditions.length === 0) r.add('conditions', 'must have at least one condition: a rule applies to the items it describes');
  else if (conditions.length > MODERATION_LIMITS.maxConditions) r.add('conditions', `must have at most ${MODERATION_LIMITS.maxConditions} items`);
  else conditions.forEach((c, i) => checkEntry(c, at('conditions', i), CONDITIONS, ALL_CONDITION_KEYS, r));

  if (!Array.isArray(actions)) r.add('actions', absent(actions) ? 'is required' : 'must be a list');
  else if (actions.length === 0) r.add('actions', 'must have at least one action: a rule with no action does nothing');
  else if (actions.length > MODERATION_LIMITS.maxActions) r.add('actions', `must have at most ${MODERATION_LIMITS.maxActions} items`);
  else {
    const types = actions.map((a, i) => checkEntry(a, at('actions', i), ACTIONS, ALL_ACTION_KEYS, r));
    checkActionConflicts(actions, types, r);
  }
  return r.errors;
}

/** What validateModerationRule accepted, as clean rule data (trimmed strings, defaults, no nulls). */
export interface NormalizedModerationRule {
  name: string;
  position: number;
  enabled: boolean;
  locked: boolean;
  match: ModerationMatch;
  stop: boolean;
  conditions: ModerationCondition[];
  actions: ModerationActionSpec[];
}

function pick(obj: Obj, keys: readonly string[]): Obj {
  const out: Obj = { type: obj.type };
  for (const key of keys) if (!absent(obj[key])) out[key] = typeof obj[key] === 'string' ? (obj[key] as string).trim() : obj[key];
  if (Array.isArray(out.terms)) out.terms = (out.terms as string[]).map((t) => t.trim());
  return out;
}

/**
 * The rule to store, from an input validateModerationRule found valid (call it first: this
 * does not check). Defaults: position 0, enabled, not locked, match ALL, no stop.
 */
export function normalizeModerationRule(input: Obj): NormalizedModerationRule {
  const conditions = input.conditions as Obj[];
  const actions = input.actions as Obj[];
  return {
    name: (input.name as string).trim(),
    position: (input.position as number | null | undefined) ?? 0,
    enabled: (input.enabled as boolean | null | undefined) ?? true,
    locked: (input.locked as boolean | null | undefined) ?? false,
    match: (input.match as ModerationMatch | null | undefined) ?? 'ALL',
    stop: (input.stop as boolean | null | undefined) ?? false,
    conditions: conditions.map((c) => pick(c, CONDITIONS[c.type as ModerationCondition['type']].keys) as ModerationCondition),
    actions: actions.map((a) => pick(a, ACTIONS[a.type as ModerationActionSpec['type']].keys) as ModerationActionSpec),
  };
}
