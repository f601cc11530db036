import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BOOT_TIMEOUT_MS, onPostgresServer, TEST_JWT_SECRET, testDatabaseUrl, TestApp, TestOrganization, until } from './support';

/**
 * OpenTelemetry (src/tracing.ts, docs/guide/operations.md): the service started as in
 * production (`node src/main.ts`, so the SDK loads before http, pg and graphql), traces turned
 * on by the standard OTEL_* variables and sent over OTLP/HTTP to a receiver of the test's own.
 * One query yields spans of the http, Fastify, graphql and pg instrumentations, all in the
 * trace the caller started (W3C traceparent).
 */
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}
interface OtlpExport {
  resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[];
}

describe('Traces over OTLP', () => {
  let t: TestApp;
  let org: TestOrganization;
  let receiver: Server;
  let child: ChildProcess | undefined;
  let output = '';
  const spans: (OtlpSpan & { scope: string })[] = [];
  const unexpected: string[] = [];

  beforeAll(async () => {
    if (!onPostgresServer()) return;
    t = await TestApp.start();
    org = await t.createOrganization('Traced');
    receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        // Traces only: OTLP metrics and logs stay off unless their own variables ask.
        if (request.url !== '/v1/traces') unexpected.push(request.url ?? '');
        if (request.url === '/v1/traces') {
          for (const resource of (JSON.parse(body) as OtlpExport).resourceSpans) {
            for (const { scope, spans: batch } of resource.scopeSpans) for (const span of batch) spans.push({ ...span, scope: scope.name });
          }
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    receiver?.close();
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  it('links the http, Fastify, graphql and pg spans of one query in the caller’s trace', async () => {
    // A second process on the embedded database is not possible (it lives inside the test's process).
    if (!onPostgresServer()) return;
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    child = spawn(process.execPath, ['-r', join(__dirname, 'support', 'swc-register.js'), join(__dirname, '..', 'src', 'main.ts')], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: testDatabaseUrl(),
        JWT_SECRET: TEST_JWT_SECRET,
        PORT: String(port),
        NODE_ENV: 'test',
        LOG_LEVEL: 'log',
        LOG_FORMAT: 'json',
        PARASOL_DEMO: 'false',
        PARASOL_SCHEDULER_INTERVAL_MS: '0',
        WEBHOOK_WORKER_INTERVAL_MS: '0',
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        // Were OTLP metrics on, they would reach the receiver within the test.
        OTEL_METRIC_EXPORT_INTERVAL: '100',
        OTEL_SERVICE_NAME: 'parasol-test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(() => output.includes('GraphQL API at') || child!.exitCode !== null, 'the service to listen', BOOT_TIMEOUT_MS);
    expect(output).toContain('GraphQL API at');

    const traceId = randomBytes(16).toString('hex');
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${org.adminToken}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      body: JSON.stringify({ query: 'query Traced { brands(first: 5) { totalCount } }' }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: unknown }).data).toEqual({ brands: { totalCount: 0 } });

    const scopes = ['@opentelemetry/instrumentation-http', '@fastify/otel', '@opentelemetry/instrumentation-graphql', '@opentelemetry/instrumentation-pg'];
    const traced = () => spans.filter((span) => span.traceId === traceId);
    await until(() => scopes.every((scope) => traced().some((span) => span.scope === scope)), `spans of ${scopes.join(', ')} (got ${JSON.stringify(spans.map((s) => [s.scope, s.name]))})`);
    // One tree: the http server span is the root under the caller's span, every other span hangs from a span of the trace.
    const ids = new Set(traced().map((span) => span.spanId));
    const server = traced().find((span) => span.scope === '@opentelemetry/instrumentation-http' && !ids.has(span.parentSpanId ?? ''))!;
    expect(server.name).toMatch(/^POST/);
    expect(traced().filter((span) => span !== server).every((span) => ids.has(span.parentSpanId ?? ''))).toBe(true);
    expect(traced().some((span) => span.scope === '@opentelemetry/instrumentation-pg' && /SELECT/i.test(span.name))).toBe(true);
    expect(unexpected).toEqual([]);
    // Booting the service from the sources, then waiting for the export: each may take minutes on a loaded machine.
  }, 2 * BOOT_TIMEOUT_MS);
});
