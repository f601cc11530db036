import { readFileSync } from 'node:fs';
import { findPgBouncer, startPgBouncer } from '../scripts/pgbouncer';
import { LoadResult, runLoad, waitForQuiet } from './load';
import { BenchOptions } from './options';
import { RequestSpec } from './operations';
import { RunningServer } from './servers/process';

/**
 * The brand console with and without PgBouncer in transaction mode (docs/guide/pgbouncer.md),
 * in one run, rounds interleaved: Parasol as the rest of the bench runs it (direct, reads
 * prepared per connection), the same with DATABASE_POOLER=transaction but still direct (what
 * unprepared reads cost alone), and through a local PgBouncer (pool_mode=transaction, as many
 * server connections as the service's pool) with DATABASE_POOLER=transaction.
 */

export type PoolerVariant = 'direct' | 'direct-unprepared' | 'pgbouncer';

export interface PoolerReport {
  /** Why the variant was not measured (pgbouncer not installed), when it was not. */
  skipped?: string;
  operation: string;
  variants: { id: PoolerVariant; title: string; result: LoadResult; pgbouncerCpu: number | null }[];
  /** Requests/s through PgBouncer ÷ direct; unprepared direct ÷ direct. */
  ratios: { pgbouncerVsDirect: number | null; unpreparedVsDirect: number | null };
}

const TITLES: Record<PoolerVariant, string> = {
  direct: 'direct, reads prepared per connection (as the rest of the bench)',
  'direct-unprepared': 'direct, DATABASE_POOLER=transaction (reads unprepared)',
  pgbouncer: 'through PgBouncer (transaction pooling), DATABASE_POOLER=transaction',
};

export interface PoolerPlan {
  options: BenchOptions;
  /** The bench database, directly. */
  url: string;
  /** The Parasol server of the run (direct, prepared reads). */
  direct: RunningServer;
  /** Starts another Parasol server with these variables on top of the bench's. */
  startParasol(name: string, env: Record<string, string>): Promise<RunningServer>;
  operation: { id: string; spec: RequestSpec };
  token: string | null;
  log(line: string): void;
}

export async function measurePooler(plan: PoolerPlan): Promise<PoolerReport> {
  const empty = { operation: plan.operation.id, variants: [], ratios: { pgbouncerVsDirect: null, unpreparedVsDirect: null } };
  if (!findPgBouncer()) {
    const skipped = 'pgbouncer is not installed (Debian: apt-get install pgbouncer): the pooled variant was not measured';
    plan.log(`pooler: skipped, ${skipped}`);
    return { ...empty, skipped };
  }
  const { options } = plan;
  const bouncer = await startPgBouncer(plan.url, { poolSize: options.poolSize });
  const started: RunningServer[] = [];
  try {
    const servers: Record<PoolerVariant, RunningServer> = {
      direct: plan.direct,
      'direct-unprepared': started[started.push(await plan.startParasol('parasol-unprepared', { DATABASE_POOLER: 'transaction' })) - 1],
      pgbouncer: started[started.push(await plan.startParasol('parasol-pgbouncer', { DATABASE_URL: bouncer.url, DATABASE_POOLER: 'transaction' })) - 1],
    };
    const rounds: Record<PoolerVariant, { result: LoadResult; pgbouncerCpu: number | null }[]> = { direct: [], 'direct-unprepared': [], pgbouncer: [] };
    plan.log(`pooler: the ${plan.operation.id} direct, direct unprepared and through PgBouncer ${bouncer.url}`);
    for (let round = 0; round < options.rounds; round++) {
      for (const variant of Object.keys(servers) as PoolerVariant[]) {
        const server = servers[variant];
        const load = { url: server.url, spec: plan.operation.spec, token: plan.token, connections: options.connections, pid: server.pid, database: options.database };
        if (options.quietWait > 0) await waitForQuiet(options.quietWait, 20, plan.log);
        if (options.warmup > 0) await runLoad({ ...load, duration: options.warmup, sequenceStart: 0 });
        const before = cpuTicks(bouncer.pid);
        const startedAt = Date.now();
        const { result } = await runLoad({ ...load, duration: options.duration, sequenceStart: 0 });
        const after = cpuTicks(bouncer.pid);
        // PgBouncer's own CPU (% of one core), only where the load went through it.
        const pgbouncerCpu = variant === 'pgbouncer' && before !== null && after !== null ? Math.round(((after - before) / 100 / ((Date.now() - startedAt) / 1000)) * 100) : null;
        rounds[variant].push({ result, pgbouncerCpu });
        plan.log(
          `  ${plan.operation.id} ${variant.padEnd(18)} ${String(result.requestsPerSecond).padStart(8)} req/s  p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms` +
            `${result.errors ? `  ${result.errors} ERRORS` : ''}${result.cpu ? `  cpu server ${result.cpu.server}% pg ${result.cpu.postgres}%` : ''}${pgbouncerCpu !== null ? ` pgbouncer ${pgbouncerCpu}%` : ''}` +
            `${options.rounds > 1 ? `  (round ${round + 1})` : ''}`,
        );
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    const variants = (Object.keys(rounds) as PoolerVariant[]).map((id) => {
      const sorted = [...rounds[id]].sort((a, b) => a.result.requestsPerSecond - b.result.requestsPerSecond);
      const median = sorted[Math.floor((sorted.length - 1) / 2)];
      return { id, title: TITLES[id], result: { ...median.result, rounds: rounds[id].map((r) => r.result.requestsPerSecond) }, pgbouncerCpu: median.pgbouncerCpu };
    });
    const rps = (id: PoolerVariant) => variants.find((v) => v.id === id)!.result.requestsPerSecond;
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : null);
    return {
      operation: plan.operation.id,
      variants,
      ratios: { pgbouncerVsDirect: ratio(rps('pgbouncer'), rps('direct')), unpreparedVsDirect: ratio(rps('direct-unprepared'), rps('direct')) },
    };
  } finally {
    await Promise.all(started.map((s) => s.stop()));
    await bouncer.stop();
  }
}

export function poolerMarkdown(report: PoolerReport | undefined): string[] {
  if (!report) return [];
  const lines = ['## The brand console behind PgBouncer (transaction pooling)', ''];
  if (report.skipped) return [...lines, `Not measured: ${report.skipped}.`, ''];
  lines.push(
    '| variant | req/s | p50 ms | p99 ms | errors | rounds (req/s) | PgBouncer CPU |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: |',
    ...report.variants.map(
      (v) =>
        `| ${v.title} | ${v.result.requestsPerSecond} | ${v.result.latencyMs.p50} | ${v.result.latencyMs.p99} | ${v.result.errors} | ${(v.result.rounds ?? []).join(', ')} | ${v.pgbouncerCpu === null ? '—' : `${v.pgbouncerCpu}%`} |`,
    ),
    '',
    `Through PgBouncer ÷ direct: **${report.ratios.pgbouncerVsDirect ?? '—'}**; unprepared reads alone (direct) ÷ direct: ${report.ratios.unpreparedVsDirect ?? '—'}.`,
    '',
  );
  return lines;
}

/** utime + stime of a process, in clock ticks (100 a second on Linux); null where /proc has none. */
function cpuTicks(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}
