import { createServer } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { migrateUnderLock, parasolDataSourceOptions } from '../libs/database';
import { MIGRATIONS } from '../migrations';
import { BOOT_TIMEOUT_MS, createEmptyDatabase, TestApp, TestDatabase, testDatabaseUrl } from './support';

const LAST = MIGRATIONS[MIGRATIONS.length - 1].name;

/** A loopback port nothing listens on: a Redis that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const get = (app: TestApp, path: string) => request(app.app.getHttpServer()).get(path);

describe('health: /health/live, /health/ready and /health', () => {
  describe('on a database with a migration still to apply', () => {
    let database: TestDatabase;
    let app: TestApp;

    beforeAll(async () => {
      database = await createEmptyDatabase();
      const dataSource = new DataSource(parasolDataSourceOptions({ url: database.url, poolSize: 1, entities: [], migrations: MIGRATIONS.slice(0, -1) }));
      await dataSource.initialize();
      await dataSource.runMigrations();
      await dataSource.destroy();
      // PARASOL_MIGRATE off: the process waits for a migrate job, as an api replica does.
      app = await TestApp.start({ DATABASE_URL: database.url, PARASOL_DEMO: 'false', PARASOL_MIGRATE: 'false' });
    }, BOOT_TIMEOUT_MS);

    afterAll(async () => {
      await app?.close();
      await database?.drop();
    }, BOOT_TIMEOUT_MS);

    it('is live, but not ready (503, naming the pending migration) until every migration is applied, then ready', async () => {
      const live = await get(app, '/health/live');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });

      for (const path of ['/health/ready', '/health']) {
        const notReady = await get(app, path);
        expect(notReady.status).toBe(503);
        expect(notReady.body.status).toBe('error');
        expect(notReady.body.info.database.status).toBe('up');
        expect(notReady.body.error.migrations).toMatchObject({ status: 'down', pending: [LAST] });
      }

      const dataSource = new DataSource(parasolDataSourceOptions({ url: database.url, poolSize: 1, entities: [], migrations: MIGRATIONS }));
      await dataSource.initialize();
      const applied = await migrateUnderLock(dataSource);
      await dataSource.destroy();
      expect(applied.map((m) => m.name)).toEqual([LAST]);

      for (const path of ['/health/ready', '/health']) {
        const ready = await get(app, path);
        expect(ready.status).toBe(200);
        expect(ready.body).toMatchObject({ status: 'ok', error: {} });
        expect(ready.body.info).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up', applied: MIGRATIONS.length } });
        expect(ready.body.info.redis).toBeUndefined();
      }
    });
  });

  describe('with REDIS_URL', () => {
    it('is not ready while Redis is down, naming it, and stays live', async () => {
      const app = await TestApp.start({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
      try {
        const ready = await get(app, '/health/ready');
        expect(ready.status).toBe(503);
        expect(ready.body.error.redis).toMatchObject({ status: 'down', message: expect.stringMatching(/ECONNREFUSED|timeout/) });
        expect(ready.body.info).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' } });
        expect((await get(app, '/health/live')).status).toBe(200);
      } finally {
        await app.close();
      }
    }, BOOT_TIMEOUT_MS);

    it('is ready while Redis answers (the machine\'s Redis at 127.0.0.1:6379)', async () => {
      const app = await TestApp.start({ REDIS_URL: process.env.PARASOL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });
      try {
        const ready = await get(app, '/health/ready');
        expect(ready.status).toBe(200);
        expect(ready.body.info).toMatchObject({ database: { status: 'up' }, migrations: { status: 'up' }, redis: { status: 'up' } });
      } finally {
        await app.close();
      }
    }, BOOT_TIMEOUT_MS);
  });

  it('answers without a token, outside any tenant, and on the run\'s database', async () => {
    expect(testDatabaseUrl()).toBeTruthy();
    const app = await TestApp.start();
    try {
      const res = await get(app, '/health').set('authorization', 'Bearer not-a-token');
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
  }, BOOT_TIMEOUT_MS);
});
