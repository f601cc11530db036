import { effectiveModerationRules, lockingRule, ruleNameKey } from './inheritance';
import { ModerationRule } from './types';

let seq = 0;
function rule(brandId: string, name: string, over: Partial<ModerationRule> = {}): ModerationRule {
  seq += 1;
  return {
    id: `${brandId}-${name}-${seq}`,
    brandId,
    name,
    position: 0,
    enabled: true,
    locked: false,
    match: 'ALL',
    conditions: [{ type: 'HAS_LINK' }],
    actions: [{ type: 'HIDE' }],
    stop: false,
    ...over,
  };
}

const names = (chain: ModerationRule[][]) => effectiveModerationRules(chain).map((r) => `${r.inheritedFrom}:${r.name}`);

describe('effectiveModerationRules', () => {
  it('inherits every rule of the ancestors, each with the brand that set it and its depth', () => {
    const effective = effectiveModerationRules([[rule('mars', 'Spam links')], [], [rule('snickers', 'Questions')]]);
    expect(effective.map((r) => [r.name, r.inheritedFrom, r.depth])).toEqual([
      ['Spam links', 'mars', 0],
      ['Questions', 'snickers', 2],
    ]);
  });

  it('lets a brand override an inherited rule of the same name, whatever its case', () => {
    const umbrella = rule('mars', 'Spam links', { actions: [{ type: 'HIDE' }] });
    const own = rule('snickers', 'spam LINKS ', { actions: [{ type: 'MARK_SPAM' }] });
    const effective = effectiveModerationRules([[umbrella], [own]]);
    expect(effective).toHaveLength(1);
    expect(effective[0]).toMatchObject({ id: own.id, inheritedFrom: 'snickers', depth: 1, actions: [{ type: 'MARK_SPAM' }] });
  });

  it('lets the nearest rule win over a farther one', () => {
    expect(names([[rule('a', 'R')], [rule('b', 'R')], [rule('c', 'R')]])).toEqual(['c:R']);
    expect(names([[rule('a', 'R')], [rule('b', 'R')], []])).toEqual(['b:R']);
  });

  it('switches a rule off below with a disabled override', () => {
    expect(names([[rule('mars', 'Spam links')], [rule('snickers', 'Spam links', { enabled: false })]])).toEqual([]);
  });

  it('keeps a locked rule in force whatever lies below', () => {
    const locked = rule('mars', 'Spam links', { locked: true });
    expect(names([[locked], [rule('snickers', 'Spam links', { enabled: false })]])).toEqual(['mars:Spam links']);
    expect(names([[locked], [rule('snickers', 'SPAM LINKS', { actions: [{ type: 'CLOSE' }] })]])).toEqual(['mars:Spam links']);
  });

  it('lets the topmost lock win', () => {
    const chain = [[rule('a', 'R', { locked: true })], [rule('b', 'R', { locked: true })], [rule('c', 'R')]];
    expect(names(chain)).toEqual(['a:R']);
  });

  it('keeps a locked disabled rule off for the whole subtree', () => {
    expect(names([[rule('a', 'R', { locked: true, enabled: false })], [rule('b', 'R')]])).toEqual([]);
  });

  it('counts the first rule of a name on one level', () => {
    const first = rule('a', 'R', { position: 5 });
    const effective = effectiveModerationRules([[first, rule('a', 'r', { position: 1 })]]);
    expect(effective.map((r) => r.id)).toEqual([first.id]);
  });

  it('runs umbrella rules first, then by position, then by name', () => {
    const chain = [
      [rule('mars', 'b', { position: 2 }), rule('mars', 'a', { position: 2 }), rule('mars', 'z', { position: 1 })],
      [rule('snickers', 'first', { position: 0 }), rule('snickers', 'B2', { position: 9 }), rule('snickers', 'a2', { position: 9 })],
    ];
    expect(names(chain)).toEqual(['mars:z', 'mars:a', 'mars:b', 'snickers:first', 'snickers:a2', 'snickers:B2']);
  });

  it('runs an override at the depth of the brand that set it', () => {
    const chain = [[rule('mars', 'X', { position: 0 }), rule('mars', 'Y', { position: 1 })], [rule('snickers', 'X', { position: 0 })]];
    expect(names(chain)).toEqual(['mars:Y', 'snickers:X']);
  });

  it('gives nothing for an empty chain or empty levels', () => {
    expect(effectiveModerationRules([])).toEqual([]);
    expect(effectiveModerationRules([[], []])).toEqual([]);
  });
});

describe('lockingRule', () => {
  const locked = rule('mars', 'Spam links', { locked: true });

  it('names the ancestor rule that locked the name, case-insensitively', () => {
    expect(lockingRule([[locked], []], 'spam links')).toBe(locked);
    expect(lockingRule([[locked], [], []], ' SPAM LINKS')).toBe(locked);
  });

  it('gives the topmost lock', () => {
    const lower = rule('snickers', 'Spam links', { locked: true });
    expect(lockingRule([[locked], [lower], []], 'Spam links')).toBe(locked);
  });

  it('counts a locked disabled rule', () => {
    const off = rule('mars', 'R', { locked: true, enabled: false });
    expect(lockingRule([[off], []], 'R')).toBe(off);
  });

  it('lets a brand change a rule it locked itself, and ignores unlocked or other names', () => {
    expect(lockingRule([[locked]], 'Spam links')).toBeNull();
    expect(lockingRule([[rule('mars', 'Spam links')], []], 'Spam links')).toBeNull();
    expect(lockingRule([[locked], []], 'Other')).toBeNull();
    expect(lockingRule([], 'Other')).toBeNull();
  });
});

describe('ruleNameKey', () => {
  it('compares trimmed, case-insensitively and composed', () => {
    expect(ruleNameKey('  Żółw ')).toBe(ruleNameKey('Z\u0307o\u0301łw'));
    expect(ruleNameKey('Spam')).toBe('spam');
  });
});
