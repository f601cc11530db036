import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { INestApplication, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ParasolConfig } from '../libs/config';
import { Db, EmbeddedPostgres, startEmbeddedPostgres } from '../libs/database';
import { AppModule, ResolvedConfig } from './app.module';

const LOG_LEVELS: Record<ParasolConfig['logLevel'], LogLevel[]> = {
  silent: [],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export interface RunningParasol {
  app: INestApplication;
  config: ResolvedConfig;
  embedded: EmbeddedPostgres | null;
  /** Closes the app, then the embedded database (if any): graceful, in that order. */
  close(): Promise<void>;
}

/** The embedded database keeps its own signing secret, so tokens survive restarts. */
async function embeddedJwtSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'jwt-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const secret = randomBytes(48).toString('base64url');
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

/** Boots Parasol on a PostgreSQL server or, without DATABASE_URL, on the embedded database. */
export async function createParasol(config: ParasolConfig): Promise<RunningParasol> {
  const embedded = config.databaseUrl ? null : await startEmbeddedPostgres(config.dataDir, 4);
  try {
    const resolved: ResolvedConfig = {
      ...config,
      // PGlite is one session: pglite-socket multiplexes connections per message, and two
      // clients' extended-protocol messages can interleave and clobber each other's unnamed
      // statements. One pooled connection keeps the protocol sequential (PGlite runs one
      // transaction at a time anyway).
      poolSize: embedded ? 1 : config.poolSize,
      databaseUrl: config.databaseUrl ?? embedded!.url,
      jwtSecret: config.jwtSecret ?? (await embeddedJwtSecret(embedded!.dataDir)),
    };
    const app = await NestFactory.create(AppModule.forRoot(resolved), { logger: LOG_LEVELS[config.logLevel] });
    const express = app.getHttpAdapter().getInstance() as { set(setting: string, value: unknown): void };
    // GraphQL answers are POSTs nobody revalidates: without this Express hashes every response
    // body for an ETag. And the server does not advertise what it runs on.
    express.set('etag', false);
    express.set('x-powered-by', false);
    // Every HTTP request gets its own database scope: one tenant transaction, opened lazily.
    const db = app.get(Db);
    app.use((_req: unknown, res: { on(event: 'close', listener: () => void): void }, next: () => void) =>
      db.runInRequest(() => {
        // A request that ends without an answer (client gone) must still give its connection back.
        res.on('close', () => void db.endRequest(false).catch(() => undefined));
        next();
      }),
    );
    let closing: Promise<void> | undefined;
    return {
      app,
      config: resolved,
      embedded,
      close: () =>
        (closing ??= (async () => {
          await app.close();
          await embedded?.stop();
        })()),
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

export function announce(parasol: RunningParasol, url: string): void {
  const logger = new Logger('Parasol');
  const where = parasol.embedded ? `embedded PostgreSQL in ${parasol.embedded.dataDir}` : 'PostgreSQL at DATABASE_URL';
  logger.log(`GraphQL API at ${url}/graphql on ${where}`);
  if (parasol.config.demo) {
    logger.log(
      'Demo organization: mutation { login(email: "admin@mars.example", password: "parasol-demo") { accessToken } } ' +
        'then, with Authorization: Bearer <accessToken>, query { brands(filter: { rootsOnly: true }) { edges { node { name children { edges { node { name profiles { edges { node { network handle status } } } } } } } } } }',
    );
  }
}
