import { nextAttemptAfterFailure, RETRY_WINDOW_MS, retryDelayMs } from './webhook-retry';

describe('webhook retries', () => {
  const middle = () => 0.5;

  it('waits 30 s after the first failure and doubles up to 4 hours', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, middle))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(10, middle)).toBe(4 * 3_600_000);
    expect(retryDelayMs(40, middle)).toBe(4 * 3_600_000);
  });

  it('spreads each wait by at most 20% either way', () => {
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 0.999999)).toBeLessThanOrEqual(36_000);
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(3);
      expect(delay).toBeGreaterThanOrEqual(96_000);
      expect(delay).toBeLessThanOrEqual(144_000);
    }
  });

  it('retries for at least 24 hours, in about 15 attempts, then gives up', () => {
    for (const random of [() => 0, middle, () => 0.999999]) {
      const first = new Date('2026-01-01T00:00:00Z');
      let now = first;
      let attempts = 1;
      for (;;) {
        const next = nextAttemptAfterFailure(attempts, first, now, random);
        if (!next) break;
        now = next;
        attempts += 1;
      }
      expect(now.getTime() - first.getTime()).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
      expect(attempts).toBeGreaterThanOrEqual(13);
      expect(attempts).toBeLessThanOrEqual(18);
    }
  });
});
