import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { BOOT_TIMEOUT_MS, createEmptyDatabase, onPostgresServer, TEST_JWT_SECRET, TestDatabase, until } from './support';

/**
 * N processes booting at once on one empty database (issue 16, "safe boot"): migrations and the
 * demo seed run once, under advisory locks, and every process comes up. Real processes, on the
 * PostgreSQL server only: the embedded database lives inside one process by design.
 */
const REGISTER = join(__dirname, 'support', 'swc-register.js');

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | string | null>;
}

/** `node src/<entry>.ts ...args`, compiled on the fly as jest does (no build that may be stale). */
function run(entry: string, args: string[], env: Record<string, string>): Run {
  let output = '';
  const child = spawn(process.execPath, ['-r', REGISTER, join(__dirname, '..', 'src', entry), ...args], {
    env: { PATH: process.env.PATH, JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'log', NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return { child, output: () => output, exit };
}

async function counts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT
      (SELECT count(*) FROM migrations)::int AS migrations,
      (SELECT count(DISTINCT name) FROM migrations)::int AS distinct_migrations,
      (SELECT count(*) FROM organizations)::int AS organizations,
      (SELECT count(*) FROM users WHERE email = 'admin@mars.example')::int AS demo_admins,
      (SELECT count(*) FROM brands)::int AS brands,
      (SELECT count(*) FROM posts)::int AS posts`);
    return rows[0];
  } finally {
    await client.end();
  }
}

const occurrences = (runs: Run[], text: string) => runs.filter((r) => r.output().includes(text)).length;

describe('safe boot of several replicas', () => {
  const databases: TestDatabase[] = [];
  const runs: Run[] = [];
  const empty = async () => {
    const database = await createEmptyDatabase();
    databases.push(database);
    return database;
  };

  afterAll(async () => {
    for (const r of runs) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await Promise.all(runs.map((r) => r.exit));
    for (const database of databases) await database.drop();
  }, BOOT_TIMEOUT_MS);

  it('boots 3 processes with PARASOL_MIGRATE and PARASOL_DEMO on an empty database: migrated once, seeded once, all ready', async () => {
    if (!onPostgresServer()) return;
    const database = await empty();
    const replicas = [0, 1, 2].map(() =>
      run('main.ts', [], {
        DATABASE_URL: database.url,
        PORT: '0',
        PARASOL_MIGRATE: 'true',
        PARASOL_DEMO: 'true',
        PARASOL_SCHEDULER_INTERVAL_MS: '0',
        WEBHOOK_WORKER_INTERVAL_MS: '0',
        RETENTION_INTERVAL_MS: '0',
        DATABASE_POOL_SIZE: '3',
      }),
    );
    runs.push(...replicas);
    const urls: string[] = [];
    for (const replica of replicas) {
      await until(() => /GraphQL API at (\S+)\/graphql/.test(replica.output()) || replica.child.exitCode !== null, `a replica to listen (output: ${replica.output()})`, BOOT_TIMEOUT_MS - 10_000);
      const match = /GraphQL API at (\S+)\/graphql/.exec(replica.output());
      expect({ exit: replica.child.exitCode, listening: !!match, output: match ? '' : replica.output() }).toEqual({ exit: null, listening: true, output: '' });
      urls.push(match![1]);
    }
    for (const url of urls) {
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(200);
    }

    expect(await counts(database.url)).toEqual({
      migrations: MIGRATIONS.length, distinct_migrations: MIGRATIONS.length, organizations: 1, demo_admins: 1, brands: 5, posts: 5,
    });
    // One process did each piece of work; none failed at it.
    expect(occurrences(replicas, `Applied ${MIGRATIONS.length}:`)).toBe(1);
    expect(occurrences(replicas, 'Seeded the demo organization "Mars"')).toBe(1);
    expect(replicas.map((r) => r.output()).join('\n')).not.toMatch(/already exists|duplicate key|ERROR/);

    for (const replica of replicas) replica.child.kill('SIGTERM');
    expect(await Promise.all(replicas.map((r) => r.exit))).toEqual([0, 0, 0]);
  }, BOOT_TIMEOUT_MS);

  it('migrates with `migrate --demo` from two jobs at once: one applies and seeds, the other finds nothing to do, both exit 0', async () => {
    if (!onPostgresServer()) return;
    const database = await empty();
    const jobs = [0, 1].map(() => run('migrate.ts', ['--demo'], { DATABASE_URL: database.url }));
    runs.push(...jobs);
    expect(await Promise.all(jobs.map((j) => j.exit))).toEqual([0, 0]);
    expect(occurrences(jobs, `Applied ${MIGRATIONS.length} migration(s):`)).toBe(1);
    expect(occurrences(jobs, `Nothing to apply: all ${MIGRATIONS.length} migrations are in place.`)).toBe(1);
    expect(occurrences(jobs, 'Seeded the demo organization "Mars"')).toBe(1);
    expect(await counts(database.url)).toMatchObject({ migrations: MIGRATIONS.length, distinct_migrations: MIGRATIONS.length, organizations: 1, demo_admins: 1 });

    // Run again later: nothing to do, still 0.
    const again = run('migrate.ts', [], { DATABASE_URL: database.url });
    runs.push(again);
    expect(await again.exit).toBe(0);
    expect(again.output()).toContain(`Nothing to apply: all ${MIGRATIONS.length} migrations are in place.`);
  }, BOOT_TIMEOUT_MS);

  it('exits 1 with a clear message when it cannot migrate, or is called wrongly', async () => {
    if (!onPostgresServer()) return;
    const database = await empty();
    const url = new URL(database.url);
    url.pathname = '/parasol_no_such_database';
    const missing = run('migrate.ts', [], { DATABASE_URL: url.toString() });
    const wrong = run('migrate.ts', ['--seed'], { DATABASE_URL: database.url });
    const unset = run('migrate.ts', [], {});
    runs.push(missing, wrong, unset);
    expect(await Promise.all([missing.exit, wrong.exit, unset.exit])).toEqual([1, 1, 1]);
    expect(missing.output()).toMatch(/Migration failed: .*database "parasol_no_such_database" does not exist/);
    expect(wrong.output()).toMatch(/unknown argument --seed/);
    expect(unset.output()).toMatch(/migrate needs DATABASE_URL/);
  }, BOOT_TIMEOUT_MS);
});
