import { DatasetCounts } from './dataset';
import { ExplainResult } from './explain';
import { inboxMarkdown, IngestReport } from './inbox-bench';
import { poolerMarkdown, PoolerReport } from './pooler-bench';
import { PubSubVariantReport, pubsubMarkdown } from './pubsub-variant';
import { LoadResult } from './load';
import { TargetName } from './operations';

export interface MachineFacts {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  postgres: string;
  postgresSettings: Record<string, string>;
  note: string;
  /** 1, 5 and 15 minute load averages when the run started and ended (other work on the machine shows here). */
  loadAverage: { start: number[]; end: number[] };
}

export interface OperationReport {
  id: string;
  title: string;
  kind: 'read' | 'write' | 'login';
  notes?: string;
  results: Partial<Record<TargetName, LoadResult>>;
  /** Parasol's requests/s divided by the other target's: above 1, Parasol serves more. */
  ratios: { vsPostgraphile: number | null; vsBaseline: number | null };
}

export interface ScaleComparison {
  baseScale: number;
  baseStartedAt: string;
  baseCounts: DatasetCounts;
  operations: {
    id: string;
    title: string;
    target: TargetName;
    base: { rps: number; p50: number; p99: number };
    now: { rps: number; p50: number; p99: number };
    /** now / base requests per second. */
    throughputChange: number;
  }[];
  explain: { id: string; title: string; base: { executionMs: number; statements: number }; now: { executionMs: number; statements: number; indexes: string[]; seqScans: string[] } }[];
}

export interface BenchReport {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: MachineFacts;
  options: { scale: number; duration: number; warmup: number; rounds: number; connections: number; seed: string; poolSize: number };
  dataset: { counts: DatasetCounts; seedSeconds: number | null; tableSizes: Record<string, string> | null };
  targets: Record<TargetName, string>;
  operations: OperationReport[];
  explain: ExplainResult[];
  headline: {
    consoleRps: Partial<Record<TargetName, number>>;
    consoleVsPostgraphile: number | null;
    consoleVsBaseline: number | null;
    atLeastPostgraphile: boolean | null;
    within3xOfBaseline: boolean | null;
  };
  comparison?: ScaleComparison;
  /** The brand console built up step by step on Parasol: CPU of the Parasol process per request. */
  breakdown?: { id: string; title: string; requestsPerSecond: number; cpuMsPerRequest: number | null }[];
  /** Ingest throughput (batches of 500 over HTTP), when it was measured. */
  ingest?: IngestReport;
  /** The brand console with and without PgBouncer in transaction mode (pooler-bench.ts). */
  pooler?: PoolerReport;
  /** The brand console with the Redis-backed pub/sub on vs off (`--redis`, pubsub-variant.ts). */
  pubsub?: PubSubVariantReport;
}

const TARGETS: TargetName[] = ['parasol', 'postgraphile', 'baseline'];
const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const ratio = (n: number | null) => (n === null ? '—' : `${n.toFixed(2)}x`);

export function ratios(results: Partial<Record<TargetName, LoadResult>>): OperationReport['ratios'] {
  const p = results.parasol?.requestsPerSecond;
  const of = (other?: LoadResult) => (p && other?.requestsPerSecond ? Math.round((p / other.requestsPerSecond) * 100) / 100 : null);
  return { vsPostgraphile: of(results.postgraphile), vsBaseline: of(results.baseline) };
}

function cell(result: LoadResult | undefined): string[] {
  if (!result) return ['—', '—', '—'];
  const errors = result.errors ? ` (${result.errors} errors)` : '';
  return [`${fmt(result.requestsPerSecond)}${errors}`, `${fmt(result.latencyMs.p50)} ms`, `${fmt(result.latencyMs.p99)} ms`];
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function resultsTable(report: BenchReport): string {
  return table(
    ['operation', 'Parasol req/s', 'p50', 'p99', 'PostGraphile req/s', 'p50', 'p99', 'bare pg req/s', 'p50', 'p99', 'Parasol ÷ PostGraphile', 'Parasol ÷ bare pg'],
    report.operations.map((op) => [op.title, ...cell(op.results.parasol), ...cell(op.results.postgraphile), ...cell(op.results.baseline), ratio(op.ratios.vsPostgraphile), ratio(op.ratios.vsBaseline)]),
  );
}

export function cpuTable(report: BenchReport): string {
  const rows: string[][] = [];
  for (const op of report.operations) {
    for (const target of TARGETS) {
      const cpu = op.results[target]?.cpu;
      if (!cpu) continue;
      const rounds = op.results[target]?.rounds;
      rows.push([op.title, target, `${fmt(cpu.server)}%`, `${fmt(cpu.postgres)}%`, `${fmt(cpu.loadGenerator)}%`, `${fmt(cpu.machine)}%`, rounds ? rounds.map((r) => fmt(r)).join(', ') : '']);
    }
  }
  return table(['operation', 'target', 'server process', 'PostgreSQL (bench database)', 'load generator', 'machine (of 100%)', 'req/s of each round'], rows);
}

export function datasetLine(counts: DatasetCounts): string {
  return `${fmt(counts.brands)} brands (${fmt(counts.umbrellas)} umbrellas), ${fmt(counts.profiles)} social profiles, ${fmt(counts.posts)} posts (${fmt(counts.postRevisions)} revisions), ${fmt(counts.approvalRequests)} approval requests (${fmt(counts.openApprovalRequests)} open), ${fmt(counts.users)} users, ${fmt(counts.roleAssignments)} role assignments, ${fmt(counts.policies)} policies, ${fmt(counts.inboxItems)} inbox items from ${fmt(counts.contacts)} contacts`;
}

export function machineLine(report: BenchReport): string {
  const m = report.machine;
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.platform}; Node ${m.node}; PostgreSQL ${m.postgres} (shared_buffers ${m.postgresSettings.shared_buffers}, work_mem ${m.postgresSettings.work_mem}, jit ${m.postgresSettings.jit}); load average ${m.loadAverage.start.join(' / ')} at the start, ${m.loadAverage.end.join(' / ')} at the end`;
}

const list = (items: string[], none: string) => items.map((i) => `\`${i.replace(/"/g, '')}\``).join(', ') || none;

export function explainTable(explain: ExplainResult[]): string {
  return table(
    ['read', 'statements', 'as parasol_app (RLS)', 'indexes used', 'sequential scans', 'as the owner (no RLS)', 'indexes used', 'sequential scans'],
    explain.map((e) => [
      e.title,
      String(e.statements),
      `${e.executionMs.toFixed(2)} ms`,
      list(e.indexes, '—'),
      list(e.seqScans, 'none'),
      e.owner ? `${e.owner.executionMs.toFixed(2)} ms` : '(runs as the owner)',
      e.owner ? list(e.owner.indexes, '—') : '',
      e.owner ? list(e.owner.seqScans, 'none') : '',
    ]),
  );
}

export function comparisonTable(comparison: ScaleComparison): string {
  return table(
    ['operation', 'target', `req/s ×${comparison.baseScale}`, 'req/s now', 'change', `p50 ×${comparison.baseScale} → now`, `p99 ×${comparison.baseScale} → now`],
    comparison.operations.map((o) => [
      o.title,
      o.target,
      fmt(o.base.rps),
      fmt(o.now.rps),
      `${o.throughputChange >= 1 ? '+' : ''}${((o.throughputChange - 1) * 100).toFixed(0)}%`,
      `${fmt(o.base.p50)} → ${fmt(o.now.p50)} ms`,
      `${fmt(o.base.p99)} → ${fmt(o.now.p99)} ms`,
    ]),
  );
}

export function explainComparisonTable(comparison: ScaleComparison): string {
  return table(
    ['read', 'statements', `execution ×${comparison.baseScale}`, 'execution now', 'indexes used now', 'sequential scans now'],
    comparison.explain.map((e) => [
      e.title,
      `${e.base.statements} → ${e.now.statements}`,
      `${e.base.executionMs.toFixed(2)} ms`,
      `${e.now.executionMs.toFixed(2)} ms`,
      list(e.now.indexes, '—'),
      list(e.now.seqScans, 'none'),
    ]),
  );
}

export function compare(base: BenchReport, now: BenchReport): ScaleComparison {
  const operations: ScaleComparison['operations'] = [];
  for (const op of now.operations) {
    const before = base.operations.find((o) => o.id === op.id);
    if (!before) continue;
    for (const target of TARGETS) {
      const a = before.results[target];
      const b = op.results[target];
      if (!a || !b) continue;
      operations.push({
        id: op.id,
        title: op.title,
        target,
        base: { rps: a.requestsPerSecond, p50: a.latencyMs.p50, p99: a.latencyMs.p99 },
        now: { rps: b.requestsPerSecond, p50: b.latencyMs.p50, p99: b.latencyMs.p99 },
        throughputChange: Math.round((b.requestsPerSecond / a.requestsPerSecond) * 100) / 100,
      });
    }
  }
  const explain = now.explain.flatMap((e) => {
    const before = base.explain.find((x) => x.id === e.id);
    return before
      ? [{ id: e.id, title: e.title, base: { executionMs: before.executionMs, statements: before.statements }, now: { executionMs: e.executionMs, statements: e.statements, indexes: e.indexes, seqScans: e.seqScans } }]
      : [];
  });
  return { baseScale: base.options.scale, baseStartedAt: base.startedAt, baseCounts: base.dataset.counts, operations, explain };
}

/** The inbox page next to the posts page of the same run, for the admin and the manager. */
function inboxPages(report: BenchReport) {
  const rps = (id: string) => report.operations.find((o) => o.id === id)?.results.parasol?.requestsPerSecond ?? null;
  return [
    { title: 'admin', inbox: rps('inbox'), posts: rps('posts') },
    { title: 'brand manager', inbox: rps('inbox-manager'), posts: rps('posts-manager') },
  ];
}

export function markdown(report: BenchReport): string {
  const o = report.options;
  const h = report.headline;
  const lines = [
    `# Parasol bench: scale ${o.scale}`,
    '',
    `Run ${report.startedAt} on ${machineLine(report)}.`,
    '',
    `Data: ${datasetLine(report.dataset.counts)} (seed \`${o.seed}\`${report.dataset.seedSeconds ? `, built in ${report.dataset.seedSeconds.toFixed(0)} s` : ''}).`,
    '',
    `Load: autocannon, ${o.connections} connections, ${o.duration} s per operation and target after ${o.warmup} s of warm-up` +
      `${o.rounds > 1 ? `, ${o.rounds} rounds interleaved across the targets (the median round is shown)` : ''}; each server has a pool of ${o.poolSize} connections. ${report.machine.note}`,
    '',
    resultsTable(report),
    '',
    `Brand console: Parasol ${fmt(h.consoleRps.parasol)} req/s, PostGraphile ${fmt(h.consoleRps.postgraphile)}, bare pg ${fmt(h.consoleRps.baseline)}: ` +
      `${ratio(h.consoleVsPostgraphile)} PostGraphile's throughput${h.atLeastPostgraphile === null ? '' : h.atLeastPostgraphile ? ' (at least as fast)' : ' (slower)'}, ` +
      `${ratio(h.consoleVsBaseline)} the baseline's${h.consoleVsBaseline ? ` (the baseline is ${(1 / h.consoleVsBaseline).toFixed(2)}x faster${h.within3xOfBaseline ? ', within 3x' : ', more than 3x'})` : ''}.`,
    '',
    'What each target does:',
    '',
    ...Object.entries(report.targets).map(([name, what]) => `- **${name}**: ${what}`),
    '',
    'Operation notes:',
    '',
    ...report.operations.filter((op) => op.notes).map((op) => `- ${op.title}: ${op.notes}`),
    '',
    ...inboxMarkdown(inboxPages(report), report.ingest),
    ...poolerMarkdown(report.pooler),
    ...pubsubMarkdown(report.pubsub),
    '## CPU during each (median) run, % of one core',
    '',
    cpuTable(report),
    '',
    '## Reads: one statement each, and their plans',
    '',
    explainTable(report.explain),
    '',
  ];
  if (report.breakdown) {
    lines.push(
      "## Where Parasol's time goes: the brand console built up step by step",
      '',
      `CPU time of the Parasol process per request (its CPU time during the run divided by the requests served; the median of ${report.options.rounds} round${report.options.rounds > 1 ? 's' : ''}), each step adding to the one before:`,
      '',
      table(
        ['step', 'req/s', 'Parasol CPU per request', 'added by the step'],
        report.breakdown.map((b, i) => {
          const before = i > 0 ? report.breakdown![i - 1].cpuMsPerRequest : null;
          const added = b.cpuMsPerRequest !== null && before !== null && b.id !== 'full' ? `${b.cpuMsPerRequest - before >= 0 ? '+' : ''}${(b.cpuMsPerRequest - before).toFixed(2)} ms` : '';
          return [b.title, fmt(b.requestsPerSecond), b.cpuMsPerRequest === null ? '—' : `${b.cpuMsPerRequest.toFixed(2)} ms`, added];
        }),
      ),
      '',
    );
  }
  if (report.comparison) {
    const c = report.comparison;
    lines.push(
      `## Compared with scale ${c.baseScale} (run ${c.baseStartedAt})`,
      '',
      `Scale ${c.baseScale}: ${datasetLine(c.baseCounts)}.`,
      '',
      comparisonTable(c),
      '',
      explainComparisonTable(c),
      '',
    );
  }
  lines.push('## Plans (EXPLAIN (ANALYZE, BUFFERS), second run of each)', '');
  for (const e of report.explain) {
    lines.push(`### ${e.title}`, '', e.owner ? 'As `parasol_app`, the way a request runs it (row-level security on):' : 'As the login role, before the tenant is known:', '', '```', e.plan, '```', '');
    if (e.owner) lines.push('As the owner of the tables (row-level security off):', '', '```', e.owner.plan, '```', '');
  }
  return lines.join('\n');
}
