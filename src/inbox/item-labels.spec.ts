import { changeLabels, LABEL_LIMITS, normalizeLabel } from './item-labels';

describe('labelling an item', () => {
  it('normalizes: NFC, trimmed, one space between words', () => {
    expect(normalizeLabel('  big \t  fan ')).toBe('big fan');
    expect(normalizeLabel('cafe\u0301')).toBe('caf\u00e9');
  });

  it('adds new labels in order, keeps the stored spelling of one already there, removes in any case', () => {
    expect(changeLabels(['VIP', 'stores'], ['vip', ' refund ', 'Refund'], ['STORES'])).toEqual({ labels: ['VIP', 'refund'], errors: [] });
    expect(changeLabels(['a'], [], ['b'])).toEqual({ labels: ['a'], errors: [] });
  });

  it('refuses blank, too long, too many and contradictory labels, on their paths', () => {
    const long = 'x'.repeat(LABEL_LIMITS.maxLength + 1);
    expect(changeLabels([], [' ', long], []).errors.map((e) => e.field)).toEqual(['add.0', 'add.1']);
    expect(changeLabels([], Array.from({ length: 21 }, (_, i) => `l${i}`), []).errors.map((e) => e.field)).toEqual(['add']);
    expect(changeLabels([], [], Array.from({ length: 21 }, (_, i) => `l${i}`)).errors.map((e) => e.field)).toEqual(['remove']);
    expect(changeLabels([], ['Fans'], ['fans']).errors).toEqual([{ field: 'add.0', message: '"Fans" is also removed' }]);
    const full = Array.from({ length: LABEL_LIMITS.perItem }, (_, i) => `l${i}`);
    expect(changeLabels(full, ['one more'], []).errors.map((e) => e.field)).toEqual(['add']);
    expect(changeLabels(full, ['L1'], []).labels).toEqual(full);
  });
});
