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
