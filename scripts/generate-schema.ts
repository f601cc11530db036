import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { loadConfig } from '../libs/config';
import { createParasol } from '../src/bootstrap';

/**
 * Prints the schema the service really serves into schema.gql (boots it on a throw-away
 * embedded database, so no resolver can be forgotten). With --check, fails when the
 * committed file differs.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const dataDir = await mkdtemp(join(tmpdir(), 'parasol-schema-'));
  const parasol = await createParasol(loadConfig({ PARASOL_DATA_DIR: dataDir, PARASOL_DEMO: 'false', LOG_LEVEL: 'error' }));
  try {
    await parasol.app.init();
    const schema = `${printSchema(parasol.app.get(GraphQLSchemaHost).schema)}\n`;
    const file = join(__dirname, '..', '..', 'schema.gql');
    if (check) {
      const committed = await readFile(file, 'utf8').catch(() => '');
      if (committed !== schema) {
        console.error('schema.gql is out of date: run `npm run schema:generate` and commit the result.');
        process.exitCode = 1;
      } else {
        console.log('schema.gql is up to date.');
      }
    } else {
      await writeFile(file, schema);
      console.log(`Wrote ${file}`);
    }
  } finally {
    await parasol.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
