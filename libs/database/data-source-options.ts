import { DataSourceOptions, Logger, MixedList, EntitySchema } from 'typeorm';
import { ParasolNamingStrategy } from './tenant-keys';

export interface ParasolDataSourceInput {
  url: string;
  poolSize: number;
  /** How long a caller waits for a pooled connection (10 s when not given). */
  poolWaitMs?: number;
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
  migrationsRun?: boolean;
  logger?: Logger;
}

/** One place for how Parasol talks to PostgreSQL, shared by the app, the CLI and the tests. */
export function parasolDataSourceOptions(input: ParasolDataSourceInput): DataSourceOptions {
  return {
    type: 'postgres',
    url: input.url,
    applicationName: 'parasol',
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite; uuid-ossp is not in PGlite.
    uuidExtension: 'pgcrypto',
    namingStrategy: new ParasolNamingStrategy(),
    installExtensions: false,
    entities: input.entities,
    migrations: input.migrations,
    migrationsRun: input.migrationsRun ?? false,
    migrationsTransactionMode: 'each',
    // Never: every schema change is a migration (CI checks that entities and migrations agree).
    synchronize: false,
    logger: input.logger,
    logging: input.logger ? ['query', 'error', 'warn'] : false,
    extra: {
      max: input.poolSize,
      // A client-side timeout so a stuck embedded database fails a request instead of hanging it.
      query_timeout: 30_000,
      connectionTimeoutMillis: input.poolWaitMs ?? 10_000,
    },
  };
}
