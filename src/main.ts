import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '../libs/config';
import { DataDirLockedError } from '../libs/database';
import { announce, createParasol } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const parasol = await createParasol(config);
  const logger = new Logger('Parasol');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing requests in flight, then stopping`);
    parasol.close().then(
      () => process.exit(0),
      (error) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await parasol.app.listen(config.port);
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
