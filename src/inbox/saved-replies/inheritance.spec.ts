import { effectiveSavedReplies, lockingSavedReply, SavedReplyRule, savedReplyNameKey } from './inheritance';

let seq = 0;
const reply = (brandId: string, name: string, locked = false): SavedReplyRule => ({ id: `${brandId}-${++seq}`, brandId, name, locked });
const names = (chain: SavedReplyRule[][]) => effectiveSavedReplies(chain).map((r) => `${r.brandId}:${r.name}`);

describe('effectiveSavedReplies', () => {
  it('inherits every ancestor\'s saved replies, sorted by name', () => {
    expect(names([[reply('mars', 'Thanks'), reply('mars', 'Apology')], [], [reply('ice', 'Where to buy')]])).toEqual([
      'mars:Apology', 'mars:Thanks', 'ice:Where to buy',
    ]);
  });

  it('lets the nearest saved reply of a name win, whatever its case', () => {
    expect(names([[reply('mars', 'Thanks')], [reply('snickers', ' THANKS')], []])).toEqual(['snickers: THANKS']);
    expect(names([[reply('mars', 'Thanks')], [reply('snickers', 'thanks')], [reply('ice', 'Thanks')]])).toEqual(['ice:Thanks']);
  });

  it('keeps the topmost locked one in force below', () => {
    expect(names([[reply('mars', 'Thanks', true)], [reply('snickers', 'Thanks', true)], [reply('ice', 'thanks')]])).toEqual(['mars:Thanks']);
  });

  it('gives nothing for an empty chain', () => {
    expect(effectiveSavedReplies([])).toEqual([]);
    expect(effectiveSavedReplies([[], []])).toEqual([]);
  });
});

describe('lockingSavedReply', () => {
  it('names the ancestor that locked the name, and never the brand itself', () => {
    const locked = reply('mars', 'Thanks', true);
    expect(lockingSavedReply([[locked], []], ' thanks')).toBe(locked);
    expect(lockingSavedReply([[locked]], 'Thanks')).toBeNull();
    expect(lockingSavedReply([[reply('mars', 'Thanks')], []], 'Thanks')).toBeNull();
    expect(lockingSavedReply([[locked], []], 'Other')).toBeNull();
  });

  it('compares names composed', () => {
    expect(savedReplyNameKey(' Z\u0307o\u0301łw')).toBe(savedReplyNameKey('Żółw'));
  });
});
