import { startPgBouncer, type RunningPgBouncer } from '../../scripts/pgbouncer';
import { createTestDatabase, TestDatabase } from './test-database';

declare global {
  var __parasolTestDatabase: TestDatabase | undefined;
  var __parasolTestPooler: RunningPgBouncer | undefined;
}

/** One migrated database for the whole run; suites isolate themselves by organization. */
export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase();
  globalThis.__parasolTestDatabase = database;
  process.env.PARASOL_TEST_DATABASE_URL = database.url;
  process.env.PARASOL_TEST_DATABASE_KIND = database.kind;
  // PARASOL_TEST_POOLER=transaction: the apps of the run reach the database through a PgBouncer
  // in transaction mode started here (and run with DATABASE_POOLER=transaction, see TestApp);
  // the database was created and migrated directly, as docs/guide/pgbouncer.md asks.
  if (process.env.PARASOL_TEST_POOLER === 'transaction') {
    if (database.kind !== 'server') throw new Error('PARASOL_TEST_POOLER=transaction needs DATABASE_URL (a PostgreSQL server)');
    const bouncer = await startPgBouncer(database.url);
    globalThis.__parasolTestPooler = bouncer;
    process.env.PARASOL_TEST_DIRECT_DATABASE_URL = database.url;
    process.env.PARASOL_TEST_DATABASE_URL = bouncer.url;
  }
}
