// First: when OTEL_* turns traces on, the instrumentations must patch http, pg and graphql before they load.
import { tracing } from './tracing';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '../libs/config';
import { stopOnSignals } from '../libs/core';
import { DataDirLockedError } from '../libs/database';
import { announce, createParasol, RunningParasol } from './bootstrap';

/**
 * Every interface, as a service in a container must (Fastify alone would listen on loopback
 * only): IPv6 and IPv4 where the host has IPv6, IPv4 where it has not.
 */
async function listenEverywhere(parasol: RunningParasol, port: number): Promise<void> {
  try {
    await parasol.app.listen(port, '::');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAFNOSUPPORT') throw error;
    await parasol.app.listen(port, '0.0.0.0');
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const parasol = await createParasol(config);
  stopOnSignals(new Logger('Parasol'), 'finishing requests in flight', async () => {
    await parasol.close();
    await tracing?.shutdown();
  });
  await listenEverywhere(parasol, config.port);
  announce(parasol, (await parasol.app.getUrl()).replace('[::1]', 'localhost'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
