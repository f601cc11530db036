import { MODERATION_LIMITS, normalizeModerationRule, validateModerationRule } from './validate';

const USER = '6f1c1a3e-8d2b-4c55-9f3a-2b7d9e0c4a11';

function valid(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Spam links',
    position: 0,
    enabled: true,
    locked: true,
    match: 'ALL',
    stop: true,
    conditions: [{ type: 'KEYWORDS', terms: ['scam'] }, { type: 'HAS_LINK' }],
    actions: [{ type: 'HIDE' }],
    ...over,
  };
}

const errors = (input: unknown) => validateModerationRule(input);
const fields = (input: unknown) => validateModerationRule(input).map((e) => e.field);

describe('validateModerationRule', () => {
  it('accepts a valid rule, and a flat GraphQL-style input with nulls in the other members', () => {
    expect(errors(valid())).toEqual([]);
    const flat = valid({
      conditions: [{ type: 'HAS_LINK', terms: null, min: null, max: null, kinds: null, networks: null, value: null, tags: null, abouts: null }],
      actions: [{ type: 'LABEL', label: 'vip', about: null, priority: null, principalId: null }],
    });
    expect(errors(flat)).toEqual([]);
  });

  it('accepts every condition and action type', () => {
    const rule = valid({
      match: 'ANY',
      conditions: [
        { type: 'KEYWORDS', terms: ['żółw', 'free money'] },
        { type: 'ONLY_MENTIONS' },
        { type: 'ONLY_EMOJI' },
        { type: 'HAS_LINK' },
        { type: 'HAS_CONTACT_DETAILS' },
        { type: 'WORD_COUNT', min: 0, max: 10000 },
        { type: 'KIND', kinds: ['COMMENT', 'REVIEW'] },
        { type: 'NETWORK', networks: ['X', 'FACEBOOK'] },
        { type: 'AUTHOR_SEEN_BEFORE', value: false },
        { type: 'POST_TAG', tags: ['PROMOTION'] },
        { type: 'ABOUT', abouts: ['QUESTION'] },
      ],
      actions: [{ type: 'LABEL', label: 'x' }, { type: 'SET_ABOUT', about: 'QUESTION' }, { type: 'SET_PRIORITY', priority: 'URGENT' }, { type: 'ROUND_ROBIN' }],
    });
    expect(errors(rule)).toEqual([]);
    expect(errors(valid({ actions: [{ type: 'MARK_SPAM' }, { type: 'CLOSE' }] }))).toEqual([]);
    expect(errors(valid({ actions: [{ type: 'ASSIGN', principalId: USER }] }))).toEqual([]);
  });

  it('refuses a rule with no action, and one with no condition', () => {
    expect(errors(valid({ actions: [] }))).toEqual([{ field: 'actions', message: 'must have at least one action: a rule with no action does nothing' }]);
    expect(fields(valid({ actions: undefined }))).toEqual(['actions']);
    expect(fields(valid({ conditions: [] }))).toEqual(['conditions']);
    expect(fields(valid({ conditions: null }))).toEqual(['conditions']);
    expect(fields(valid({ conditions: 'HAS_LINK' }))).toEqual(['conditions']);
  });

  it('refuses something that is not a rule', () => {
    expect(errors(null)).toEqual([{ field: '', message: 'is required' }]);
    expect(errors([])).toEqual([{ field: '', message: 'must be an object' }]);
  });

  it('checks the name: 1 to 120 characters, not blank', () => {
    expect(fields(valid({ name: '' }))).toEqual(['name']);
    expect(fields(valid({ name: '   ' }))).toEqual(['name']);
    expect(fields(valid({ name: undefined }))).toEqual(['name']);
    expect(fields(valid({ name: 7 }))).toEqual(['name']);
    expect(fields(valid({ name: 'x'.repeat(121) }))).toEqual(['name']);
    expect(errors(valid({ name: 'ż'.repeat(120) }))).toEqual([]);
  });

  it('checks position, flags and match', () => {
    expect(fields(valid({ position: -1 }))).toEqual(['position']);
    expect(fields(valid({ position: 1.5 }))).toEqual(['position']);
    expect(fields(valid({ enabled: 'yes', locked: 1, stop: 'no' }))).toEqual(['enabled', 'locked', 'stop']);
    expect(fields(valid({ match: 'SOME' }))).toEqual(['match']);
    expect(errors(valid({ position: null, enabled: null, locked: undefined, match: null, stop: null }))).toEqual([]);
  });

  it('caps conditions at 20 and actions at 10', () => {
    const conditions = Array.from({ length: MODERATION_LIMITS.maxConditions + 1 }, () => ({ type: 'HAS_LINK' }));
    expect(errors(valid({ conditions }))).toEqual([{ field: 'conditions', message: 'must have at most 20 items' }]);
    const actions = Array.from({ length: MODERATION_LIMITS.maxActions + 1 }, (_, i) => ({ type: 'LABEL', label: `l${i}` }));
    expect(errors(valid({ actions }))).toEqual([{ field: 'actions', message: 'must have at most 10 items' }]);
  });

  it('checks keywords: 1 to 100 terms of 1 to 100 characters, no repeats after folding', () => {
    const kw = (terms: unknown) => valid({ conditions: [{ type: 'HAS_LINK' }, { type: 'KEYWORDS', terms }] });
    expect(fields(kw([]))).toEqual(['conditions.1.terms']);
    expect(fields(kw(undefined))).toEqual(['conditions.1.terms']);
    expect(fields(kw(Array.from({ length: 101 }, (_, i) => `t${i}`)))).toEqual(['conditions.1.terms']);
    expect(errors(kw(Array.from({ length: 100 }, (_, i) => `t${i}`)))).toEqual([]);
    expect(fields(kw(['ok', '', 'x'.repeat(101), 5, '  ']))).toEqual(['conditions.1.terms.1', 'conditions.1.terms.2', 'conditions.1.terms.3', 'conditions.1.terms.4']);
    expect(errors(kw(['Żółw', 'zolw ']))).toEqual([{ field: 'conditions.1.terms.1', message: 'repeats conditions.1.terms.0' }]);
    expect(fields(kw(['\u0301']))).toEqual(['conditions.1.terms.0']);
  });

  it('checks word-count bounds: 0 to 10000, min <= max, at least one', () => {
    const wc = (c: Record<string, unknown>) => valid({ conditions: [{ type: 'WORD_COUNT', ...c }] });
    expect(errors(wc({ min: 5, max: 5 }))).toEqual([]);
    expect(errors(wc({ min: 6, max: 5 }))).toEqual([{ field: 'conditions.0.max', message: 'must be at least min (6)' }]);
    expect(fields(wc({ min: -1 }))).toEqual(['conditions.0.min']);
    expect(fields(wc({ max: 10001 }))).toEqual(['conditions.0.max']);
    expect(fields(wc({ min: 2.5 }))).toEqual(['conditions.0.min']);
    expect(fields(wc({}))).toEqual(['conditions.0']);
  });

  it('checks enum values, empty lists and repeats', () => {
    const c = (condition: Record<string, unknown>) => fields(valid({ conditions: [condition] }));
    expect(c({ type: 'KIND', kinds: ['COMMENT', 'TWEET'] })).toEqual(['conditions.0.kinds.1']);
    expect(c({ type: 'KIND', kinds: [] })).toEqual(['conditions.0.kinds']);
    expect(c({ type: 'KIND', kinds: ['COMMENT', 'COMMENT'] })).toEqual(['conditions.0.kinds.1']);
    expect(c({ type: 'NETWORK', networks: ['MYSPACE'] })).toEqual(['conditions.0.networks.0']);
    expect(c({ type: 'POST_TAG', tags: ['FUNNY'] })).toEqual(['conditions.0.tags.0']);
    expect(c({ type: 'ABOUT', abouts: ['RANT'] })).toEqual(['conditions.0.abouts.0']);
    expect(c({ type: 'AUTHOR_SEEN_BEFORE' })).toEqual(['conditions.0.value']);
    expect(c({ type: 'AUTHOR_SEEN_BEFORE', value: 'yes' })).toEqual(['conditions.0.value']);
    expect(c({ type: 'SENTIMENT' })).toEqual(['conditions.0.type']);
    expect(c({})).toEqual(['conditions.0.type']);
    expect(c(null as never)).toEqual(['conditions.0']);
  });

  it("refuses a value in another type's member", () => {
    expect(errors(valid({ conditions: [{ type: 'HAS_LINK', terms: ['x'] }] }))).toEqual([{ field: 'conditions.0.terms', message: 'does not apply to HAS_LINK' }]);
    expect(fields(valid({ actions: [{ type: 'HIDE', label: 'x' }] }))).toEqual(['actions.0.label']);
  });

  it('checks action members', () => {
    const a = (action: Record<string, unknown>) => fields(valid({ actions: [action] }));
    expect(a({ type: 'ASSIGN' })).toEqual(['actions.0.principalId']);
    expect(a({ type: 'ASSIGN', principalId: 'bob' })).toEqual(['actions.0.principalId']);
    expect(a({ type: 'LABEL' })).toEqual(['actions.0.label']);
    expect(a({ type: 'LABEL', label: 'x'.repeat(51) })).toEqual(['actions.0.label']);
    expect(a({ type: 'LABEL', label: ' ' })).toEqual(['actions.0.label']);
    expect(a({ type: 'SET_ABOUT', about: 'RANT' })).toEqual(['actions.0.about']);
    expect(a({ type: 'SET_PRIORITY', priority: 'CRITICAL' })).toEqual(['actions.0.priority']);
    expect(a({ type: 'DELETE' })).toEqual(['actions.0.type']);
  });

  it('refuses contradictory or repeated actions in one rule', () => {
    const a = (...actions: Record<string, unknown>[]) => errors(valid({ actions }));
    const assign = { type: 'ASSIGN', principalId: USER };
    expect(a({ type: 'HIDE' }, { type: 'MARK_SPAM' })).toEqual([{ field: 'actions.1', message: 'spam already hides the item: keep one of HIDE and MARK_SPAM' }]);
    expect(a({ type: 'HIDE' }, assign)[0].field).toBe('actions.1');
    expect(a({ type: 'ROUND_ROBIN' }, { type: 'MARK_SPAM' })[0]).toEqual({ field: 'actions.1', message: 'an item marked spam is never assigned: remove the assignment or MARK_SPAM' });
    expect(a({ type: 'CLOSE' }, { type: 'ROUND_ROBIN' })[0].field).toBe('actions.1');
    expect(a(assign, { type: 'ROUND_ROBIN' })).toEqual([{ field: 'actions.1', message: 'repeats actions.0: a rule takes one assignment' }]);
    expect(a({ type: 'SET_PRIORITY', priority: 'LOW' }, { type: 'SET_PRIORITY', priority: 'HIGH' })[0].field).toBe('actions.1');
    expect(a({ type: 'LABEL', label: 'VIP' }, { type: 'LABEL', label: 'vip ' })).toEqual([{ field: 'actions.1', message: 'repeats actions.0' }]);
    expect(a({ type: 'HIDE' }, { type: 'CLOSE' }, { type: 'LABEL', label: 'a' }, { type: 'LABEL', label: 'b' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    const input = { name: '', match: 'X', conditions: [{ type: 'KEYWORDS', terms: [''] }], actions: [] };
    expect(fields(input)).toEqual(['name', 'match', 'conditions.0.terms.0', 'actions']);
  });
});

describe('normalizeModerationRule', () => {
  it('trims, fills defaults and drops the members of other types', () => {
    const input = {
      name: '  Spam links ',
      conditions: [{ type: 'KEYWORDS', terms: [' scam '], min: null }, { type: 'HAS_LINK', terms: null }],
      actions: [{ type: 'LABEL', label: ' vip ', about: null }],
    };
    expect(errors(input)).toEqual([]);
    expect(normalizeModerationRule(input)).toEqual({
      name: 'Spam links',
      position: 0,
      enabled: true,
      locked: false,
      match: 'ALL',
      stop: false,
      conditions: [{ type: 'KEYWORDS', terms: ['scam'] }, { type: 'HAS_LINK' }],
      actions: [{ type: 'LABEL', label: 'vip' }],
    });
  });
});
