import { DataSource, Migration, MigrationExecutor } from 'typeorm';
import { ADVISORY_LOCKS, takeTransactionLock } from './advisory-lock';

/** How long a replica waits for another one's migrations by default (MIGRATION_LOCK_WAIT_MS). */
export const DEFAULT_MIGRATION_LOCK_WAIT_MS = 10 * 60_000;

/**
 * Runs the pending migrations once however many processes call it at the same time: in one
 * transaction that first takes the migrations' advisory lock. The first process in migrates
 * and commits; the others wait on the lock, then read the migrations table afresh (each
 * statement of a READ COMMITTED transaction sees what committed before it) and find nothing
 * pending. Returns the migrations this call applied (none when another process had).
 *
 * All pending migrations share the one transaction (TypeORM's `all` mode): on PostgreSQL the
 * schema changes are transactional, so a failure leaves the database as it was, and holding
 * the lock in a transaction (not a session) works through PgBouncer in transaction mode.
 */
export async function migrateUnderLock(dataSource: DataSource, maxWaitMs = DEFAULT_MIGRATION_LOCK_WAIT_MS): Promise<Migration[]> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await takeTransactionLock((sql, parameters) => runner.query(sql, parameters), ADVISORY_LOCKS.migrations, 'migrations', maxWaitMs);
    const executor = new MigrationExecutor(dataSource, runner);
    // The transaction is open already: TypeORM joins it instead of opening one per migration.
    executor.transaction = 'all';
    const applied = await executor.executePendingMigrations();
    await runner.commitTransaction();
    return applied;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** The names of the `migrations` (classes with a `name`) not yet recorded in the migrations table; all of them before the table exists. */
export async function pendingMigrationNames(dataSource: DataSource, migrations: readonly Function[]): Promise<string[]> {
  // TypeORM's name for a migration: the instance's `name`, else its class's.
  const names = migrations.map((migration) => (new (migration as new () => { name?: string })()).name ?? migration.name);
  const [{ exists }] = await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
  if (!exists) return names;
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM migrations');
  const applied = new Set(rows.map((row) => row.name));
  return names.filter((name) => !applied.has(name));
}
