import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';

export interface EmbeddedPostgres {
  /** postgres:// URL of the in-process server, for the ordinary pg driver. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export class DataDirLockedError extends Error {
  constructor(dataDir: string) {
    super(
      `The embedded database in ${dataDir} is already in use by another Parasol process. ` +
        'Stop that process, or set PARASOL_DATA_DIR to another folder.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) on `dataDir` and serves it over the
 * PostgreSQL wire protocol on a loopback port, so TypeORM uses its ordinary driver and the
 * same migrations as on a server. The folder is locked: a second process fails at once
 * instead of opening a diverging copy.
 */
export async function startEmbeddedPostgres(dataDirInput: string, maxConnections: number): Promise<EmbeddedPostgres> {
  const dataDir = resolve(dataDirInput);
  await mkdir(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, { lockfilePath: join(dataDir, 'parasol.lock'), stale: 15_000, update: 5_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') throw new DataDirLockedError(dataDir);
    throw error;
  }

  try {
    // PGlite and pglite-socket are ESM; load them lazily so a server deployment never pays for them.
    const { PGlite } = await import('@electric-sql/pglite');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const db = await PGlite.create(join(dataDir, 'pgdata'));
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
    await server.start();
    const [, port] = server.getServerConn().split(':');
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dataDir,
      async stop() {
        await server.stop();
        await db.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
