import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { LoginProtectionConfig, PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { UnauthenticatedError } from '../../libs/core';
import { Db } from '../../libs/database';

/** The table of migration SessionsAndLoginLimits (LoginLimitEntity). */
const TABLE = 'login_limits';
/** How long an account's lockouts are remembered (so the next one doubles) without a successful login. */
const LOCKOUT_MEMORY_SECONDS = 24 * 60 * 60;
/** Expired counters are deleted this often. */
const PURGE_EVERY_MS = 5 * 60_000;

/** What an attempt found before its password was checked: what a success must clear. */
export interface LoginAttempt {
  account: string;
  address: string;
  failures: RateLimiterRes | null;
  lockouts: RateLimiterRes | null;
}

export const tooManyAttempts = (msBeforeNext: number) => {
  const retryAfter = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new UnauthenticatedError(`Too many failed sign-in attempts; try again in ${retryAfter} seconds`, {
    reason: 'TOO_MANY_ATTEMPTS',
    retryAfter,
    http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
  });
};

/**
 * Login protection, with rate-limiter-flexible's counters kept in PostgreSQL (every replica
 * shares them; the embedded database works the same):
 *
 * - per account (the email as typed, known or not, so a lockout tells nothing about who has an
 *   account): `maxFailuresPerAccount` failures within `failureWindowSeconds` lock it for
 *   `lockoutSeconds`; each further failure before a successful login locks it again for twice
 *   as long as the last time, up to `lockoutMaxSeconds`. A success clears both counters.
 * - per client address: `maxFailuresPerAddress` failures within `addressWindowSeconds` refuse
 *   every login from it until the window ends (a success does not clear it, or an attacker
 *   would clear it with an account of their own).
 *
 * A refused attempt is answered before any password is checked: HTTP 429 with Retry-After,
 * UNAUTHENTICATED with reason TOO_MANY_ATTEMPTS and `retryAfter` in seconds.
 */
@Injectable()
export class LoginLimiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LoginLimiter');
  private readonly config: LoginProtectionConfig;
  private readonly failuresByAccount: RateLimiterPostgres;
  private readonly lockoutsByAccount: RateLimiterPostgres;
  private readonly failuresByAddress: RateLimiterPostgres;
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    @Inject(PARASOL_CONFIG) { login }: ParasolConfig,
  ) {
    this.config = login;
    // Through the service's own pool, one unnamed statement each: named prepared statements
    // would not survive the DEALLOCATE ALL that Db's prepared reads may send on a connection.
    const storeClient = {
      query: async ({ text, values }: { text: string; values?: unknown[] }) => {
        const rows = await db.systemQuery(text, values ?? []);
        return { rows, rowCount: rows.length };
      },
    };
    const store = { storeClient, storeType: 'client', tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false };
    this.failuresByAccount = new RateLimiterPostgres({ ...store, keyPrefix: 'account', points: login.maxFailuresPerAccount, duration: login.failureWindowSeconds });
    this.lockoutsByAccount = new RateLimiterPostgres({ ...store, keyPrefix: 'lockouts', points: 1_000_000, duration: LOCKOUT_MEMORY_SECONDS });
    this.failuresByAddress = new RateLimiterPostgres({ ...store, keyPrefix: 'address', points: login.maxFailuresPerAddress, duration: login.addressWindowSeconds });
  }

  onModuleInit(): void {
    this.purgeTimer = setInterval(() => void this.purgeExpired(), PURGE_EVERY_MS).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /** Deletes the counters whose window or lockout has ended (they read as absent already). */
  async purgeExpired(): Promise<void> {
    await this.db.systemQuery(`DELETE FROM ${TABLE} WHERE expire < $1`, [Date.now()]).catch((error: Error) => this.logger.warn(`could not purge login counters: ${error.message}`));
  }

  /** Counters are keyed by a hash of the normalized email: the table never holds what was typed. */
  static accountKey(normalizedEmail: string): string {
    return createHash('sha256').update(normalizedEmail).digest('hex');
  }

  /** Refuses (TOO_MANY_ATTEMPTS) a locked account or an address over its limit; otherwise the attempt may check its password. */
  async admit(account: string, address: string): Promise<LoginAttempt> {
    // The three counters in one statement (the library reads one key at a time): a refusal
    // must cost as little as possible, since a flood is mostly refusals.
    const keys = [this.failuresByAccount.getKey(account), this.lockoutsByAccount.getKey(account), this.failuresByAddress.getKey(address)];
    const rows = await this.db.systemQuery<{ key: string; points: number; expire: string | null }>(
      `SELECT key, points, expire FROM ${TABLE} WHERE key = ANY($1::varchar[]) AND (expire > $2 OR expire IS NULL)`,
      [keys, Date.now()],
    );
    const [failures, lockouts, fromAddress] = keys.map((key) => {
      const row = rows.find((r) => r.key === key);
      return row ? new RateLimiterRes(0, row.expire === null ? -1 : Math.max(Number(row.expire) - Date.now(), 0), row.points) : null;
    });
    // A lockout stores more points than the limit (rate-limiter-flexible's block()).
    if (failures && failures.consumedPoints > this.config.maxFailuresPerAccount) throw tooManyAttempts(failures.msBeforeNext);
    if (fromAddress && fromAddress.consumedPoints >= this.config.maxFailuresPerAddress) throw tooManyAttempts(fromAddress.msBeforeNext);
    return { account, address, failures, lockouts };
  }

  /** Counts a wrong password (or an unknown email) and locks the account when it is time. */
  async failed(attempt: LoginAttempt): Promise<void> {
    const [failures] = await Promise.all([
      this.failuresByAccount.penalty(attempt.account),
      this.failuresByAddress.penalty(attempt.address),
    ]);
    // The first lockout waits for the limit; after one, every failure locks again, twice as long.
    if (!attempt.lockouts && failures.consumedPoints < this.config.maxFailuresPerAccount) return;
    const lockouts = await this.lockoutsByAccount.penalty(attempt.account);
    const seconds = Math.min(this.config.lockoutMaxSeconds, this.config.lockoutSeconds * 2 ** Math.min(30, lockouts.consumedPoints - 1));
    await this.failuresByAccount.block(attempt.account, seconds);
    this.logger.warn(`account ${attempt.account.slice(0, 12)}… locked for ${seconds} s after ${failures.consumedPoints} failed logins (lockout ${lockouts.consumedPoints})`);
  }

  /** A successful login clears the account's counters (only those the attempt found). */
  async succeeded(attempt: LoginAttempt): Promise<void> {
    await Promise.all([
      attempt.failures ? this.failuresByAccount.delete(attempt.account) : null,
      attempt.lockouts ? this.lockoutsByAccount.delete(attempt.account) : null,
    ]);
  }
}
