import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * docker-compose.yml and the load balancer's configuration describe the deployment that CI's
 * multi-replica test starts as processes (docs/guide/deployment.md). Docker does not run here:
 * this reads them and checks the topology, roles, order of start and health checks.
 */
const root = join(__dirname, '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
  volumes?: string[];
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const healthUrl = (service: Service) => service.healthcheck?.test.join(' ') ?? '';

describe('docker-compose.yml: a real deployment', () => {
  it('has PostgreSQL, Redis, a one-shot migrate, the api, a worker and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'lb', 'migrate', 'postgres', 'redis', 'worker']);
  });

  it('migrates once, with the migrate command, before anything else of Parasol starts', () => {
    expect(services.migrate.command).toEqual(['node', 'dist/src/migrate.js']);
    expect(services.migrate.restart).toBe('no');
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
      expect(services[name].depends_on?.redis).toEqual({ condition: 'service_healthy' });
      expect(services[name].environment?.PARASOL_MIGRATE).toBeUndefined();
    }
  });

  it('runs the api in the api role without a host port, so it scales (--scale api=3), and the jobs in the worker role', () => {
    expect(services.api.environment).toMatchObject({ PARASOL_ROLE: 'api', REDIS_URL: 'redis://redis:6379' });
    expect(services.worker.environment).toMatchObject({ PARASOL_ROLE: 'worker', REDIS_URL: 'redis://redis:6379' });
    expect(services.api.ports).toBeUndefined();
    expect(services.worker.ports).toBeUndefined();
    expect(services.api.expose).toEqual(['3000']);
    // One database for all of them.
    const urls = new Set(['migrate', 'api', 'worker'].map((name) => services[name].environment?.DATABASE_URL));
    expect(urls.size).toBe(1);
  });

  it('checks the health of every long-running service; api and worker on /health/ready', () => {
    for (const name of ['postgres', 'redis', 'api', 'worker', 'lb']) expect(services[name].healthcheck).toBeDefined();
    expect(healthUrl(services.api)).toContain('http://127.0.0.1:3000/health/ready');
    expect(healthUrl(services.worker)).toContain('http://127.0.0.1:3000/health/ready');
  });

  it('publishes one port, the load balancer\'s, which starts once an api replica is healthy', () => {
    const published = Object.entries(services).filter(([, service]) => service.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['lb']);
    expect(services.lb.image).toMatch(/^haproxy:/);
    expect(services.lb.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(services.lb.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
  });
});

describe('deploy/haproxy.cfg: the load balancer', () => {
  const cfg = read('deploy/haproxy.cfg');

  it('finds the api replicas through Docker\'s DNS and health-checks each on /health/ready', () => {
    expect(cfg).toMatch(/nameserver \w+ 127\.0\.0\.11:53/);
    expect(cfg).toMatch(/server-template api \d+ api:3000/);
    expect(cfg).toMatch(/option httpchk GET \/health\/ready/);
    expect(cfg).toMatch(/default-server check .*resolvers docker/);
  });

  it('keeps WebSockets (graphql-ws) open past the HTTP timeouts, and listens where compose publishes', () => {
    expect(cfg).toMatch(/timeout tunnel 1h/);
    expect(cfg).toMatch(/bind :8080/);
  });
});

describe('the image', () => {
  it('builds every entry point the deployment runs (main, migrate, webhook-worker) into dist/src', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/COPY src \.\/src/);
    expect(dockerfile).toMatch(/RUN npm run build/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
    for (const entry of ['main', 'migrate', 'webhook-worker']) expect(existsSync(join(root, 'src', `${entry}.ts`))).toBe(true);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.migrate).toBe('node dist/src/migrate.js');
  });
});
