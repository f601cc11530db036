import { availableParallelism } from 'node:os';
import { plainToInstance, Transform } from 'class-transformer';
import { DEFAULT_QUERY_LIMITS, QueryLimits } from '../core/query-limits';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);
/** true, false, a hop count, or addresses / CIDR ranges separated by commas (what Fastify's trustProxy takes). */
const TRUST_PROXY = /^(true|false|\d{1,2}|[0-9A-Fa-f.:]+(\/\d{1,3})?(\s*,\s*[0-9A-Fa-f.:]+(\/\d{1,3})?)*)$/;

/** The environment variables Parasol reads, with their rules. docs/guide/configuration.md lists them. */
class Environment {
  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  PARASOL_DATA_DIR?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters long' })
  @MaxLength(512, { message: 'JWT_SECRET must be at most 512 characters long' })
  JWT_SECRET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d+[smhd]$/, { message: 'JWT_EXPIRES_IN must be a duration like 900s, 30m, 12h or 7d' })
  JWT_EXPIRES_IN?: string;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'PARASOL_DEMO must be true or false' })
  PARASOL_DEMO?: boolean;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'PARASOL_MIGRATE must be true or false' })
  PARASOL_MIGRATE?: boolean;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'DATABASE_POOL_SIZE must be an integer' })
  @Min(1, { message: 'DATABASE_POOL_SIZE must be between 1 and 200' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be between 1 and 200' })
  DATABASE_POOL_SIZE?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'DATABASE_POOL_WAIT_MS must be an integer' })
  @Min(100, { message: 'DATABASE_POOL_WAIT_MS must be between 100 and 600000' })
  @Max(600_000, { message: 'DATABASE_POOL_WAIT_MS must be between 100 and 600000' })
  DATABASE_POOL_WAIT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'PARASOL_SCHEDULER_INTERVAL_MS must be an integer' })
  @Min(0, { message: 'PARASOL_SCHEDULER_INTERVAL_MS must be between 0 (off) and 3600000' })
  @Max(3_600_000, { message: 'PARASOL_SCHEDULER_INTERVAL_MS must be between 0 (off) and 3600000' })
  PARASOL_SCHEDULER_INTERVAL_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'WEBHOOK_WORKER_INTERVAL_MS must be an integer' })
  @Min(0, { message: 'WEBHOOK_WORKER_INTERVAL_MS must be between 0 (off) and 3600000' })
  @Max(3_600_000, { message: 'WEBHOOK_WORKER_INTERVAL_MS must be between 0 (off) and 3600000' })
  WEBHOOK_WORKER_INTERVAL_MS?: number;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'WEBHOOKS_ALLOW_PRIVATE_NETWORKS must be true or false' })
  WEBHOOKS_ALLOW_PRIVATE_NETWORKS?: boolean;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'WEBHOOKS_ALLOW_HTTP must be true or false' })
  WEBHOOKS_ALLOW_HTTP?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'WEBHOOK_ENCRYPTION_KEY must be at least 32 characters long' })
  @MaxLength(512, { message: 'WEBHOOK_ENCRYPTION_KEY must be at most 512 characters long' })
  WEBHOOK_ENCRYPTION_KEY?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'WEBHOOK_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'WEBHOOK_TIMEOUT_MS must be between 100 and 60000' })
  @Max(60_000, { message: 'WEBHOOK_TIMEOUT_MS must be between 100 and 60000' })
  WEBHOOK_TIMEOUT_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'WEBHOOK_SECRET_GRACE_HOURS must be an integer' })
  @Min(0, { message: 'WEBHOOK_SECRET_GRACE_HOURS must be between 0 and 168' })
  @Max(168, { message: 'WEBHOOK_SECRET_GRACE_HOURS must be between 0 and 168' })
  WEBHOOK_SECRET_GRACE_HOURS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'WEBHOOK_DISABLE_AFTER_FAILURES must be an integer' })
  @Min(1, { message: 'WEBHOOK_DISABLE_AFTER_FAILURES must be between 1 and 1000' })
  @Max(1000, { message: 'WEBHOOK_DISABLE_AFTER_FAILURES must be between 1 and 1000' })
  WEBHOOK_DISABLE_AFTER_FAILURES?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'QUERY_MAX_DEPTH must be an integer' })
  @Min(2, { message: 'QUERY_MAX_DEPTH must be between 2 and 100' })
  @Max(100, { message: 'QUERY_MAX_DEPTH must be between 2 and 100' })
  QUERY_MAX_DEPTH?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'QUERY_MAX_ALIASES must be an integer' })
  @Min(0, { message: 'QUERY_MAX_ALIASES must be between 0 and 1000' })
  @Max(1000, { message: 'QUERY_MAX_ALIASES must be between 0 and 1000' })
  QUERY_MAX_ALIASES?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'QUERY_MAX_TOKENS must be an integer' })
  @Min(100, { message: 'QUERY_MAX_TOKENS must be between 100 and 100000' })
  @Max(100000, { message: 'QUERY_MAX_TOKENS must be between 100 and 100000' })
  QUERY_MAX_TOKENS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'QUERY_MAX_COST must be an integer' })
  @Min(10, { message: 'QUERY_MAX_COST must be between 10 and 10000000' })
  @Max(10000000, { message: 'QUERY_MAX_COST must be between 10 and 10000000' })
  QUERY_MAX_COST?: number;

  // Login protection and sessions (docs/sessions-and-login-protection.md).
  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'LOGIN_MAX_FAILURES_PER_ACCOUNT must be an integer' })
  @Min(1, { message: 'LOGIN_MAX_FAILURES_PER_ACCOUNT must be between 1 and 100000' })
  @Max(100_000, { message: 'LOGIN_MAX_FAILURES_PER_ACCOUNT must be between 1 and 100000' })
  LOGIN_MAX_FAILURES_PER_ACCOUNT?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'LOGIN_FAILURE_WINDOW_SECONDS must be an integer' })
  @Min(1, { message: 'LOGIN_FAILURE_WINDOW_SECONDS must be between 1 and 86400' })
  @Max(86_400, { message: 'LOGIN_FAILURE_WINDOW_SECONDS must be between 1 and 86400' })
  LOGIN_FAILURE_WINDOW_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'LOGIN_LOCKOUT_SECONDS must be an integer' })
  @Min(1, { message: 'LOGIN_LOCKOUT_SECONDS must be between 1 and 86400' })
  @Max(86_400, { message: 'LOGIN_LOCKOUT_SECONDS must be between 1 and 86400' })
  LOGIN_LOCKOUT_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'LOGIN_LOCKOUT_MAX_SECONDS must be an integer' })
  @Min(1, { message: 'LOGIN_LOCKOUT_MAX_SECONDS must be between 1 and 604800' })
  @Max(604_800, { message: 'LOGIN_LOCKOUT_MAX_SECONDS must be between 1 and 604800' })
  LOGIN_LOCKOUT_MAX_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'LOGIN_MAX_FAILURES_PER_ADDRESS must be an integer' })
  @Min(1, { message: 'LOGIN_MAX_FAILURES_PER_ADDRESS must be between 1 and 1000000' })
  @Max(1_000_000, { message: 'LOGIN_MAX_FAILURES_PER_ADDRESS must be between 1 and 1000000' })
  LOGIN_MAX_FAILURES_PER_ADDRESS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'LOGIN_ADDRESS_WINDOW_SECONDS must be an integer' })
  @Min(1, { message: 'LOGIN_ADDRESS_WINDOW_SECONDS must be between 1 and 86400' })
  @Max(86_400, { message: 'LOGIN_ADDRESS_WINDOW_SECONDS must be between 1 and 86400' })
  LOGIN_ADDRESS_WINDOW_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'PASSWORD_HASH_CONCURRENCY must be an integer' })
  @Min(1, { message: 'PASSWORD_HASH_CONCURRENCY must be between 1 and 64' })
  @Max(64, { message: 'PASSWORD_HASH_CONCURRENCY must be between 1 and 64' })
  PASSWORD_HASH_CONCURRENCY?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'PASSWORD_HASH_QUEUE must be an integer' })
  @Min(0, { message: 'PASSWORD_HASH_QUEUE must be between 0 and 10000' })
  @Max(10_000, { message: 'PASSWORD_HASH_QUEUE must be between 0 and 10000' })
  PASSWORD_HASH_QUEUE?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(TRUST_PROXY, { message: 'TRUST_PROXY must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses or CIDR ranges' })
  TRUST_PROXY?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'SUBSCRIPTION_RECHECK_INTERVAL_MS must be an integer' })
  @Min(0, { message: 'SUBSCRIPTION_RECHECK_INTERVAL_MS must be between 0 (off) and 3600000' })
  @Max(3_600_000, { message: 'SUBSCRIPTION_RECHECK_INTERVAL_MS must be between 0 (off) and 3600000' })
  SUBSCRIPTION_RECHECK_INTERVAL_MS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose', 'silent'], { message: 'LOG_LEVEL must be one of error, warn, log, debug, verbose, silent' })
  LOG_LEVEL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV?: string;
}

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
  /** How often the scheduler publishes due posts and escalates approvals; 0 turns it off. */
  schedulerIntervalMs: number;
  webhooks: WebhookConfig;
  queryLimits: QueryLimits;
  logLevel: LogLevelName;
  production: boolean;
  login: LoginProtectionConfig;
  sessions: SessionConfig;
  /** Fastify's trustProxy: whose X-Forwarded-For to believe for the client address (false: nobody's). */
  trustProxy: boolean | number | string;
}

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

/** Reads and validates the environment; throws ConfigError naming every bad value. */
/** The configuration once the database is known: a URL and a signing secret are settled. */
export type ResolvedConfig = ParasolConfig & { databaseUrl: string; jwtSecret: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ParasolConfig {
  const parsed = plainToInstance(Environment, { ...env }, { excludeExtraneousValues: false });
  const problems = validateSync(parsed, { skipMissingProperties: false }).flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => m.startsWith(e.property) ? `${m} (got ${JSON.stringify(env[e.property])})` : `${e.property}: ${m}`),
  );
  const embedded = !parsed.DATABASE_URL;
  if (!embedded && !parsed.JWT_SECRET) {
    problems.push('JWT_SECRET is required when DATABASE_URL is set (at least 32 characters)');
  }
  if (problems.length) throw new ConfigError(problems);

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
    schedulerIntervalMs: parsed.PARASOL_SCHEDULER_INTERVAL_MS ?? 5_000,
    queryLimits: {
      maxDepth: parsed.QUERY_MAX_DEPTH ?? DEFAULT_QUERY_LIMITS.maxDepth,
      maxAliases: parsed.QUERY_MAX_ALIASES ?? DEFAULT_QUERY_LIMITS.maxAliases,
      maxTokens: parsed.QUERY_MAX_TOKENS ?? DEFAULT_QUERY_LIMITS.maxTokens,
      maxCost: parsed.QUERY_MAX_COST ?? DEFAULT_QUERY_LIMITS.maxCost,
    },
    webhooks: {
      workerIntervalMs: parsed.WEBHOOK_WORKER_INTERVAL_MS ?? 2_000,
      allowPrivateNetworks: parsed.WEBHOOKS_ALLOW_PRIVATE_NETWORKS ?? false,
      allowHttp: parsed.WEBHOOKS_ALLOW_HTTP ?? false,
      encryptionKey: parsed.WEBHOOK_ENCRYPTION_KEY,
      timeoutMs: parsed.WEBHOOK_TIMEOUT_MS ?? 10_000,
      secretGraceHours: parsed.WEBHOOK_SECRET_GRACE_HOURS ?? 24,
      disableAfterFailures: parsed.WEBHOOK_DISABLE_AFTER_FAILURES ?? 5,
    },
    logLevel: (parsed.LOG_LEVEL as LogLevelName | undefined) ?? 'log',
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
  };
}

/** TRUST_PROXY as Fastify takes it: a boolean, a hop count, or a list of addresses. */
function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value.replace(/\s+/g, '');
}

export const PARASOL_CONFIG = Symbol('PARASOL_CONFIG');
