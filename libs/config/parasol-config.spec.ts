import { ConfigError, loadConfig } from './parasol-config';

describe('loadConfig', () => {
  it('defaults to the embedded database with the demo on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, dataDir: './.parasol', demo: true, migrateOnBoot: true });
  });

  it('requires JWT_SECRET with DATABASE_URL and keeps the demo off by default', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/JWT_SECRET is required/);
    const config = loadConfig({ DATABASE_URL: 'postgres://localhost/x', JWT_SECRET: 'x'.repeat(32) });
    expect(config).toMatchObject({ demo: false, migrateOnBoot: false });
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/x', JWT_SECRET: 'x'.repeat(32), PARASOL_DEMO: 'true', PARASOL_MIGRATE: '1' }))
      .toMatchObject({ demo: true, migrateOnBoot: true });
  });

  it('knows of no pooler by default; DATABASE_POOLER=transaction is PgBouncer in transaction mode', () => {
    expect(loadConfig({}).databasePooler).toBe('none');
    expect(loadConfig({ DATABASE_POOLER: 'transaction' }).databasePooler).toBe('transaction');
    expect(() => loadConfig({ DATABASE_POOLER: 'statement' })).toThrow(/DATABASE_POOLER must be one of none, session, transaction/);
  });

  it('logs JSON in production on a server, readable text elsewhere, unless LOG_FORMAT says', () => {
    const server = { DATABASE_URL: 'postgres://localhost/x', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ ...server, NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ ...server }).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });

  it('serves /metrics by default, with a bearer token when METRICS_TOKEN is set', () => {
    expect(loadConfig({}).metrics).toEqual({ enabled: true, token: undefined });
    expect(loadConfig({ METRICS_ENABLED: 'false', METRICS_TOKEN: 't'.repeat(16) }).metrics).toEqual({ enabled: false, token: 't'.repeat(16) });
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be at least 16/);
  });

  it('names every bad value at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', PARASOL_DEMO: 'maybe', JWT_SECRET: 'short' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(error!.problems.join('\n')).toMatch(/DATABASE_URL must be a postgres/);
    expect(error!.problems.join('\n')).toMatch(/PARASOL_DEMO must be true or false/);
    expect(error!.problems.join('\n')).toMatch(/JWT_SECRET must be at least 32/);
  });

  it('delivers webhooks to public https URLs only, unless told otherwise', () => {
    expect(loadConfig({}).webhooks).toEqual({
      workerIntervalMs: 2000, allowPrivateNetworks: false, allowHttp: false, encryptionKey: undefined, timeoutMs: 10000, secretGraceHours: 24, disableAfterFailures: 5,
    });
    expect(loadConfig({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOKS_ALLOW_HTTP: '1', WEBHOOK_WORKER_INTERVAL_MS: '0' }).webhooks).toMatchObject({
      allowPrivateNetworks: true, allowHttp: true, workerIntervalMs: 0,
    });
    expect(() => loadConfig({ WEBHOOK_ENCRYPTION_KEY: 'short' })).toThrow(/WEBHOOK_ENCRYPTION_KEY must be at least 32/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '0' })).toThrow(/WEBHOOK_TIMEOUT_MS must be between 100 and 60000/);
  });

  it('protects logins with limits that can be tuned, and trusts no proxy unless told', () => {
    const config = loadConfig({});
    expect(config.login).toMatchObject({
      maxFailuresPerAccount: 5, failureWindowSeconds: 900, lockoutSeconds: 60, lockoutMaxSeconds: 3600, maxFailuresPerAddress: 100, addressWindowSeconds: 3600, hashQueue: 16,
    });
    expect(config.login.hashConcurrency).toBeGreaterThanOrEqual(1);
    expect(config.sessions).toEqual({ subscriptionRecheckIntervalMs: 30_000 });
    expect(config.trustProxy).toBe(false);
    expect(loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', PASSWORD_HASH_CONCURRENCY: '2', PASSWORD_HASH_QUEUE: '0' }).login).toMatchObject({
      maxFailuresPerAccount: 3, hashConcurrency: 2, hashQueue: 0,
    });
    for (const [value, expected] of [['true', true], ['false', false], ['1', 1], ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8,127.0.0.1'], ['::1', '::1']] as const) {
      expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
    }
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY must be true, false/);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '0' })).toThrow(/LOGIN_MAX_FAILURES_PER_ACCOUNT must be between 1/);
    expect(() => loadConfig({ PASSWORD_HASH_CONCURRENCY: 'many' })).toThrow(/PASSWORD_HASH_CONCURRENCY must be an integer/);
  });

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 0 and 65535/);
  });

  it('shows the explorer outside production, and in production only when asked', () => {
    expect(loadConfig({}).explorer).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).explorer).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).explorer).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', PARASOL_EXPLORER: 'true' }).explorer).toBe(true);
    expect(loadConfig({ PARASOL_EXPLORER: 'false' }).explorer).toBe(false);
    expect(() => loadConfig({ PARASOL_EXPLORER: 'sometimes' })).toThrow(/PARASOL_EXPLORER must be true or false/);
  });

  it('allows no cross-origin caller unless CORS_ORIGINS names them', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: 'https://Console.Example.com, http://localhost:5173,http://[::1]:8080' }).corsOrigins).toEqual([
      'https://console.example.com',
      'http://localhost:5173',
      'http://[::1]:8080',
    ]);
    for (const bad of ['*', 'localhost:5173', 'https://console.example.com/', 'https://console.example.com/app', 'ftp://x.example', 'https://a.example,,https://b.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad })).toThrow(/CORS_ORIGINS must be a comma-separated list of origins/);
    }
  });
  it('keeps retention on with days that can be tuned, and waits for migrations up to ten minutes', () => {
    const config = loadConfig({});
    expect(config.retention).toEqual({ intervalMs: 600_000, outboxDays: 7, deliveriesDays: 30, idempotencyDays: 1 });
    expect(config).toMatchObject({ migrationLockWaitMs: 600_000, redisUrl: undefined });
    expect(loadConfig({ RETENTION_INTERVAL_MS: '0', RETENTION_OUTBOX_DAYS: '2', RETENTION_DELIVERIES_DAYS: '3', RETENTION_IDEMPOTENCY_DAYS: '0', REDIS_URL: 'redis://cache:6379/0' }))
      .toMatchObject({ retention: { intervalMs: 0, outboxDays: 2, deliveriesDays: 3, idempotencyDays: 0 }, redisUrl: 'redis://cache:6379/0' });
    expect(() => loadConfig({ RETENTION_OUTBOX_DAYS: '0' })).toThrow(/RETENTION_OUTBOX_DAYS must be between 1 and 3650/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadConfig({ MIGRATION_LOCK_WAIT_MS: 'forever' })).toThrow(/MIGRATION_LOCK_WAIT_MS must be an integer/);
  });

  it('holds an Idempotency-Key 5 minutes and a send 2 minutes before presuming its holder dead, both tunable', () => {
    expect(loadConfig({}).leases).toEqual({ idempotencySeconds: 300, sendMs: 120_000 });
    expect(loadConfig({ IDEMPOTENCY_LEASE_SECONDS: '30', SEND_LEASE_SECONDS: '45' }).leases).toEqual({ idempotencySeconds: 30, sendMs: 45_000 });
    expect(() => loadConfig({ IDEMPOTENCY_LEASE_SECONDS: '1' })).toThrow(/IDEMPOTENCY_LEASE_SECONDS must be between 5 and 3600/);
    expect(() => loadConfig({ SEND_LEASE_SECONDS: 'soon' })).toThrow(/SEND_LEASE_SECONDS must be an integer/);
  });

  it('shares subscriptions through Redis only when REDIS_URL names one, under a prefix', () => {
    expect(loadConfig({})).toMatchObject({ redisUrl: undefined, redisPrefix: 'parasol:' });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'run-42:' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'run-42:' });
    expect(() => loadConfig({ REDIS_URL: 'http://redis' })).toThrow(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => loadConfig({ REDIS_PREFIX: 'a b' })).toThrow(/REDIS_PREFIX must be/);
  });

  describe('process roles', () => {
    const server = { DATABASE_URL: 'postgres://localhost/x', JWT_SECRET: 'x'.repeat(32), PARASOL_SCHEDULER_INTERVAL_MS: '1000', WEBHOOK_WORKER_INTERVAL_MS: '500', RETENTION_INTERVAL_MS: '60000' };

    it('runs every job in role all (the default) and worker', () => {
      for (const env of [server, { ...server, PARASOL_ROLE: 'all' }, { ...server, PARASOL_ROLE: 'worker' }]) {
        const config = loadConfig(env);
        expect([config.schedulerIntervalMs, config.webhooks.workerIntervalMs, config.retention.intervalMs]).toEqual([1000, 500, 60_000]);
      }
      expect(loadConfig(server).role).toBe('all');
    });

    it('turns every job off in role api, whatever their intervals say', () => {
      const config = loadConfig({ ...server, PARASOL_ROLE: 'api' });
      expect(config).toMatchObject({ role: 'api', schedulerIntervalMs: 0, webhooks: { workerIntervalMs: 0 }, retention: { intervalMs: 0 } });
    });

    it('refuses an unknown role, and a split role on the embedded database', () => {
      expect(() => loadConfig({ ...server, PARASOL_ROLE: 'scheduler' })).toThrow(/PARASOL_ROLE must be all, api or worker/);
      expect(() => loadConfig({ PARASOL_ROLE: 'api' })).toThrow(/PARASOL_ROLE=api needs DATABASE_URL/);
      expect(loadConfig({ PARASOL_ROLE: 'all' }).role).toBe('all');
    });
  });
});
