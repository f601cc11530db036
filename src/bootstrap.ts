import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { ParasolConfig, ResolvedConfig } from '../libs/config';
import { Db, EmbeddedPostgres, startEmbeddedPostgres } from '../libs/database';
import { createLogger, NestPinoLogger, REQUEST_ID_HEADER, requestIdOf, type LoggerOptions } from '../libs/observability';
import { AppModule } from './app.module';
import { corsOptions } from './cors';
import { registerExplorer } from './explorer';

/** The largest request body taken (413 beyond): a GraphQL operation with its variables. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningParasol {
  app: NestFastifyApplication;
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

export interface ParasolOptions {
  /** Where log lines go (standard output by default); tests read them from a stream. */
  logDestination?: LoggerOptions['destination'];
}

/** Boots Parasol on a PostgreSQL server or, without DATABASE_URL, on the embedded database. */
export async function createParasol(config: ParasolConfig, options: ParasolOptions = {}): Promise<RunningParasol> {
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
    // Fastify rather than Express: the same requests cost a fraction of the CPU in routing,
    // body parsing and answering (docs/adr/0001-fastify.md). It sends no ETag and
    // does not advertise what it runs on.
    // request.ip is the socket's peer unless TRUST_PROXY names the proxies in front (login limits count per
    // address). Fastify takes a hop count too, which the adapter's typings leave out.
    // One pino logger for Fastify and Nest (libs/observability); a request's id is the caller's
    // X-Request-Id when it is a plain id, and the answer carries it back. GraphQL operations
    // get one line each (operationLogPlugin), so Fastify's two lines per request are off.
    const logger = createLogger({ level: config.logLevel, format: config.logFormat, destination: options.logDestination });
    const adapter = new FastifyAdapter({
      bodyLimit: MAX_BODY_BYTES,
      trustProxy: config.trustProxy as boolean | string,
      loggerInstance: logger,
      logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
      genReqId: requestIdOf,
    });
    adapter.getInstance().addHook('onRequest', (request, reply, done) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(resolved, logger), adapter, { logger: new NestPinoLogger(logger) });
    // Browsers: pages on CORS_ORIGINS may call the API (through @fastify/cors), and the explorer page
    // answers GET /graphql for a browser when it is on (src/explorer).
    app.enableCors(corsOptions(config.corsOrigins));
    if (config.explorer) registerExplorer(adapter.getInstance());
    // Every HTTP request gets its own database scope: one tenant transaction, opened lazily.
    // It is entered once the body is read (preHandler), so the handler runs inside it.
    const db = app.get(Db);
    adapter.getInstance().addHook('preHandler', (request, reply, done) =>
      db.runInRequest(() => {
        // A request that ends without an answer (client gone) must still give its connection back.
        reply.raw.on('close', () => void db.endRequest(false).catch(() => undefined));
        done();
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
  // PARASOL_ROLE (docs/guide/scale-out.md): libs/config turned an api process's jobs off.
  if (parasol.config.role === 'api') logger.log('PARASOL_ROLE=api: no jobs in this process (the scheduler, reply reconciler, webhook worker, SLA watch and retention run where PARASOL_ROLE=worker)');
  if (parasol.config.role === 'worker') logger.log('PARASOL_ROLE=worker: running the jobs; HTTP answers too');
  if (parasol.config.demo) {
    logger.log(
      'Demo organization: mutation { login(email: "admin@mars.example", password: "parasol-demo") { accessToken } } ' +
        'then, with Authorization: Bearer <accessToken>, query { brands(filter: { rootsOnly: true }) { edges { node { name children { edges { node { name profiles { edges { node { network handle status } } } } } } } } } }',
    );
  }
}
