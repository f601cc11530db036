/**
 * Transaction-level advisory locks: what lets N replicas boot at once (migrations, the demo
 * seed) with one doing the work and the others waiting, then finding nothing to do.
 *
 * Transaction-level, never session-level: the lock lives and dies with the one transaction
 * that holds the work, so it holds behind PgBouncer in transaction mode too (a session lock
 * would be taken on one server connection and released, or leaked, on another), and a
 * process killed mid-way releases it with its connection. PGlite has advisory locks too (one
 * session: always granted at once), so the embedded database takes the same path.
 */

/** The lock keys: one bigint per kind of boot-time work, the same in every replica. */
export const ADVISORY_LOCKS = {
  /** 'parasol:migrations' */
  migrations: 7_300_712_000_001n,
  /** 'parasol:demo-seed' */
  demoSeed: 7_300_712_000_002n,
} as const;

export class AdvisoryLockTimeoutError extends Error {
  constructor(what: string, waitedMs: number) {
    super(`Gave up waiting ${Math.round(waitedMs / 1000)} s for the ${what} lock: another process has held it all that time (still migrating or seeding, or stuck in a transaction)`);
    this.name = 'AdvisoryLockTimeoutError';
  }
}

const POLL_MS = 250;

/**
 * Takes the transaction-level advisory lock `key` in the transaction `query` runs in (it must
 * be one), waiting up to `maxWaitMs`. It polls pg_try_advisory_xact_lock rather than blocking
 * in pg_advisory_xact_lock: a blocked statement would run into the pool's client-side query
 * timeout (30 s) while another replica runs a long migration.
 */
export async function takeTransactionLock(
  query: (sql: string, parameters: unknown[]) => Promise<{ locked: boolean }[]>,
  key: bigint,
  what: string,
  maxWaitMs: number,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [row] = await query('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [key.toString()]);
    if (row?.locked) return;
    if (Date.now() - started >= maxWaitMs) throw new AdvisoryLockTimeoutError(what, Date.now() - started);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
