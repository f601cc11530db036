import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '../libs/config';
import { stopOnSignals } from '../libs/core';
import { createLogger, NestPinoLogger } from '../libs/observability';
import { ENTITIES } from './entities';
import { WebhookWorkerModule } from './webhooks';

/**
 * A webhook worker on its own: `node dist/src/webhook-worker.js`, with the API's environment
 * (DATABASE_URL, JWT_SECRET or WEBHOOK_ENCRYPTION_KEY, WEBHOOK_*). Run as many as needed; they
 * share the work through FOR UPDATE SKIP LOCKED. SIGTERM or SIGINT lets the attempts in flight
 * finish; a killed worker's claims lapse and another worker (or its restart) retries them.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.jwtSecret) {
    throw new ConfigError(['The webhook worker needs DATABASE_URL and JWT_SECRET (the embedded database lives inside the API process)']);
  }
  if (config.webhooks.workerIntervalMs <= 0) throw new ConfigError(['WEBHOOK_WORKER_INTERVAL_MS must be above 0 for the webhook worker']);
  const logger = new Logger('WebhookWorker');
  const app = await NestFactory.createApplicationContext(
    WebhookWorkerModule.forRoot({ ...config, databaseUrl: config.databaseUrl, jwtSecret: config.jwtSecret }, ENTITIES),
    // The API's log lines, in the API's format (LOG_FORMAT, LOG_LEVEL).
    { logger: new NestPinoLogger(createLogger({ level: config.logLevel, format: config.logFormat })) },
  );
  await app.init();
  // The worker's own timer does not hold the process open (it must not in the API): this does.
  const keepAlive = setInterval(() => undefined, 60_000);
  logger.log(`Delivering webhooks every ${config.webhooks.workerIntervalMs} ms`);
  stopOnSignals(logger, 'finishing the attempts in flight', () => {
    clearInterval(keepAlive);
    return app.close();
  });
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
