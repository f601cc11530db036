import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { findPgBouncer, RunningPgBouncer, startPgBouncer } from '../scripts/pgbouncer';
import { BOOT_TIMEOUT_MS, builders, GraphQLResponse, onPostgresServer, testDatabaseUrl, TestApp, TestOrganization } from './support';

const BRAND_CONSOLE = `query ($id: ID!) { brand(id: $id) {
  name viewerPermissions effectivePolicies { type brandId }
  children(first: 50) { totalCount edges { node {
    name viewerPermissions effectivePolicies { type }
    profiles { totalCount edges { node { handle status } } } } } } } }`;

/** Concurrent console reads per round: more than the bouncer's server connections, so transactions move between them. */
const CONCURRENT = 12;
/** Rounds the run without the setting gets to show the failure (it shows in the first few). */
const MAX_ROUNDS = 40;
const DRIFT = /prepared statement "parasol_[0-9a-f]+" (does not exist|already exists)/;

// Behind its own PgBouncer, started here, whatever the rest of the run goes through.
const directUrl = () => process.env.PARASOL_TEST_DIRECT_DATABASE_URL ?? testDatabaseUrl();
const binary = findPgBouncer();
const skipReason = !onPostgresServer()
  ? 'the run is on the embedded database (no DATABASE_URL): PgBouncer needs a PostgreSQL server'
  : !binary
    ? 'pgbouncer is not installed (.ci/run installs Debian\'s package when it runs as root with apt-get)'
    : null;
if (skipReason) console.log(`PgBouncer suite skipped: ${skipReason}`);

/**
 * The service behind PgBouncer in transaction pooling mode (docs/guide/pgbouncer.md): with
 * DATABASE_POOLER=transaction the brand console (reads batched per level) answers every
 * time; without it, the same run fails, because a statement one transaction PREPAREd on one
 * server session is missing from (or already on) the session the next transaction gets.
 * The rest of the service through the bouncer (mutations, approvals, subscriptions, the
 * jobs) is the e2e suites CI runs with PARASOL_TEST_POOLER=transaction (.ci/run).
 */
(skipReason ? describe.skip : describe)('behind PgBouncer in transaction mode', () => {
  let bouncer: RunningPgBouncer;
  let pooled: TestApp;
  let org: TestOrganization;
  let umbrella: string;

  beforeAll(async () => {
    // Fewer server connections than the apps' pools: every transaction takes whichever is free.
    bouncer = await startPgBouncer(directUrl(), { poolSize: 3 });
    pooled = await TestApp.start({ DATABASE_URL: bouncer.url, DATABASE_POOLER: 'transaction', DATABASE_POOL_SIZE: '6' });
    org = await pooled.createOrganization('Pooled');
    const b = builders(pooled, org.adminToken);
    umbrella = await b.brand('Umbrella');
    for (let i = 0; i < 4; i++) await b.profile(await b.brand(`Sub ${i}`, umbrella));
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await pooled?.close();
    await bouncer?.stop();
  }, BOOT_TIMEOUT_MS);

  const consoleRound = (app: TestApp) =>
    Promise.all(Array.from({ length: CONCURRENT }, () => app.gql<{ brand: { children: { totalCount: number } } }>(BRAND_CONSOLE, { id: umbrella }, org.adminToken)));

  it('with DATABASE_POOLER=transaction: every console read answers, unprepared, in the tenant scope', async () => {
    for (let round = 0; round < 10; round++) {
      for (const body of await consoleRound(pooled)) {
        expect(body.errors).toBeUndefined();
        expect(body.data!.brand.children.totalCount).toBe(4);
      }
    }
    // Nothing prepared on any server session the bouncer holds.
    expect(await preparedOnEverySession(bouncer.url, 3)).toEqual([0, 0, 0]);
  });

  it('without it, the same reads fail: the prepared statements stay on server sessions the next transaction may not get', async () => {
    const session = await TestApp.start({ DATABASE_URL: bouncer.url, DATABASE_POOLER: 'none', DATABASE_POOL_SIZE: '6', LOG_LEVEL: 'silent' });
    // The service logs what it answered as INTERNAL_SERVER_ERROR, with PostgreSQL's message.
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failures = () => logged.mock.calls.map(([message]) => String(message));
    try {
      let failed: GraphQLResponse[] = [];
      let rounds = 0;
      while (rounds < MAX_ROUNDS && failed.length === 0) {
        // From the second round on, the bouncer's server sessions are replaced first (RECONNECT
        // closes each once released), as a bouncer does when a server connection reaches its
        // lifetime or breaks: the service's connections still count their statements as
        // prepared, and the new sessions have none of them. The first round may already fail
        // on its own (sessions handed round robin); this makes the failure certain, not lucky.
        if (rounds > 0) await bouncer.admin('RECONNECT');
        rounds++;
        failed = (await consoleRound(session)).filter((body) => body.errors?.length);
      }
      const drift = failures().find((line) => DRIFT.test(line));
      console.log(`without DATABASE_POOLER: round ${rounds}, ${failed.length} of ${CONCURRENT} console reads failed; logged: ${drift?.split('\n')[0]}`);
      expect(failed.length).toBeGreaterThan(0);
      expect(failed[0].errors![0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(drift).toBeDefined();
    } finally {
      logged.mockRestore();
      await session.close();
    }
  });
});

/**
 * What is prepared on each of the bouncer's `sessions` server connections: as many clients each
 * hold a transaction open, so each has a server session of its own, all of them.
 */
async function preparedOnEverySession(url: string, sessions: number): Promise<number[]> {
  const clients = Array.from({ length: sessions }, () => new Client({ connectionString: url }));
  try {
    await Promise.all(clients.map((c) => c.connect()));
    await Promise.all(clients.map((c) => c.query('BEGIN')));
    const counts = await Promise.all(clients.map((c) => c.query(`SELECT count(*)::int AS n, pg_backend_pid() AS pid FROM pg_prepared_statements WHERE name LIKE 'parasol\\_%'`)));
    expect(new Set(counts.map((r) => r.rows[0].pid)).size).toBe(sessions);
    return counts.map((r) => r.rows[0].n);
  } finally {
    await Promise.all(clients.map((c) => c.query('ROLLBACK').catch(() => undefined).then(() => c.end())));
  }
}
