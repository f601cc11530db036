import { availableParallelism } from 'node:os';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DEFAULT_QUERY_LIMITS, QueryLimits } from '../core/query-limits';
import { Environment } from './environment';

export type DatabasePooler = 'none' | 'session' | 'transaction';
export type LogLevelName = 'error' | 'warn' | 'log' | 'debug' | 'verbose' | 'silent';

export interface ParasolConfig {
  port: number;
  /** Set: a PostgreSQL server. Unset: the embedded database in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Unset only for the embedded database, where it is generated and kept in `dataDir`. */
  jwtSecret: string | undefined;
  jwtExpiresIn: string;
  demo: boolean;
  migrateOnBoot: boolean;
  poolSize: number;
  /** How long a request waits for a pooled connection before it fails. */
  poolWaitMs: number;
  /**
   * What sits between the service and PostgreSQL (docs/guide/pgbouncer.md): 'transaction' (PgBouncer
   * in transaction pooling) sends reads unprepared, since a server session is not the client's.
   */
  databasePooler: DatabasePooler;
  /** How often the scheduler publishes due posts and escalates approvals; 0 turns it off. */
  schedulerIntervalMs: number;
  webhooks: WebhookConfig;
  queryLimits: QueryLimits;
  logLevel: LogLevelName;
  /** json: one JSON object a line (production); pretty: readable text (development, the embedded database). */
  logFormat: 'json' | 'pretty';
  /** Prometheus metrics at GET /metrics; with a token, only for `Authorization: Bearer <token>`. */
  metrics: { enabled: boolean; token: string | undefined };
  production: boolean;
  login: LoginProtectionConfig;
  sessions: SessionConfig;
  /** Fastify's trustProxy: whose X-Forwarded-For to believe for the client address (false: nobody's). */
  trustProxy: boolean | number | string;
  /** The GraphQL explorer page at GET /graphql for browsers (src/explorer); off in production unless asked for. */
  explorer: boolean;
  /** Origins whose pages may call the API from a browser (CORS); empty: none. */
  corsOrigins: string[];
  /** A JSONL file where the sandbox connector records every call it accepted, shared by every process; null: in memory only. */
  sandboxLedger: string | null;
  /** How long a booting process waits for another one's migrations (or demo seed) before it gives up. */
  migrationLockWaitMs: number;
  /** Set: subscriptions' events cross processes through this Redis (libs/pubsub), and readiness pings it. */
  redisUrl: string | undefined;
  /** Redis channel prefix: processes that share it share subscription events. */
  redisPrefix: string;
  /** Which jobs this process runs (docs/guide/scale-out.md): `api` none, `worker` and `all` every one. */
  role: ProcessRole;
  retention: RetentionConfig;
  leases: LeaseConfig;
}

/**
 * How long a claim holds without an answer before its holder is presumed dead and another
 * process may take over. Shorter recovers sooner after a crash; it must stay well above the
 * slowest request (or network send) under load, or a live holder loses its claim.
 */
export interface LeaseConfig {
  /** An Idempotency-Key claimed by a request still running: its retries wait, then take it over. */
  idempotencySeconds: number;
  /** A post or reply being sent to its network: past it, another replica reconciles the send. */
  sendMs: number;
}

/** What the retention job deletes, and when (src/retention). */
export interface RetentionConfig {
  /** How often it runs; 0 turns it off. */
  intervalMs: number;
  /** Outbox events dispatched this many days ago, once their webhook deliveries are gone. */
  outboxDays: number;
  /** Webhook deliveries finished (succeeded, failed, cancelled) this many days ago. */
  deliveriesDays: number;
  /** Idempotency keys expired this many days ago (an expired key is ignored already). */
  idempotencyDays: number;
}

export type ProcessRole = 'all' | 'api' | 'worker';

/** Login protection (docs/sessions-and-login-protection.md): counters kept in PostgreSQL, shared by replicas. */
export interface LoginProtectionConfig {
  /** Failed logins for one email, within `failureWindowSeconds`, that lock it. */
  maxFailuresPerAccount: number;
  failureWindowSeconds: number;
  /** The first lockout; each further failure before a success doubles it, up to `lockoutMaxSeconds`. */
  lockoutSeconds: number;
  lockoutMaxSeconds: number;
  /** Failed logins from one client address within `addressWindowSeconds` before it is refused. */
  maxFailuresPerAddress: number;
  addressWindowSeconds: number;
  /** argon2 computations at a time, and how many may wait for one; a login beyond that is refused (BUSY). */
  hashConcurrency: number;
  hashQueue: number;
}

export interface SessionConfig {
  /** How often open subscriptions re-check their caller (besides before every event); 0 turns it off. */
  subscriptionRecheckIntervalMs: number;
}

/** Webhook delivery (docs/guide/webhooks.md). */
export interface WebhookConfig {
  /** How often the in-process worker fans out the outbox and sends due deliveries; 0 turns it off. */
  workerIntervalMs: number;
  /** Endpoints may resolve to loopback, private, link-local, CGNAT or unique-local addresses. */
  allowPrivateNetworks: boolean;
  /** Endpoints may use plain http:// URLs (https only otherwise). */
  allowHttp: boolean;
  /** Key material for the endpoint secrets stored encrypted; derived from JWT_SECRET when unset. */
  encryptionKey: string | undefined;
  /** Time limit of one delivery attempt (connect, send, answer). */
  timeoutMs: number;
  /** How long the previous secret keeps signing after a rotation, unless the rotation says otherwise. */
  secretGraceHours: number;
  /** Deliveries that exhausted their retries, in a row, before the endpoint is disabled. */
  disableAfterFailures: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The configuration once the database is known: a URL and a signing secret are settled. */
export type ResolvedConfig = ParasolConfig & { databaseUrl: string; jwtSecret: string };

/** Reads and validates the environment (environment.ts); throws ConfigError naming every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ParasolConfig {
  const parsed = plainToInstance(Environment, { ...env }, { excludeExtraneousValues: false });
  const problems = validateSync(parsed, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => m.startsWith(e.property) ? `${m} (got ${JSON.stringify(env[e.property])})` : `${e.property}: ${m}`),
  );
  const embedded = !parsed.DATABASE_URL;
  if (!embedded && !parsed.JWT_SECRET) {
    problems.push('JWT_SECRET is required when DATABASE_URL is set (at least 32 characters)');
  }
  const role = (parsed.PARASOL_ROLE as ProcessRole | undefined) ?? 'all';
  if (embedded && role !== 'all') problems.push(`PARASOL_ROLE=${role} needs DATABASE_URL (the embedded database lives in one process)`);
  if (problems.length) throw new ConfigError(problems);
  // Every job's interval goes through `job`: a process of role api runs none (0 turns a job off).
  const job = (intervalMs: number) => (role === 'api' ? 0 : intervalMs);

  return {
    port: parsed.PORT ?? 3000,
    databaseUrl: parsed.DATABASE_URL,
    dataDir: parsed.PARASOL_DATA_DIR ?? './.parasol',
    jwtSecret: parsed.JWT_SECRET,
    jwtExpiresIn: parsed.JWT_EXPIRES_IN ?? '12h',
    demo: parsed.PARASOL_DEMO ?? embedded,
    // The embedded database always migrates itself; a server only when asked.
    migrateOnBoot: embedded || (parsed.PARASOL_MIGRATE ?? false),
    poolSize: parsed.DATABASE_POOL_SIZE ?? 10,
    poolWaitMs: parsed.DATABASE_POOL_WAIT_MS ?? 10_000,
    databasePooler: (parsed.DATABASE_POOLER as DatabasePooler | undefined) ?? 'none',
    schedulerIntervalMs: job(parsed.PARASOL_SCHEDULER_INTERVAL_MS ?? 5_000),
    queryLimits: {
      maxDepth: parsed.QUERY_MAX_DEPTH ?? DEFAULT_QUERY_LIMITS.maxDepth,
      maxAliases: parsed.QUERY_MAX_ALIASES ?? DEFAULT_QUERY_LIMITS.maxAliases,
      maxTokens: parsed.QUERY_MAX_TOKENS ?? DEFAULT_QUERY_LIMITS.maxTokens,
      maxCost: parsed.QUERY_MAX_COST ?? DEFAULT_QUERY_LIMITS.maxCost,
    },
    webhooks: {
      workerIntervalMs: job(parsed.WEBHOOK_WORKER_INTERVAL_MS ?? 2_000),
      allowPrivateNetworks: parsed.WEBHOOKS_ALLOW_PRIVATE_NETWORKS ?? false,
      allowHttp: parsed.WEBHOOKS_ALLOW_HTTP ?? false,
      encryptionKey: parsed.WEBHOOK_ENCRYPTION_KEY,
      timeoutMs: parsed.WEBHOOK_TIMEOUT_MS ?? 10_000,
      secretGraceHours: parsed.WEBHOOK_SECRET_GRACE_HOURS ?? 24,
      disableAfterFailures: parsed.WEBHOOK_DISABLE_AFTER_FAILURES ?? 5,
    },
    logLevel: (parsed.LOG_LEVEL as LogLevelName | undefined) ?? 'log',
    logFormat: (parsed.LOG_FORMAT as 'json' | 'pretty' | undefined) ?? (parsed.NODE_ENV === 'production' && !embedded ? 'json' : 'pretty'),
    metrics: { enabled: parsed.METRICS_ENABLED ?? true, token: parsed.METRICS_TOKEN },
    production: parsed.NODE_ENV === 'production',
    login: {
      maxFailuresPerAccount: parsed.LOGIN_MAX_FAILURES_PER_ACCOUNT ?? 5,
      failureWindowSeconds: parsed.LOGIN_FAILURE_WINDOW_SECONDS ?? 15 * 60,
      lockoutSeconds: parsed.LOGIN_LOCKOUT_SECONDS ?? 60,
      lockoutMaxSeconds: parsed.LOGIN_LOCKOUT_MAX_SECONDS ?? 60 * 60,
      maxFailuresPerAddress: parsed.LOGIN_MAX_FAILURES_PER_ADDRESS ?? 100,
      addressWindowSeconds: parsed.LOGIN_ADDRESS_WINDOW_SECONDS ?? 60 * 60,
      // argon2id with parallelism 4 keeps more than one core busy per hash: half the cores by default.
      hashConcurrency: parsed.PASSWORD_HASH_CONCURRENCY ?? Math.max(1, Math.floor(availableParallelism() / 2)),
      hashQueue: parsed.PASSWORD_HASH_QUEUE ?? 16,
    },
    sessions: { subscriptionRecheckIntervalMs: parsed.SUBSCRIPTION_RECHECK_INTERVAL_MS ?? 30_000 },
    trustProxy: trustProxyOf(parsed.TRUST_PROXY),
    explorer: parsed.PARASOL_EXPLORER ?? parsed.NODE_ENV !== 'production',
    // Browsers send the scheme and host in lower case.
    corsOrigins: parsed.CORS_ORIGINS ? parsed.CORS_ORIGINS.split(',').map((origin) => origin.trim().toLowerCase()) : [],
    sandboxLedger: parsed.PARASOL_SANDBOX_LEDGER ?? null,
    migrationLockWaitMs: parsed.MIGRATION_LOCK_WAIT_MS ?? 10 * 60_000,
    redisUrl: parsed.REDIS_URL,
    redisPrefix: parsed.REDIS_PREFIX ?? 'parasol:',
    role,
    retention: {
      intervalMs: job(parsed.RETENTION_INTERVAL_MS ?? 10 * 60_000),
      outboxDays: parsed.RETENTION_OUTBOX_DAYS ?? 7,
      deliveriesDays: parsed.RETENTION_DELIVERIES_DAYS ?? 30,
      idempotencyDays: parsed.RETENTION_IDEMPOTENCY_DAYS ?? 1,
    },
    leases: {
      idempotencySeconds: parsed.IDEMPOTENCY_LEASE_SECONDS ?? 5 * 60,
      sendMs: (parsed.SEND_LEASE_SECONDS ?? 120) * 1000,
    },
  };
}

/** TRUST_PROXY as Fastify takes it: a boolean, a hop count, or a list of addresses. */
function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value.replace(/\s+/g, '');
}

export const PARASOL_CONFIG = Symbol('PARASOL_CONFIG');
