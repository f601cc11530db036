import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { loadConfig } from '../../libs/config';
import { StatementCounter } from '../../libs/database';
import { createParasol, ParasolOptions, RunningParasol } from '../../src/bootstrap';
import { OrganizationsService, SeedRole } from '../../src/organizations/organizations.service';

export const TEST_JWT_SECRET = 'parasol-test-secret-that-is-long-enough-0123456789';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: string[]; extensions: { code: string; [key: string]: unknown } }[];
}

export interface TestMember {
  id: string;
  email: string;
  password: string;
  token: string;
}

export interface TestOrganization {
  id: string;
  slug: string;
  adminEmail: string;
  adminToken: string;
}

/** The migrated database of this run (see global-setup). */
export const testDatabaseUrl = (): string => {
  const url = process.env.PARASOL_TEST_DATABASE_URL;
  if (!url) throw new Error('No test database: run the suites through `npm test`');
  return url;
};

/** True when the run is on a PostgreSQL server; concurrency tests need one (the embedded database runs one transaction at a time). */
export const onPostgresServer = () => process.env.PARASOL_TEST_DATABASE_KIND === 'server';

/**
 * The real service, booted in-process on the run's database and driven over HTTP. The demo
 * organization is seeded by the first app of the run; suites that change data make their
 * own organization with `createOrganization`.
 */
export class TestApp {
  private constructor(
    readonly parasol: RunningParasol,
    readonly app: NestFastifyApplication,
  ) {}

  static async start(env: Record<string, string> = {}, options: ParasolOptions = {}): Promise<TestApp> {
    const config = loadConfig({
      DATABASE_URL: testDatabaseUrl(),
      JWT_SECRET: TEST_JWT_SECRET,
      PARASOL_DEMO: 'true',
      LOG_LEVEL: 'error',
      // PARASOL_TEST_NODE_ENV=production runs the suites as production answers (CI runs them both ways).
      NODE_ENV: process.env.PARASOL_TEST_NODE_ENV ?? 'test',
      // Tests drive the scheduler by hand (app.get(PostScheduler).tick()).
      PARASOL_SCHEDULER_INTERVAL_MS: '0',
      // Tests drive the webhook worker by hand too (app.get(WebhookWorker).tick()), and their
      // receivers listen on loopback over plain http.
      WEBHOOK_WORKER_INTERVAL_MS: '0',
      // And the retention job (app.get(RetentionJob).tick()).
      RETENTION_INTERVAL_MS: '0',
      WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOKS_ALLOW_HTTP: 'true',
      // Suites read whole trees in one go to check them; test/query-limits.e2e-spec.ts covers the default.
      QUERY_MAX_COST: '2000000',
      // Suites race dozens of transactions on one key (each waits for the one before): on a
      // loaded machine the queue for a connection may outlast the production default of 10 s.
      DATABASE_POOL_WAIT_MS: '120000',
      // Every suite of a run calls from loopback, and failed logins are counted per address in
      // the run's database: the address limit is test/login-protection.e2e-spec.ts's to set.
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
      // A run through PgBouncer in transaction mode (PARASOL_TEST_POOLER, see global-setup).
      ...(process.env.PARASOL_TEST_POOLER ? { DATABASE_POOLER: process.env.PARASOL_TEST_POOLER } : {}),
      // The embedded database takes one connection (see createParasol).
      ...(onPostgresServer() ? {} : { DATABASE_POOL_SIZE: '1' }),
      ...env,
    });
    const parasol = await createParasol(config, options);
    await parasol.app.init();
    // Fastify finishes registering its routes and hooks on ready(); supertest then drives its server.
    await parasol.app.getHttpAdapter().getInstance().ready();
    return new TestApp(parasol, parasol.app);
  }

  async close(): Promise<void> {
    await this.parasol.close();
  }

  /** POST /graphql, as the holder of `token` when given. */
  async gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
    const req = request(this.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send({ query, variables });
    return res.body as GraphQLResponse<T>;
  }

  /** Like gql, but fails the test on any error and returns `data`. */
  async ok<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const body = await this.gql<T>(query, variables, token);
    if (body.errors?.length) throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(body.errors, null, 2)}`);
    return body.data as T;
  }

  async login(email: string, password: string): Promise<string> {
    const data = await this.ok<{ login: { accessToken: string } }>(
      `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
      { email, password },
    );
    return data.login.accessToken;
  }

  /** A fresh organization with an org admin, logged in. */
  async createOrganization(name = 'Test Org'): Promise<TestOrganization> {
    const suffix = randomUUID().slice(0, 8);
    const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${suffix}`;
    const adminEmail = `admin-${suffix}@${slug}.example`;
    const password = 'correct horse battery staple';
    const { organizationId } = await this.app.get(OrganizationsService).create({
      name,
      slug,
      admin: { email: adminEmail, displayName: 'Test Admin', password },
    });
    return { id: organizationId, slug, adminEmail, adminToken: await this.login(adminEmail, password) };
  }

  /** Adds a member holding `roles` (none by default: they see nothing), and logs them in. */
  async createMember(org: TestOrganization, name = 'member', roles: SeedRole[] = []): Promise<TestMember> {
    const email = `${name}-${randomUUID().slice(0, 8)}@${org.slug}.example`;
    const password = 'correct horse battery staple';
    const { id } = await this.app.get(OrganizationsService).addUser(org.id, { email, displayName: name, password }, roles);
    return { id, email, password, token: await this.login(email, password) };
  }

  /**
   * How many SQL statements the API requests `work` makes send (BEGIN and COMMIT included):
   * only theirs, whatever else runs meanwhile (see StatementCounter).
   */
  async countStatements(work: () => Promise<unknown>): Promise<number> {
    StatementCounter.reset();
    await work();
    return StatementCounter.total;
  }
}

/** The codes of a response's errors, for table-driven failure cases. */
export const errorCodes = (body: GraphQLResponse) => (body.errors ?? []).map((e) => e.extensions.code);
