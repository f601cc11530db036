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

  it('rejects a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT must be between 0 and 65535/);
  });
});
