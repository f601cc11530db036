import { randomUUID } from 'node:crypto';
import { LoadResult, runLoad, waitForQuiet } from './load';
import { BenchOptions } from './options';
import { Caller, OperationSpec } from './operations';
import { RunningServer } from './servers/process';

/** The brand console on Parasol with the subscriptions' pub/sub in-process (off) and on Redis (on). */
export interface PubSubVariantReport {
  /** The Redis the "on" server shared its subscriptions through (password hidden). */
  redis: string;
  operations: { id: string; title: string; off: LoadResult; on: LoadResult; onVsOff: number | null }[];
}

/**
 * `--redis <url>`: a second Parasol, identical but for REDIS_URL (a channel prefix of its own),
 * measured against the first in the same run, rounds interleaved (and their order alternated)
 * so that other work on the machine falls on both. The console reads publish nothing: the ratio is what having the
 * Redis-backed pub/sub on (two connections, the module) costs a read-heavy page.
 */
export async function measurePubSubVariant(args: {
  options: BenchOptions;
  ops: OperationSpec[];
  parasol: RunningServer;
  startParasol: (name: string, extraEnv: Record<string, string>) => Promise<RunningServer>;
  tokens: Record<Caller, string | null>;
  log: (line: string) => void;
}): Promise<PubSubVariantReport> {
  const { options, parasol, tokens, log } = args;
  const redisUrl = options.redisUrl!;
  const withRedis = await args.startParasol('parasol+redis', { REDIS_URL: redisUrl, REDIS_PREFIX: `parasol-bench-${randomUUID().slice(0, 8)}:` });
  const operations: PubSubVariantReport['operations'] = [];
  try {
    for (const op of args.ops.filter((candidate) => candidate.id.startsWith('console') && candidate.targets.parasol)) {
      const spec = op.targets.parasol!;
      const runs: Record<'off' | 'on', LoadResult[]> = { off: [], on: [] };
      for (let round = 0; round < options.rounds; round++) {
        // Which goes first alternates: a machine getting busier or quieter favours neither.
        const order = [['off', parasol], ['on', withRedis]] as const;
        for (const [variant, server] of round % 2 === 0 ? order : [...order].reverse()) {
          const plan = { url: server.url, spec, token: tokens[spec.as], connections: options.connections, pid: server.pid, database: options.database };
          if (options.quietWait > 0) await waitForQuiet(options.quietWait, 20, log);
          if (options.warmup > 0) await runLoad({ ...plan, duration: options.warmup, sequenceStart: 0 });
          const { result } = await runLoad({ ...plan, duration: options.duration, sequenceStart: 0 });
          runs[variant].push(result);
          log(`  ${op.title.padEnd(36)} pub/sub ${variant === 'on' ? 'Redis    ' : 'in-process'} ${String(result.requestsPerSecond).padStart(8)} req/s  p50 ${result.latencyMs.p50} ms${result.errors ? `  ${result.errors} ERRORS` : ''}`);
        }
      }
      const median = (results: LoadResult[]) => [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[Math.floor((results.length - 1) / 2)];
      const off = median(runs.off);
      const on = median(runs.on);
      operations.push({ id: op.id, title: op.title, off, on, onVsOff: off.requestsPerSecond ? Math.round((on.requestsPerSecond / off.requestsPerSecond) * 100) / 100 : null });
    }
  } finally {
    await withRedis.stop();
  }
  return { redis: redisForReport(redisUrl), operations };
}

export function pubsubMarkdown(report: PubSubVariantReport | undefined): string[] {
  if (!report) return [];
  return [
    '## The brand console with the Redis-backed pub/sub on and off',
    '',
    `Two Parasol servers in the same run, identical but for \`REDIS_URL\` (${report.redis}); rounds interleaved, medians:`,
    '',
    '| operation | in-process req/s | Redis req/s | on / off |',
    '| --- | --- | --- | --- |',
    ...report.operations.map((op) => `| ${op.title} | ${op.off.requestsPerSecond} | ${op.on.requestsPerSecond} | ${op.onVsOff === null ? '—' : `${op.onVsOff.toFixed(2)}x`} |`),
    '',
  ];
}

function redisForReport(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
