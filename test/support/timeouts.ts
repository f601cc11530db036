/**
 * Timeouts of the e2e suites. A suite boots the service on a real database and drives it over
 * HTTP; on a loaded machine (two suites side by side on two cores) a boot or a test takes tens
 * of seconds where it takes one when idle. A timeout must mean "hung", never "busy": a test
 * that times out also leaves its work running into the tests after it.
 */

/** Every e2e test and hook that gives none (set by e2e-setup.ts; jest's own default is 5 s). */
export const E2E_TIMEOUT_MS = 180_000;

/** Hooks that start or stop a TestApp, given explicitly: `beforeAll(fn, BOOT_TIMEOUT_MS)`. */
export const BOOT_TIMEOUT_MS = 180_000;

/**
 * Polls `check` until it holds (a subscription registered, an event or a delivery arrived).
 * The deadline only turns a hang into a clear message: a loaded machine can take many seconds.
 */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
