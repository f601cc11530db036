/** A failing delivery is retried for at least this long after its first attempt. */
export const RETRY_WINDOW_MS = 24 * 3_600_000;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 4 * 3_600_000;
const JITTER = 0.2;

/**
 * The wait after the `attempt`-th failed attempt: 30 s doubling each time (1 min, 2 min,
 * 4 min...) up to 4 h, each spread by ±20% so endpoints that failed together do not all
 * come back together. About 15 attempts fit in the 24 h window.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
  return Math.round(base * (1 + JITTER * (2 * random() - 1)));
}

/** When to try again after the `attempt`-th failure, or null to give up: the window has passed. */
export function nextAttemptAfterFailure(attempt: number, firstAttemptAt: Date, now: Date, random: () => number = Math.random): Date | null {
  if (now.getTime() - firstAttemptAt.getTime() >= RETRY_WINDOW_MS) return null;
  return new Date(now.getTime() + retryDelayMs(attempt, random));
}
