import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';

// The environment's schema: each variable's parsing and rules. loadConfig (parasol-config.ts)
// validates against it and turns the result into ParasolConfig with the defaults.
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

/** An origin as browsers send it (scheme://host[:port], no path), or several separated by commas. */
const ORIGIN = String.raw`https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?`;
const CORS_ORIGINS = new RegExp(`^${ORIGIN}(\\s*,\\s*${ORIGIN})*$`);

/** The environment variables Parasol reads, with their rules. docs/guide/configuration.md lists them. */
export class Environment {
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

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['none', 'session', 'transaction'], { message: 'DATABASE_POOLER must be one of none, session, transaction' })
  DATABASE_POOLER?: string;

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

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'PARASOL_EXPLORER must be true or false' })
  PARASOL_EXPLORER?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString({ message: 'PARASOL_SANDBOX_LEDGER must be a file path' })
  PARASOL_SANDBOX_LEDGER?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(CORS_ORIGINS, { message: 'CORS_ORIGINS must be a comma-separated list of origins such as https://console.example.com,http://localhost:5173 (scheme, host and port only)' })
  CORS_ORIGINS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['error', 'warn', 'log', 'debug', 'verbose', 'silent'], { message: 'LOG_LEVEL must be one of error, warn, log, debug, verbose, silent' })
  LOG_LEVEL?: string;

  // Scale-out (docs/guide/scale-out.md): shared subscriptions (REDIS_URL is below) and the process's part.
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[A-Za-z0-9:._-]{1,64}$/, { message: 'REDIS_PREFIX must be 1 to 64 letters, digits or : . _ -' })
  REDIS_PREFIX?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['all', 'api', 'worker'], { message: 'PARASOL_ROLE must be all, api or worker' })
  PARASOL_ROLE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: string;

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean({ message: 'METRICS_ENABLED must be true or false' })
  METRICS_ENABLED?: boolean;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters long' })
  @MaxLength(512, { message: 'METRICS_TOKEN must be at most 512 characters long' })
  METRICS_TOKEN?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV?: string;

  // Leases: how long a request or a send may hold what it claimed before it is presumed dead (docs/guide/configuration.md).
  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'IDEMPOTENCY_LEASE_SECONDS must be an integer' })
  @Min(5, { message: 'IDEMPOTENCY_LEASE_SECONDS must be between 5 and 3600' })
  @Max(3600, { message: 'IDEMPOTENCY_LEASE_SECONDS must be between 5 and 3600' })
  IDEMPOTENCY_LEASE_SECONDS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'SEND_LEASE_SECONDS must be an integer' })
  @Min(5, { message: 'SEND_LEASE_SECONDS must be between 5 and 3600' })
  @Max(3600, { message: 'SEND_LEASE_SECONDS must be between 5 and 3600' })
  SEND_LEASE_SECONDS?: number;

  // Boot, health and retention (docs/guide/configuration.md, docs/guide/deployment.md).
  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'MIGRATION_LOCK_WAIT_MS must be an integer' })
  @Min(1_000, { message: 'MIGRATION_LOCK_WAIT_MS must be between 1000 and 86400000' })
  @Max(86_400_000, { message: 'MIGRATION_LOCK_WAIT_MS must be between 1000 and 86400000' })
  MIGRATION_LOCK_WAIT_MS?: number;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'RETENTION_INTERVAL_MS must be an integer' })
  @Min(0, { message: 'RETENTION_INTERVAL_MS must be between 0 (off) and 86400000' })
  @Max(86_400_000, { message: 'RETENTION_INTERVAL_MS must be between 0 (off) and 86400000' })
  RETENTION_INTERVAL_MS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'RETENTION_OUTBOX_DAYS must be an integer' })
  @Min(1, { message: 'RETENTION_OUTBOX_DAYS must be between 1 and 3650' })
  @Max(3650, { message: 'RETENTION_OUTBOX_DAYS must be between 1 and 3650' })
  RETENTION_OUTBOX_DAYS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'RETENTION_DELIVERIES_DAYS must be an integer' })
  @Min(1, { message: 'RETENTION_DELIVERIES_DAYS must be between 1 and 3650' })
  @Max(3650, { message: 'RETENTION_DELIVERIES_DAYS must be between 1 and 3650' })
  RETENTION_DELIVERIES_DAYS?: number;

  @Transform(toInt)
  @IsOptional()
  @IsInt({ message: 'RETENTION_IDEMPOTENCY_DAYS must be an integer' })
  @Min(0, { message: 'RETENTION_IDEMPOTENCY_DAYS must be between 0 and 3650' })
  @Max(3650, { message: 'RETENTION_IDEMPOTENCY_DAYS must be between 0 and 3650' })
  RETENTION_IDEMPOTENCY_DAYS?: number;
}
