import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { EmbeddedPostgres, parasolDataSourceOptions, startEmbeddedPostgres } from '../../libs/database';
import { MIGRATIONS } from '../../migrations';

export interface TestDatabase {
  url: string;
  kind: 'server' | 'embedded';
  drop(): Promise<void>;
}

/**
 * A database for one test run, migrated with the real migrations. With DATABASE_URL: a new
 * database on that server, dropped afterwards. Without: an embedded database in a temp folder.
 */
export async function createTestDatabase(serverUrl = process.env.DATABASE_URL): Promise<TestDatabase> {
  const database = await createEmptyDatabase(serverUrl);
  // Migrations only: no entity classes, so jest's global set-up never loads the app's GraphQL
  // decorators outside the suites' own module registries (a second copy of @nestjs/graphql's
  // metadata there made every suite after the first fail with 'Cannot determine a GraphQL
  // output type').
  const dataSource = new DataSource(parasolDataSourceOptions({ url: database.url, poolSize: 1, entities: [], migrations: MIGRATIONS }));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  return database;
}

/**
 * An empty database, not migrated (the boot and health suites migrate it themselves): a new one
 * on the server of DATABASE_URL, or an embedded one served on a loopback port.
 */
export async function createEmptyDatabase(serverUrl = process.env.DATABASE_URL): Promise<TestDatabase> {
  let database: TestDatabase;
  if (serverUrl) {
    const name = `parasol_test_${Date.now().toString(36)}_${process.pid}_${Math.random().toString(36).slice(2, 6)}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    database = {
      url: url.toString(),
      kind: 'server',
      async drop() {
        const client = new Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'parasol-test-'));
    const embedded: EmbeddedPostgres = await startEmbeddedPostgres(dir, 12);
    database = {
      url: embedded.url,
      kind: 'embedded',
      async drop() {
        await embedded.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  return database;
}
