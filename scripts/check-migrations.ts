import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parasolDataSourceOptions } from '../libs/database';
import { MIGRATIONS } from '../migrations';
import { ENTITIES } from '../src/entities';

/**
 * Fails when the entities and the migrations disagree: runs every migration on a scratch
 * database of the server at DATABASE_URL, then asks TypeORM what it would still change
 * (what `migration:generate --check` does), and drops the scratch database.
 */
async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL must point at a PostgreSQL server');
  const name = `parasol_migcheck_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataSource = new DataSource(parasolDataSourceOptions({ url: url.toString(), poolSize: 1, entities: ENTITIES, migrations: MIGRATIONS }));
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations();
    const pending = (await dataSource.driver.createSchemaBuilder().log()).upQueries;
    const down = await dataSource.undoLastMigration().then(() => 'ok');
    if (pending.length) {
      console.error('Entities and migrations disagree. Generate a migration (npm run migration:generate -- migrations/<Name>). Pending changes:');
      for (const q of pending) console.error(`  ${q.query}`);
      process.exitCode = 1;
    } else {
      console.log(`Migrations match the entities (${applied.length} applied; last one reverts: ${down}).`);
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
