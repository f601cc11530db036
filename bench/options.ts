/** What a bench run does, from the environment and the command line (`npm run bench -- --scale 10`). */
export interface BenchOptions {
  /** The server to work on; the bench database is created (dropped first) next to the database named here. */
  serverUrl: string;
  /** Name of the database the bench creates, seeds and drops before the next run. */
  database: string;
  /** 1: the default data set (1,220 brands); 10: ten times as many umbrellas (12,200 brands, about 500,000 posts). */
  scale: number;
  /** Seconds of measurement per operation and target. */
  duration: number;
  /** Seconds of warm-up before each measurement (not recorded). */
  warmup: number;
  /** Measurements per operation and target, interleaved across targets; the median is reported. */
  rounds: number;
  /** Concurrent HTTP connections of the load generator. */
  connections: number;
  /** Every generated id, name and choice derives from this. */
  seed: string;
  /** Only these operations (ids), or all. */
  only: string[] | null;
  /** Reuse an already seeded bench database instead of rebuilding it. */
  reuse: boolean;
  /** Build the database and stop (no servers, no load). */
  buildOnly: boolean;
  /**
   * Build the database, start the servers, check that every target gives the same answers to
   * every read, then stop and drop the database: no load, no report. CI runs it, so a change
   * that breaks a peer's query (a renamed relation) fails there rather than at the next bench.
   */
  verifyOnly: boolean;
  /** Also measure the brand console built up field by field on Parasol (CPU per request of each step). */
  breakdown: boolean;
  /** Where latest.json / latest.md and the per-scale reports go. */
  resultsDir: string;
  /** Pool size of each server (Parasol DATABASE_POOL_SIZE, PostGraphile, baseline). */
  poolSize: number;
  /** Before each run, wait up to this many seconds for other work on the machine to calm down (0: do not wait). */
  quietWait: number;
  /** Batches of 500 items per ingest run (one run sequential, one with 4 clients). */
  ingestBatches: number;
  /** Also measure the brand console through a local PgBouncer in transaction mode (pooler-bench.ts); skipped when pgbouncer is not installed. */
  pooler: boolean;
  /** Set: the brand console is also measured on a Parasol sharing subscriptions through this Redis (on vs off). */
  redisUrl: string | null;
}

const FLAGS: Record<string, string> = {
  '--scale': 'BENCH_SCALE',
  '--duration': 'BENCH_DURATION',
  '--warmup': 'BENCH_WARMUP',
  '--rounds': 'BENCH_ROUNDS',
  '--connections': 'BENCH_CONNECTIONS',
  '--seed': 'BENCH_SEED',
  '--only': 'BENCH_ONLY',
  '--database-url': 'BENCH_DATABASE_URL',
  '--database': 'BENCH_DATABASE',
  '--pool-size': 'BENCH_POOL_SIZE',
  '--results': 'BENCH_RESULTS_DIR',
  '--quiet-wait': 'BENCH_QUIET_WAIT',
  '--ingest-batches': 'BENCH_INGEST_BATCHES',
  '--redis': 'BENCH_REDIS_URL',
};

function positiveInt(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

export function benchOptions(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const values: Record<string, string | undefined> = { ...env };
  let reuse = env.BENCH_REUSE === 'true' || env.BENCH_REUSE === '1';
  let buildOnly = false;
  let verifyOnly = false;
  let breakdown = env.BENCH_BREAKDOWN === 'true' || env.BENCH_BREAKDOWN === '1';
  let pooler = !(env.BENCH_POOLER === 'false' || env.BENCH_POOLER === '0');
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--reuse') {
      reuse = true;
      continue;
    }
    if (flag === '--build-only') {
      buildOnly = true;
      continue;
    }
    if (flag === '--verify-only') {
      verifyOnly = true;
      continue;
    }
    if (flag === '--no-pooler') {
      pooler = false;
      continue;
    }
    if (flag === '--breakdown') {
      breakdown = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') {
      console.log(`npm run bench -- [--scale 1|10] [--duration s] [--warmup s] [--rounds n] [--connections n] [--seed text] [--only op,op] [--reuse] [--build-only] [--verify-only] [--breakdown] [--no-pooler] [--quiet-wait s] [--ingest-batches n] [--redis redis://127.0.0.1:6379]
Environment: ${Object.values(FLAGS).join(', ')}, BENCH_REUSE, BENCH_POOLER`);
      process.exit(0);
    }
    const name = FLAGS[flag];
    if (!name) throw new Error(`Unknown option ${flag}; try --help`);
    values[name] = inline ?? argv[++i];
  }
  const database = values.BENCH_DATABASE || 'parasol_bench';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new Error(`BENCH_DATABASE must be a plain lower-case identifier (got ${database})`);
  const scale = positiveInt('BENCH_SCALE', values.BENCH_SCALE, 1, 100);
  return {
    serverUrl: values.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    database,
    scale,
    duration: positiveInt('BENCH_DURATION', values.BENCH_DURATION, 10, 3600),
    warmup: values.BENCH_WARMUP === '0' ? 0 : positiveInt('BENCH_WARMUP', values.BENCH_WARMUP, 2, 600),
    rounds: positiveInt('BENCH_ROUNDS', values.BENCH_ROUNDS, 1, 20),
    connections: positiveInt('BENCH_CONNECTIONS', values.BENCH_CONNECTIONS, 10, 1000),
    seed: values.BENCH_SEED || 'parasol-bench-1',
    only: values.BENCH_ONLY ? values.BENCH_ONLY.split(',').map((s) => s.trim()).filter(Boolean) : null,
    reuse,
    buildOnly,
    verifyOnly,
    breakdown,
    pooler,
    redisUrl: redisUrlOf(values.BENCH_REDIS_URL),
    resultsDir: values.BENCH_RESULTS_DIR || 'bench/results',
    poolSize: positiveInt('BENCH_POOL_SIZE', values.BENCH_POOL_SIZE, 10, 200),
    ingestBatches: positiveInt('BENCH_INGEST_BATCHES', values.BENCH_INGEST_BATCHES, 20, 1000),
    quietWait: values.BENCH_QUIET_WAIT === undefined || values.BENCH_QUIET_WAIT === '0' ? 0 : positiveInt('BENCH_QUIET_WAIT', values.BENCH_QUIET_WAIT, 0, 3600),
  };
}

function redisUrlOf(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (!/^rediss?:\/\/.+/.test(raw)) throw new Error(`BENCH_REDIS_URL must be a redis:// URL (got ${JSON.stringify(raw)})`);
  return raw;
}

/** The URL of `database` on the server of `serverUrl`. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
