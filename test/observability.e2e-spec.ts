import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { WebhookWorker } from '../src/webhooks/webhook-worker';
import { parsePrometheusTextFormat } from './support/prometheus-text';
import { BOOT_TIMEOUT_MS, TestApp, TestMember, TestOrganization, until } from './support';

/**
 * Operations (docs/guide/operations.md): one JSON log line per GraphQL operation with the
 * request id the answer echoes, who called and what came out, never a password; Prometheus
 * metrics at /metrics behind METRICS_TOKEN, with no tenant in them.
 */
const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';
const PASSWORD = 'correct horse battery staple';
const LOGIN = `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;

describe('Operations: logs and metrics', () => {
  let app: TestApp;
  let disabled: TestApp;
  let org: TestOrganization;
  let member: TestMember;
  const lines: string[] = [];
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  const findLine = (requestId: string) => entries().find((entry) => entry.msg === 'graphql operation' && entry.requestId === requestId);
  /** The operation's line, written once its answer has left (a moment after the client has it). */
  const operationLine = async (requestId: string) => {
    await until(() => findLine(requestId) !== undefined, `the log line of ${requestId}`);
    return findLine(requestId)!;
  };

  beforeAll(async () => {
    const destination = { write: (line: string) => void lines.push(line) };
    app = await TestApp.start({ LOG_LEVEL: 'log', LOG_FORMAT: 'json', METRICS_TOKEN }, { logDestination: destination });
    disabled = await TestApp.start({ METRICS_ENABLED: 'false' });
    org = await app.createOrganization('Observed');
    member = await app.createMember(org, 'observed');
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    await disabled?.close();
  }, BOOT_TIMEOUT_MS);

  const post = (body: object, headers: Record<string, string> = {}) => {
    const req = request(app.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req.send(body);
  };
  const scrape = async () => {
    const res = await request(app.app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
    expect(res.status).toBe(200);
    return { text: res.text, metrics: parsePrometheusTextFormat(res.text) };
  };

  describe('logs', () => {
    it('writes every line as JSON, Nest’s own logs included, with their context', () => {
      expect(lines.length).toBeGreaterThan(0);
      const all = entries();
      expect(all.every((entry) => typeof entry.level === 'string' && typeof entry.time === 'string')).toBe(true);
      expect(all.some((entry) => entry.context === 'RoutesResolver' && entry.level === 'info')).toBe(true);
    });

    it('logs an operation with the caller’s X-Request-Id, echoed in the answer, with principal, organization, duration and outcome', async () => {
      const res = await post({ query: 'query ObservedViewer { viewer { kind } }' }, { 'x-request-id': 'obs-viewer-0001', authorization: `Bearer ${member.token}` });
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toBe('obs-viewer-0001');
      expect(await operationLine('obs-viewer-0001')).toMatchObject({
        level: 'info',
        operation: 'ObservedViewer',
        operationType: 'query',
        principalKind: 'USER',
        principalId: member.id,
        organizationId: org.id,
        status: 200,
        errors: [],
      });
      expect(typeof (await operationLine('obs-viewer-0001')).durationMs).toBe('number');
    });

    it('logs the error codes of a refused operation, and no principal for an anonymous caller', async () => {
      const res = await post({ query: 'query Refused { viewer { kind } }' }, { 'x-request-id': 'obs-refused-0001' });
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(await operationLine('obs-refused-0001')).toMatchObject({ operation: 'Refused', principalId: null, organizationId: null, errors: ['UNAUTHENTICATED'] });
    });

    it('never writes a login’s password or the bearer token', async () => {
      const res = await post({ query: LOGIN, variables: { email: member.email, password: PASSWORD } }, { 'x-request-id': 'obs-login-0001' });
      expect(res.body.data.login.accessToken).toBeTruthy();
      await post({ query: LOGIN, variables: { email: member.email, password: 'wrong password, also secret' } }, { 'x-request-id': 'obs-login-0002' });
      expect(await operationLine('obs-login-0001')).toMatchObject({ operation: 'Login', operationType: 'mutation', errors: [] });
      expect((await operationLine('obs-login-0002')).errors).toHaveLength(1);
      const text = lines.join('');
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain('wrong password, also secret');
      expect(text).not.toContain(member.token);
      expect(text).not.toContain(res.body.data.login.accessToken);
    });

    it('replaces an X-Request-Id that is not a plain id with its own, and uses it in the log and the answer', async () => {
      const res = await post({ query: '{ __typename }' }, { 'x-request-id': 'forged" level="fatal' });
      const generated = res.headers['x-request-id'];
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      expect(await operationLine(generated)).toMatchObject({ operation: null, operationType: 'query' });
      const plain = await post({ query: '{ __typename }' });
      expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(plain.headers['x-request-id']).not.toBe(generated);
    });
  });

  describe('metrics', () => {
    const value = (metrics: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}) =>
      metrics.get(name)?.find((sample) => Object.entries(labels).every(([key, v]) => sample.labels[key] === v))?.value ?? 0;

    it('counts operations by name and type, their latency, and errors by code', async () => {
      const before = (await scrape()).metrics;
      // Each operation is counted as its log line is written, once its answer has left.
      const ids: string[] = [];
      const counted = (body: object, headers: Record<string, string> = {}) => {
        ids.push(`metrics-${ids.length}-${Date.now()}`);
        return post(body, { ...headers, 'x-request-id': ids[ids.length - 1] });
      };
      for (let i = 0; i < 3; i++) await counted({ query: 'query MetricsProbe { viewer { kind } }' }, { authorization: `Bearer ${member.token}` });
      await counted({ query: 'query MetricsProbe { viewer { kind } }' });
      await counted({ query: '{ __typename }' });
      const malformed = await counted({ query: '{ viewer { id ' });
      for (const id of ids) await operationLine(id);
      const after = (await scrape()).metrics;
      const probe = { operation: 'MetricsProbe', type: 'query' };
      expect(value(after, 'parasol_graphql_operations_total', probe) - value(before, 'parasol_graphql_operations_total', probe)).toBe(4);
      expect(value(after, 'parasol_graphql_operation_duration_seconds_count', probe) - value(before, 'parasol_graphql_operation_duration_seconds_count', probe)).toBe(4);
      expect(value(after, 'parasol_graphql_operation_duration_seconds_bucket', { ...probe, le: '+Inf' })).toBe(value(after, 'parasol_graphql_operation_duration_seconds_count', probe));
      const anonymous = { operation: 'anonymous', type: 'query' };
      expect(value(after, 'parasol_graphql_operations_total', anonymous) - value(before, 'parasol_graphql_operations_total', anonymous)).toBe(1);
      const unknown = { operation: 'unknown', type: 'unknown' };
      expect(value(after, 'parasol_graphql_operations_total', unknown) - value(before, 'parasol_graphql_operations_total', unknown)).toBe(1);
      const unauthenticated = { code: 'UNAUTHENTICATED', type: 'query' };
      expect(value(after, 'parasol_graphql_errors_total', unauthenticated) - value(before, 'parasol_graphql_errors_total', unauthenticated)).toBe(1);
      // A document that does not parse has no name nor type yet.
      const parseFailed = { code: malformed.body.errors[0].extensions.code, type: 'unknown' };
      expect(malformed.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' });
      expect(value(after, 'parasol_graphql_errors_total', parseFailed) - value(before, 'parasol_graphql_errors_total', parseFailed)).toBe(1);
    });

    it('shows the pool, the outbox, webhook and scheduler backlogs, and the process, without a tenant', async () => {
      await app.ok(`mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`, { input: { name: 'Metered' } }, org.adminToken);
      const { text, metrics } = await scrape();
      for (const state of ['in_use', 'idle', 'waiting']) expect(metrics.get('parasol_db_pool_connections')?.some((s) => s.labels.state === state)).toBe(true);
      // The webhook worker is off in tests: the brand's event waits in the outbox.
      expect(value(metrics, 'parasol_outbox_pending_events')).toBeGreaterThanOrEqual(1);
      expect(value(metrics, 'parasol_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
      for (const name of ['parasol_webhook_deliveries_pending', 'parasol_webhook_delivery_lag_seconds', 'parasol_scheduler_due_posts', 'parasol_scheduler_lag_seconds', 'process_cpu_user_seconds_total', 'nodejs_eventloop_lag_seconds']) {
        expect(metrics.has(name)).toBe(true);
      }
      expect(text).toContain('# TYPE parasol_webhook_delivery_attempts_total counter');
      expect(text).not.toContain(org.id);
      expect(text).not.toContain(member.id);
      expect(text).not.toMatch(/organization/i);
    });

    it('counts webhook delivery attempts by the status they leave the delivery in, and the backlog drains', async () => {
      const receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
        await app.ok(`mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`, { input: { url, eventTypes: ['brand.*'] } }, org.adminToken);
        const before = (await scrape()).metrics;
        await app.ok(`mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`, { input: { name: 'Hooked' } }, org.adminToken);
        const worker = app.app.get(WebhookWorker);
        // Fans the outbox out and sends, until there is nothing left (earlier events of the run included).
        for (let i = 0; i < 100; i++) {
          const done = await worker.tick();
          if (!done.dispatched && !done.attempted) break;
        }
        const after = (await scrape()).metrics;
        const succeeded = (m: typeof before) => value(m, 'parasol_webhook_delivery_attempts_total', { status: 'SUCCEEDED' });
        expect(succeeded(after) - succeeded(before)).toBeGreaterThanOrEqual(1);
        expect(value(after, 'parasol_outbox_pending_events')).toBe(0);
      } finally {
        receiver.close();
      }
    });

    it('asks for the bearer token when METRICS_TOKEN is set', async () => {
      const server = app.app.getHttpServer();
      expect((await request(server).get('/metrics')).status).toBe(401);
      expect((await request(server).get('/metrics').set('authorization', 'Bearer not-the-token-at-all-000')).status).toBe(401);
      expect((await request(server).get('/metrics').set('authorization', `Bearer ${member.token}`)).status).toBe(401);
    });

    it('has no /metrics when METRICS_ENABLED=false', async () => {
      expect((await request(disabled.app.getHttpServer()).get('/metrics')).status).toBe(404);
    });
  });
});
