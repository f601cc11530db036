import { createTestDatabase, TestDatabase } from './test-database';

declare global {
  var __parasolTestDatabase: TestDatabase | undefined;
}

/** One migrated database for the whole run; suites isolate themselves by organization. */
export default async function globalSetup(): Promise<void> {
  const database = await createTestDatabase();
  globalThis.__parasolTestDatabase = database;
  process.env.PARASOL_TEST_DATABASE_URL = database.url;
  process.env.PARASOL_TEST_DATABASE_KIND = database.kind;
}
