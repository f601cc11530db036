import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { ADMIN_EMAIL, APPROVER_EMAIL, BENCH_PASSWORD, buildDatabase, countRows, dropDatabase, loadFixtures, MANAGER_EMAIL, POSTGRAPHILE_SCHEMA, SeedReport } from './dataset';
import { explainReads } from './explain';
import { inboxMarkdown, inboxOperations, IngestReport, measureIngest, verifyInboxPage } from './inbox-bench';
import { LoadResult, runLoad, waitForQuiet } from './load';
import { measurePooler, poolerMarkdown, PoolerReport } from './pooler-bench';
import { measurePubSubVariant, PubSubVariantReport, pubsubMarkdown } from './pubsub-variant';
import { BenchOptions, benchOptions, databaseUrl } from './options';
import { Caller, consoleBreakdown, operations, OperationSpec, PARASOL_LOGIN, TargetName } from './operations';
import { BenchReport, compare, markdown, MachineFacts, OperationReport, ratios, resultsTable } from './report';
import { freePort, postJson, RunningServer, startServer } from './servers/process';
import { expectConsoleCovered, expectSame, parasolConsole, parasolPosts, postgraphileConsole, postgraphilePosts } from './verify';

const ROOT = resolve(__dirname, '..', '..');
const DIST = resolve(__dirname, '..');
const log = (line: string) => console.log(`[bench] ${line}`);

const TARGET_DESCRIPTIONS: Record<TargetName, string> = {
  parasol:
    'the built service (`node --max-semi-space-size=64 dist/src/main.js`, NODE_ENV=production, LOG_LEVEL=silent): NestJS on Fastify + Apollo, operations executed by graphql-jit, ' +
    'bearer token verified (its signature once per token, until it expires) and the caller\'s grants read on every request (a query reads them again with its first batch); a query\'s reads batched per level ' +
    '(DataLoader), each batch one message run as the row-level-security role with the tenant set, each read prepared once per connection and run with EXECUTE; ' +
    'a mutation in one transaction',
  postgraphile:
    'PostGraphile v4 as a library behind a Node http server, default inflection, connected as the bench login role (a superuser here): no authentication, no transaction, ' +
    'row-level security bypassed; one SQL statement per GraphQL query',
  baseline:
    'bare `pg` + Node http: one hand-written SQL statement per read building the JSON (json_build_object / json_agg), named prepared statements, the bearer token ' +
    'verified and the grants read in that same statement, effective policies and permissions by Parasol\'s own pure functions; no transaction, no row-level security',
};

async function machineFacts(url: string): Promise<MachineFacts> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT current_setting('server_version') AS version, current_setting('shared_buffers') AS shared_buffers, current_setting('work_mem') AS work_mem,
              current_setting('jit') AS jit, current_setting('max_connections') AS max_connections, current_setting('effective_cache_size') AS effective_cache_size`,
    );
    const { version, ...settings } = rows[0];
    const list = cpus();
    return {
      node: process.version,
      platform: `${platform()} ${release()}`,
      cpus: list.length,
      cpuModel: list[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(totalmem() / 2 ** 30),
      postgres: version,
      postgresSettings: settings,
      note: 'The load generator, the server under test and PostgreSQL share the same cores.',
      loadAverage: { start: loadavg().map((l) => Math.round(l * 100) / 100), end: [] },
    };
  } finally {
    await client.end();
  }
}

interface Servers {
  parasol: RunningServer;
  postgraphile: RunningServer;
  baseline: RunningServer;
}

/** Parasol as the bench runs it; `env` adds to or overrides its variables (the pooler variant). */
async function startParasol(options: BenchOptions, url: string, jwtSecret: string, name = 'parasol', env: Record<string, string> = {}): Promise<RunningServer> {
  const main = join(DIST, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm run bench does)`);
  return startServer(
    name,
    main,
    {
      DATABASE_URL: url,
      JWT_SECRET: jwtSecret,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      PARASOL_DEMO: 'false',
      PARASOL_MIGRATE: 'false',
      PARASOL_SCHEDULER_INTERVAL_MS: '0',
      DATABASE_POOL_SIZE: String(options.poolSize),
      ...env,
    },
    await freePort(),
    async (base) => (await fetch(`${base}/health`)).ok,
    // A busy machine (the bench's own load just before) can hold a boot up well past a minute.
    180_000,
  );
}

async function startServers(options: BenchOptions, url: string, jwtSecret: string): Promise<Servers> {
  const started: RunningServer[] = [];
  try {
    const parasol = await startParasol(options, url, jwtSecret);
    started.push(parasol);
    const postgraphile = await startServer(
      'postgraphile',
      join(DIST, 'bench', 'servers', 'postgraphile-server.js'),
      { BENCH_DB_URL: url, BENCH_POOL_SIZE: String(options.poolSize), BENCH_PGL_SCHEMAS: `public,${POSTGRAPHILE_SCHEMA}`, NODE_ENV: 'production' },
      await freePort(),
      async (base) => Boolean((await postJson(`${base}/graphql`, JSON.stringify({ query: '{ __typename }' }))).data),
    );
    started.push(postgraphile);
    const baseline = await startServer(
      'baseline',
      join(DIST, 'bench', 'servers', 'baseline-server.js'),
      { BENCH_DB_URL: url, BENCH_POOL_SIZE: String(options.poolSize), JWT_SECRET: jwtSecret, NODE_ENV: 'production' },
      await freePort(),
      async (base) => (await fetch(`${base}/nothing`, { method: 'POST' })).status === 404,
    );
    started.push(baseline);
    return { parasol, postgraphile, baseline };
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    throw error;
  }
}

async function login(parasol: RunningServer, email: string): Promise<string> {
  const answer = await postJson(`${parasol.url}/graphql`, JSON.stringify({ query: PARASOL_LOGIN, variables: { email, password: BENCH_PASSWORD } }));
  const token = answer?.data?.login?.accessToken;
  if (!token) throw new Error(`Could not log in as ${email}: ${JSON.stringify(answer).slice(0, 500)}`);
  return token;
}

/** Asks each read of every target (twice, with different inputs) and compares the answers. */
async function verifyTargets(ops: OperationSpec[], servers: Servers, tokens: Record<Caller, string | null>): Promise<void> {
  const ask = (op: OperationSpec, target: TargetName, n: number) => {
    const spec = op.targets[target]!;
    return postJson(servers[target].url + spec.path, spec.body(n), tokens[spec.as]);
  };
  for (const op of ops) {
    if (op.kind !== 'read') continue;
    for (const n of [0, 1]) {
      if (op.id.startsWith('console')) {
        const parasol = parasolConsole(await ask(op, 'parasol', n));
        if (op.targets.baseline) expectSame(`${op.title} (bare pg)`, parasol, parasolConsole(await ask(op, 'baseline', n), 'baseline'));
        if (op.targets.postgraphile) expectConsoleCovered(parasol, postgraphileConsole(await ask(op, 'postgraphile', n)));
        if (parasol.childIds.length === 0) throw new Error(`${op.title}: the console shows no sub-brands`);
      } else if (op.id.startsWith('posts')) {
        const parasol = parasolPosts(await ask(op, 'parasol', n));
        if (op.targets.baseline) expectSame(`${op.title} (bare pg)`, parasol, parasolPosts(await ask(op, 'baseline', n), 'baseline'));
        if (op.targets.postgraphile) expectSame(`${op.title} (PostGraphile)`, parasol, postgraphilePosts(await ask(op, 'postgraphile', n)));
        if (parasol.ids.length === 0) throw new Error(`${op.title}: the page is empty`);
      } else if (op.id.startsWith('inbox')) {
        verifyInboxPage(op.title, await ask(op, 'parasol', n));
      }
    }
  }
  log('the targets give the same answers to every read');
}

function readPrevious(path: string): BenchReport | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as BenchReport;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const options = benchOptions();
  const startedAt = new Date().toISOString();
  const url = databaseUrl(options.serverUrl, options.database);
  const machine = await machineFacts(options.serverUrl);
  log(`scale ${options.scale}, ${options.duration} s per run, ${options.connections} connections, database ${options.database}`);
  log(`${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, PostgreSQL ${machine.postgres}, load average ${machine.loadAverage.start.join(' / ')}`);
  if (machine.loadAverage.start[0] > machine.cpus / 2) {
    log(`WARNING: the machine is busy (load average ${machine.loadAverage.start[0]} on ${machine.cpus} cores): the numbers will be low and noisy`);
  }

  let seed: SeedReport | null = null;
  if (options.reuse) {
    log(`reusing ${options.database} as it is`);
  } else {
    log(`building ${options.database} (seed ${options.seed})`);
    seed = await buildDatabase(options, log);
    log(`built in ${seed.seconds.toFixed(1)} s: ${JSON.stringify(seed.counts)}`);
    if (options.buildOnly) return;
  }
  const counts = seed?.counts ?? (await (async () => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await countRows(client);
    } finally {
      await client.end();
    }
  })());
  const fixtures = await loadFixtures(url);
  const allOps = [...operations(fixtures), ...inboxOperations(fixtures)];
  const ops = options.only ? allOps.filter((op) => options.only!.includes(op.id)) : allOps;
  // Ingest throughput is measured on its own (batches over HTTP), not as a load of one request.
  const wantIngest = !options.only || options.only.includes('ingest');
  if (ops.length === 0 && !wantIngest) throw new Error(`--only matched no operation; there are ${allOps.map((op) => op.id).join(', ')}`);

  log('EXPLAIN of the hierarchy, permission and list reads');
  const explain = await explainReads(url, fixtures);
  for (const e of explain) log(`  ${e.id}: ${e.statements} statement, ${e.executionMs.toFixed(2)} ms, indexes ${e.indexes.join(', ') || '-'}, seq scans ${e.seqScans.join(', ') || 'none'}`);

  const jwtSecret = randomBytes(48).toString('base64url');
  const servers = await startServers(options, url, jwtSecret);
  log(`servers up: parasol ${servers.parasol.url}, postgraphile ${servers.postgraphile.url}, baseline ${servers.baseline.url}`);
  const reports: OperationReport[] = [];
  const breakdown: NonNullable<BenchReport['breakdown']> = [];
  let ingest: IngestReport | undefined;
  let pooler: PoolerReport | undefined;
  let pubsub: PubSubVariantReport | undefined;
  try {
    const tokens: Record<Caller, string | null> = {
      none: null,
      admin: await login(servers.parasol, ADMIN_EMAIL),
      manager: await login(servers.parasol, MANAGER_EMAIL),
      approver: await login(servers.parasol, APPROVER_EMAIL),
    };
    await verifyTargets(ops, servers, tokens);
    if (options.verifyOnly) return;

    for (const op of ops) {
      const rounds: Partial<Record<TargetName, LoadResult[]>> = {};
      // One-shot inputs are shared by every run of the operation; the others restart for each run.
      let poolNext = 0;
      for (let round = 0; round < options.rounds; round++) {
        for (const target of ['parasol', 'postgraphile', 'baseline'] as TargetName[]) {
          const spec = op.targets[target];
          if (!spec) continue;
          const server = servers[target];
          let next = op.pool !== undefined ? poolNext : 0;
          const plan = { url: server.url, spec, token: tokens[spec.as], connections: options.connections, poolSize: op.pool, pid: server.pid, database: options.database };
          const busyBefore = options.quietWait > 0 ? await waitForQuiet(options.quietWait, 20, log) : null;
          if (options.warmup > 0) {
            const warm = await runLoad({ ...plan, duration: options.warmup, sequenceStart: next });
            next = warm.next;
            if (warm.result.errors) log(`  ${op.id} on ${target}: ${warm.result.errors} errors during warm-up`);
            // The warm-up's last logins were cut off, but the server still verifies their passwords
            // one after the other: measured at once, the new ones would find that backlog in the
            // bounded hash queue and be refused (BUSY, 503). 10 verifications take about 1.2 s.
            if (op.kind === 'login') await new Promise((resolve) => setTimeout(resolve, 5_000));
          }
          const { result, next: after } = await runLoad({ ...plan, duration: options.duration, sequenceStart: next });
          if (op.pool !== undefined) poolNext = after;
          (rounds[target] ??= []).push({ ...result, busyBefore });
          log(
            `  ${op.title.padEnd(36)} ${target.padEnd(12)} ${String(result.requestsPerSecond).padStart(8)} req/s  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms` +
              `${result.errors ? `  ${result.errors} ERRORS` : ''}${result.poolExhausted ? '  (pool exhausted)' : ''}` +
              `${result.cpu ? `  cpu server ${result.cpu.server}% pg ${result.cpu.postgres}% loadgen ${result.cpu.loadGenerator}%` : ''}` +
              `${options.rounds > 1 ? `  (round ${round + 1})` : ''}`,
          );
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
      const results: Partial<Record<TargetName, LoadResult>> = {};
      for (const [target, runs] of Object.entries(rounds) as [TargetName, LoadResult[]][]) {
        const sorted = [...runs].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
        const median = sorted[Math.floor((sorted.length - 1) / 2)];
        results[target] = runs.length > 1 ? { ...median, rounds: runs.map((r) => r.requestsPerSecond) } : median;
      }
      reports.push({ id: op.id, title: op.title, kind: op.kind, notes: op.notes, results, ratios: ratios(results) });
    }

    if (wantIngest) {
      log(`ingest throughput: ${options.ingestBatches} batches of 500 per run`);
      if (options.quietWait > 0) await waitForQuiet(options.quietWait, 20, log);
      ingest = await measureIngest(servers.parasol.url, url, tokens.admin!, { batches: options.ingestBatches, clients: [1, 4] }, log);
    }

    // The console with and without PgBouncer in transaction mode (bench/pooler-bench.ts).
    const consoleSpec = ops.find((op) => op.id === 'console')?.targets.parasol;
    if (options.pooler && consoleSpec) {
      const startPooled = (name: string, env: Record<string, string>) => startParasol(options, url, jwtSecret, name, env);
      pooler = await measurePooler({ options, url, direct: servers.parasol, startParasol: startPooled, operation: { id: 'console', spec: consoleSpec }, token: tokens.admin, log });
    }

    // The console with the subscriptions' pub/sub on Redis and in-process (bench/pubsub-variant.ts).
    if (options.redisUrl) {
      log('the brand console with the Redis-backed pub/sub on and off');
      const startWithRedis = (name: string, env: Record<string, string>) => startParasol(options, url, jwtSecret, name, env);
      pubsub = await measurePubSubVariant({ options, ops, parasol: servers.parasol, startParasol: startWithRedis, tokens, log });
    }

    if (options.breakdown) {
      log('the brand console step by step, on Parasol');
      const steps = consoleBreakdown(fixtures);
      const measured = new Map<string, { requestsPerSecond: number; cpuMsPerRequest: number | null }[]>();
      // Rounds go through every step in turn, so that other work on the machine spreads over all of them.
      for (let round = 0; round < options.rounds; round++) {
        for (const step of steps) {
          const plan = { url: servers.parasol.url, spec: step.spec, token: tokens.admin, connections: options.connections, pid: servers.parasol.pid, database: options.database };
          if (options.quietWait > 0) await waitForQuiet(options.quietWait, 20, log);
          if (options.warmup > 0) await runLoad({ ...plan, duration: options.warmup, sequenceStart: 0 });
          const { result } = await runLoad({ ...plan, duration: options.duration, sequenceStart: 0 });
          const cpuMsPerRequest =
            result.cpu?.server == null || result.requests === 0 ? null : Math.round(((result.cpu.server / 100) * result.durationSeconds * 1000 * 100) / result.requests) / 100;
          measured.set(step.id, [...(measured.get(step.id) ?? []), { requestsPerSecond: result.requestsPerSecond, cpuMsPerRequest }]);
          log(`  ${step.id.padEnd(12)} ${String(result.requestsPerSecond).padStart(8)} req/s  ${cpuMsPerRequest} ms of Parasol CPU per request${result.errors ? `  ${result.errors} ERRORS` : ''}`);
        }
      }
      for (const step of steps) {
        const runs = [...measured.get(step.id)!].sort((a, b) => (a.cpuMsPerRequest ?? 0) - (b.cpuMsPerRequest ?? 0));
        breakdown.push({ id: step.id, title: step.title, ...runs[Math.floor((runs.length - 1) / 2)] });
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((s) => s.stop()));
    // Built only to be checked, whatever the check said.
    if (options.verifyOnly) await dropDatabase(options);
  }

  machine.loadAverage.end = loadavg().map((l) => Math.round(l * 100) / 100);
  const consoleOp = reports.find((r) => r.id === 'console');
  const report: BenchReport = {
    version: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    options: { scale: options.scale, duration: options.duration, warmup: options.warmup, rounds: options.rounds, connections: options.connections, seed: options.seed, poolSize: options.poolSize },
    dataset: { counts, seedSeconds: seed?.seconds ?? null, tableSizes: seed?.tableSizes ?? null },
    targets: TARGET_DESCRIPTIONS,
    operations: reports,
    explain,
    ...(breakdown.length ? { breakdown } : {}),
    ...(ingest ? { ingest } : {}),
    ...(pooler ? { pooler } : {}),
    ...(pubsub ? { pubsub } : {}),
    headline: {
      consoleRps: Object.fromEntries(Object.entries(consoleOp?.results ?? {}).map(([t, r]) => [t, r!.requestsPerSecond])),
      consoleVsPostgraphile: consoleOp?.ratios.vsPostgraphile ?? null,
      consoleVsBaseline: consoleOp?.ratios.vsBaseline ?? null,
      atLeastPostgraphile: consoleOp?.ratios.vsPostgraphile == null ? null : consoleOp.ratios.vsPostgraphile >= 1,
      within3xOfBaseline: consoleOp?.ratios.vsBaseline == null ? null : consoleOp.ratios.vsBaseline >= 1 / 3,
    },
  };
  const dir = resolve(ROOT, options.resultsDir);
  mkdirSync(dir, { recursive: true });
  if (options.scale !== 1) {
    const base = readPrevious(join(dir, 'scale-1.json'));
    if (base) report.comparison = compare(base, report);
  }
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const md = markdown(report);
  for (const name of ['latest', `scale-${options.scale}`]) {
    writeFileSync(join(dir, `${name}.json`), json);
    writeFileSync(join(dir, `${name}.md`), md);
  }
  console.log(`\n${resultsTable(report)}\n`);
  if (report.ingest) console.log(`${inboxMarkdown([], report.ingest).join('\n')}\n`);
  if (report.pooler) console.log(`${poolerMarkdown(report.pooler).join('\n')}\n`);
  if (report.pubsub) console.log(`${pubsubMarkdown(report.pubsub).join('\n')}\n`);
  log(`wrote ${join(options.resultsDir, 'latest.json')}, ${join(options.resultsDir, 'latest.md')} and scale-${options.scale}.*`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
