import { decidingRules, effectivePolicies, lockingPolicy } from './inheritance';
import { Enforcement, PolicyRule, PolicyType, PostTag } from './types';

// The demo tree: Mars (umbrella) -> Snickers -> Snickers Ice Cream.
const BANNED = PolicyType.BANNED_TERMS;
const DISCLOSURE = PolicyType.REQUIRED_DISCLOSURE;
const LAUNCH = PolicyType.LAUNCH_READINESS;

type Flags = { locked?: boolean; enabled?: boolean; enforcement?: Enforcement };

const banned = (brandId: string, term: string, flags: Flags = {}): PolicyRule => ({
  id: `${brandId}:banned`,
  brandId,
  type: BANNED,
  enforcement: flags.enforcement ?? Enforcement.BLOCK,
  locked: flags.locked ?? false,
  enabled: flags.enabled ?? true,
  config: { terms: [term] },
});

const disclosure = (brandId: string, flags: Flags = {}): PolicyRule => ({
  id: `${brandId}:disclosure`,
  brandId,
  type: DISCLOSURE,
  enforcement: Enforcement.WARN,
  locked: flags.locked ?? false,
  enabled: flags.enabled ?? true,
  config: { tags: [PostTag.PROMOTION], text: '#ad' },
});

const launch = (brandId: string): PolicyRule => ({
  id: `${brandId}:launch`,
  brandId,
  type: LAUNCH,
  enforcement: Enforcement.BLOCK,
  locked: false,
  enabled: true,
  config: { minApprovedPosts: 3 },
});

/** The id of the winning rule of a type, or null when the type is not in force. */
function winner(chain: PolicyRule[][], type: PolicyType): string | null {
  return effectivePolicies(chain).find((p) => p.type === type)?.id ?? null;
}

describe('effectivePolicies', () => {
  it.each<[string, PolicyRule[][], string | null]>([
    ['nothing set anywhere', [[], [], []], null],
    ['set on the umbrella only: inherited', [[banned('mars', 'a')], [], []], 'mars:banned'],
    ['set on the brand itself only', [[], [], [banned('ice', 'c')]], 'ice:banned'],
    ['set at every level: the nearest wins', [[banned('mars', 'a')], [banned('snickers', 'b')], [banned('ice', 'c')]], 'ice:banned'],
    ['set on the parent: it overrides the umbrella', [[banned('mars', 'a')], [banned('snickers', 'b')], []], 'snickers:banned'],
    ['umbrella locked: its policy wins over overrides below', [[banned('mars', 'a', { locked: true })], [banned('snickers', 'b')], [banned('ice', 'c')]], 'mars:banned'],
    ['parent locked, umbrella not: the parent wins over the brand', [[banned('mars', 'a')], [banned('snickers', 'b', { locked: true })], [banned('ice', 'c')]], 'snickers:banned'],
    ['two locks: the topmost wins', [[banned('mars', 'a', { locked: true })], [banned('snickers', 'b', { locked: true })], [banned('ice', 'c')]], 'mars:banned'],
    ['the brand locked its own: it still wins (nearest)', [[banned('mars', 'a')], [], [banned('ice', 'c', { locked: true })]], 'ice:banned'],
    ['disabled on the brand: switched off there', [[banned('mars', 'a')], [], [banned('ice', 'c', { enabled: false })]], null],
    ['disabled on the parent: switched off below too', [[banned('mars', 'a')], [banned('snickers', 'b', { enabled: false })], []], null],
    ['disabled on the parent, re-enabled on the brand', [[banned('mars', 'a')], [banned('snickers', 'b', { enabled: false })], [banned('ice', 'c')]], 'ice:banned'],
    ['disabled on the umbrella, enabled on the brand', [[banned('mars', 'a', { enabled: false })], [], [banned('ice', 'c')]], 'ice:banned'],
    ['umbrella locked: a disabled policy below cannot switch it off', [[banned('mars', 'a', { locked: true })], [banned('snickers', 'b', { enabled: false })], []], 'mars:banned'],
    ['umbrella locked it off: nothing below can switch it on', [[banned('mars', 'a', { locked: true, enabled: false })], [banned('snickers', 'b')], [banned('ice', 'c')]], null],
    ['a lock below a disabled umbrella policy still wins', [[banned('mars', 'a', { enabled: false })], [banned('snickers', 'b', { locked: true })], [banned('ice', 'c', { enabled: false })]], 'snickers:banned'],
  ])('%s', (_label, chain, expected) => {
    expect(winner(chain, BANNED)).toBe(expected);
  });

  it('names the brand each policy comes from and keeps the rule as set', () => {
    const chain = [[banned('mars', 'free', { locked: true, enforcement: Enforcement.WARN }), launch('mars')], [disclosure('snickers')], []];
    expect(effectivePolicies(chain)).toEqual([
      { ...banned('mars', 'free', { locked: true, enforcement: Enforcement.WARN }), inheritedFrom: 'mars' },
      { ...disclosure('snickers'), inheritedFrom: 'snickers' },
      { ...launch('mars'), inheritedFrom: 'mars' },
    ]);
  });

  it('resolves each type on its own', () => {
    const chain = [
      [banned('mars', 'a', { locked: true }), disclosure('mars'), launch('mars')],
      [banned('snickers', 'b'), disclosure('snickers', { enabled: false })],
      [launch('ice')],
    ];
    expect(effectivePolicies(chain).map((p) => p.id)).toEqual(['mars:banned', 'ice:launch']);
  });

  it('lists policies in PolicyType order, whatever the order they were set in', () => {
    const chain = [[launch('mars'), disclosure('mars'), banned('mars', 'a')]];
    expect(effectivePolicies(chain).map((p) => p.type)).toEqual([BANNED, DISCLOSURE, LAUNCH]);
  });

  it('when a level holds two policies of a type, the first listed counts', () => {
    expect(winner([[banned('mars', 'a'), { ...banned('mars', 'b'), id: 'second' }]], BANNED)).toBe('mars:banned');
  });

  it('an empty chain has no policies', () => {
    expect(effectivePolicies([])).toEqual([]);
  });

  it('does not change the rules it is given', () => {
    const rule = banned('mars', 'a');
    effectivePolicies([[rule]]);
    expect(rule).not.toHaveProperty('inheritedFrom');
  });
});

describe('lockingPolicy', () => {
  it.each<[string, PolicyRule[][], string | null]>([
    ['no policy above', [[], [], []], null],
    ['an unlocked policy above does not lock', [[banned('mars', 'a')], [banned('snickers', 'b')], []], null],
    ['the umbrella locked it', [[banned('mars', 'a', { locked: true })], [], []], 'mars:banned'],
    ['the parent locked it', [[banned('mars', 'a')], [banned('snickers', 'b', { locked: true })], []], 'snickers:banned'],
    ['two locks: the topmost is named', [[banned('mars', 'a', { locked: true })], [banned('snickers', 'b', { locked: true })], []], 'mars:banned'],
    ['a lock that keeps the type off still locks', [[banned('mars', 'a', { locked: true, enabled: false })], [], []], 'mars:banned'],
    ["the brand's own lock is not an ancestor's", [[], [], [banned('ice', 'c', { locked: true })]], null],
    ['a lock on another type does not count', [[disclosure('mars', { locked: true })], [], []], null],
    ['a root has no ancestors', [[banned('mars', 'a', { locked: true })]], null],
    ['an empty chain', [], null],
  ])('%s', (_label, chain, expected) => {
    expect(lockingPolicy(chain, BANNED)?.id ?? null).toBe(expected);
  });
});

describe('decidingRules: one pass, the same answers as the rule read type by type', () => {
  /** The rule as stated, type by type: the topmost locked rule of the type, else the nearest one; kept when enabled. */
  function reference(chain: PolicyRule[][]): PolicyRule[] {
    const result: PolicyRule[] = [];
    for (const type of Object.values(PolicyType)) {
      const locked = chain.map((level) => level.find((r) => r.type === type && r.locked)).find(Boolean);
      const nearest = [...chain].reverse().map((level) => level.find((r) => r.type === type)).find(Boolean);
      const winner = locked ?? nearest;
      if (winner?.enabled) result.push(winner);
    }
    return result;
  }

  it('agrees on 2,000 random chains (up to 4 levels, several rules of a type on a level)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const types = Object.values(PolicyType);
    for (let n = 0; n < 2000; n++) {
      const chain = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, level) =>
        Array.from({ length: Math.floor(random() * 6) }, (_, i): PolicyRule => ({
          id: `${n}:${level}:${i}`,
          brandId: `brand-${level}`,
          type: types[Math.floor(random() * 3)],
          enforcement: Enforcement.BLOCK,
          locked: random() < 0.3,
          enabled: random() < 0.8,
          config: {} as never,
        })),
      );
      expect(decidingRules(chain).map((r) => r.id)).toEqual(reference(chain).map((r) => r.id));
    }
  });
});
