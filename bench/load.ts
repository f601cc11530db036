import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { RequestSpec } from './operations';

/** One measured run of one operation on one target. */
export interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; average: number; max: number };
  requests: number;
  /** Non-2xx answers, GraphQL errors in a 200, socket errors and timeouts. */
  errors: number;
  durationSeconds: number;
  /** CPU used during the run, in % of one core: the target's process, the bench database's PostgreSQL backends, the load generator; and the whole machine's busy share (other work included). */
  cpu: { server: number | null; postgres: number | null; loadGenerator: number; machine: number | null } | null;
  /** The operation's pool of one-shot inputs ran out before the time was up. */
  poolExhausted?: boolean;
  /** % of the machine busy with other work just before the run (the bench's servers idle). */
  busyBefore?: number | null;
  /** Requests per second of every round, when there were several (this result is the median one). */
  rounds?: number[];
}

const TICKS = 100; // USER_HZ on Linux

function processTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return null;
  }
}

/** CPU ticks of the PostgreSQL backends serving `database` (their process title names it), by pid. */
function postgresTicks(database: string): Map<number, number> | null {
  try {
    const ticks = new Map<number, number>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (comm !== 'postgres') continue;
        if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(` ${database} `)) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks;
  } catch {
    return null;
  }
}

/** Ticks spent since `before` by the processes alive now (a backend that ended during the run is not counted). */
function postgresDelta(database: string, before: Map<number, number> | null): number | null {
  const after = postgresTicks(database);
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
  return total;
}

function machineTicks(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = values[3] + (values[4] ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** The machine's busy share (% of all cores) over `ms`, from /proc/stat; null where there is none. */
export async function machineBusy(ms = 1000): Promise<number | null> {
  const before = machineTicks();
  await new Promise((r) => setTimeout(r, ms));
  const after = machineTicks();
  if (!before || !after || after.total === before.total) return null;
  return Math.round(((after.busy - before.busy) / (after.total - before.total)) * 100);
}

/**
 * Waits (up to `maxSeconds`) until the machine is quiet: less than `threshold` % busy over a
 * second while the bench's own servers are idle. Returns the last busy share seen.
 */
export async function waitForQuiet(maxSeconds: number, threshold = 20, log?: (line: string) => void): Promise<number | null> {
  const deadline = Date.now() + maxSeconds * 1000;
  let busy = await machineBusy();
  let told = false;
  while (busy !== null && busy >= threshold && Date.now() < deadline) {
    if (!told && log) log(`  waiting for the machine to be quiet (${busy}% busy with other work)`);
    told = true;
    await new Promise((r) => setTimeout(r, 2000));
    busy = await machineBusy();
  }
  return busy;
}

class CpuSampler {
  private readonly start = Date.now();
  private readonly server: number | null;
  private readonly postgres: Map<number, number> | null;
  private readonly self = process.cpuUsage();
  private readonly machine = machineTicks();

  constructor(
    private readonly pid: number | undefined,
    private readonly database: string,
  ) {
    this.server = pid ? processTicks(pid) : null;
    this.postgres = postgresTicks(database);
  }

  stop(): LoadResult['cpu'] {
    const seconds = (Date.now() - this.start) / 1000;
    const pct = (ticks: number | null, before: number | null) => (ticks === null || before === null ? null : Math.round(((ticks - before) / TICKS / seconds) * 100));
    const self = process.cpuUsage(this.self);
    const machine = machineTicks();
    return {
      server: this.pid ? pct(processTicks(this.pid), this.server) : null,
      postgres: pct(postgresDelta(this.database, this.postgres), 0),
      loadGenerator: Math.round(((self.user + self.system) / 1e6 / seconds) * 100),
      machine: machine && this.machine ? Math.round(((machine.busy - this.machine.busy) / (machine.total - this.machine.total)) * 100 * 2) / 2 : null,
    };
  }
}

export interface LoadPlan {
  url: string;
  spec: RequestSpec;
  token: string | null;
  connections: number;
  duration: number;
  /** Where the sequence of inputs starts; returns where it ended (the next unused one). */
  sequenceStart: number;
  /** Inputs available from 0 (one-shot pools); the load stops when they run out. */
  poolSize?: number;
  /** The server process, for its CPU use. */
  pid?: number;
  /** The bench database, whose backends' CPU use is measured. */
  database: string;
}

/** Drives one target with one operation for `duration` seconds; every answer must be a 2xx without GraphQL errors. */
export async function runLoad(plan: LoadPlan): Promise<{ result: LoadResult; next: number }> {
  let n = plan.sequenceStart;
  let exhausted = false;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (plan.token) headers.authorization = `Bearer ${plan.token}`;
  let graphqlErrors = 0;
  let firstError: string | null = null;
  // eslint-disable-next-line prefer-const
  let instance: ReturnType<typeof autocannon>;
  const sampler = new CpuSampler(plan.pid, plan.database);
  instance = autocannon({
    url: plan.url + plan.spec.path,
    connections: plan.connections,
    duration: plan.duration,
    timeout: 30,
    method: 'POST',
    headers,
    requests: [
      {
        method: 'POST',
        path: plan.spec.path,
        headers,
        setupRequest: (request) => {
          if (plan.poolSize !== undefined && n >= plan.poolSize) {
            if (!exhausted) {
              exhausted = true;
              setImmediate(() => instance.stop());
            }
            // Replays the last input: counted as an error if it is answered before the stop.
            return { ...request, body: plan.spec.body(plan.poolSize - 1) };
          }
          return { ...request, body: plan.spec.body(n++) };
        },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300 && body.includes('"errors"')) {
            graphqlErrors++;
            firstError ??= body.slice(0, 500);
          } else if (status < 200 || status >= 300) {
            // Counted by autocannon (non2xx); shown so that a run's errors say what they were.
            firstError ??= `HTTP ${status}: ${body.slice(0, 500)}`;
          }
        },
      },
    ],
  });
  const raw = await instance;
  const cpu = sampler.stop();
  const errors = raw.non2xx + raw.errors + raw.timeouts + graphqlErrors;
  if (firstError) console.warn(`    first error answer: ${firstError}`);
  return {
    next: n,
    result: {
      requestsPerSecond: Math.round((raw.requests.total / raw.duration) * 10) / 10,
      latencyMs: { p50: raw.latency.p50, p90: raw.latency.p90, p99: raw.latency.p99, average: raw.latency.average, max: raw.latency.max },
      requests: raw.requests.total,
      errors,
      durationSeconds: Math.round(raw.duration * 10) / 10,
      cpu,
      ...(exhausted ? { poolExhausted: true } : {}),
    },
  };
}
