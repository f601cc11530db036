import 'reflect-metadata';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, PARASOL_CONFIG, ResolvedConfig } from '../libs/config';
import { Db, migrateUnderLock, parasolDataSourceOptions } from '../libs/database';
import { createLogger, NestPinoLogger, type Logger } from '../libs/observability';
import { PubSubModule } from '../libs/pubsub';
import { MIGRATIONS } from '../migrations';
import { AccessModule } from './access';
import { AuditModule } from './audit';
import { DemoModule } from './demo';
import { ENTITIES } from './entities';
import { InboxModule } from './inbox';
import { PostsModule } from './posts';

const USAGE = 'Usage: node dist/src/migrate.js [--demo]   (DATABASE_URL names the database; --demo, or PARASOL_DEMO=true, seeds the Mars demo organization on an empty one)';

/** What the demo seeder needs and nothing more: no HTTP, no GraphQL, no job timers. */
@Global()
@Module({})
class DemoSeedModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    const postsModule = PostsModule.forRoot(0);
    return {
      module: DemoSeedModule,
      imports: [
        TypeOrmModule.forRoot(parasolDataSourceOptions({ url: config.databaseUrl, poolSize: 2, entities: ENTITIES, migrations: [] })),
        // The identity services the seeder creates users with take a JwtService, which it never uses to sign.
        JwtModule.register({ global: true, secret: config.jwtSecret }),
        // In-process on purpose: a one-shot job has no subscribers, and the replicas' subscribers
        // have nothing to hear about a seed that ran before they could subscribe.
        PubSubModule.forRoot({ redisUrl: undefined, prefix: config.redisPrefix }),
        AuditModule,
        AccessModule,
        DemoModule.forRoot(true, postsModule, InboxModule.forRoot(postsModule)),
      ],
      providers: [{ provide: PARASOL_CONFIG, useValue: config }, Db],
      exports: [PARASOL_CONFIG, Db],
    };
  }
}

/**
 * `npm run migrate` (`node dist/src/migrate.js`): the pending migrations, under the same lock
 * as a booting replica's (libs/database/migrate-under-lock.ts), for a deployment's one-shot
 * job or init container; with `--demo` (or PARASOL_DEMO=true), then the demo organization on
 * an empty database.
 * Exits 0 when the database is up to date, 1 with a message saying why not. Logs as the service
 * does (LOG_FORMAT: JSON lines in production), so a job's lines read like the replicas'.
 */
let logger: Logger | undefined;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--demo');
  if (unknown.length) throw new ConfigError([`unknown argument ${unknown.join(' ')}`, USAGE]);
  const config = loadConfig();
  logger = createLogger({ level: config.logLevel, format: config.logFormat });
  if (!config.databaseUrl || !config.jwtSecret) {
    throw new ConfigError(['migrate needs DATABASE_URL and JWT_SECRET (the embedded database migrates itself when the service starts)']);
  }
  const resolved: ResolvedConfig = { ...config, databaseUrl: config.databaseUrl, jwtSecret: config.jwtSecret, schedulerIntervalMs: 0 };

  const dataSource = new DataSource(parasolDataSourceOptions({ url: resolved.databaseUrl, poolSize: 1, entities: [], migrations: MIGRATIONS }));
  await dataSource.initialize();
  try {
    const applied = await migrateUnderLock(dataSource, resolved.migrationLockWaitMs);
    const names = applied.map((m) => m.name);
    logger.info({ context: 'Migrate', migrations: names }, names.length ? `Applied ${names.length} migration(s): ${names.join(', ')}` : `Nothing to apply: all ${MIGRATIONS.length} migrations are in place.`);
  } finally {
    await dataSource.destroy();
  }

  if (args.includes('--demo') || config.demo) {
    // Booting the context seeds (DemoSeeder.onApplicationBootstrap, under its own lock) and logs what it made.
    const app = await NestFactory.createApplicationContext(DemoSeedModule.forRoot(resolved), { logger: new NestPinoLogger(logger) });
    // What the seed's commit set off in this process (subscription notices, which have no
    // subscriber here) runs on the next turns of the event loop: let it end before the pool closes.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await app.close();
  }
}

main().catch((error) => {
  const message = error instanceof ConfigError ? error.message : `Migration failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  // A bad configuration stops it before there is a logger to write with.
  if (logger) logger.error({ context: 'Migrate' }, message);
  else console.error(message);
  process.exit(1);
});
