import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { literal } from './inline-parameters';
import { pgErrorCode } from './pg-errors';
import { PreparedReads } from './prepared-reads';
import { StatementCounter, StatementTally } from './statement-counter';

/** The role tenant-scoped work runs as: it owns nothing and is bound by row-level security. */
export const APP_ROLE = 'parasol_app';
/** The transaction-local setting the row-level security policies read. */
export const TENANT_SETTING = 'parasol.organization_id';

/** The statement that puts the rest of a transaction in a tenant's scope; `organization` is SQL (a placeholder or a literal). */
const enterTenantSql = (organization: string) =>
  `SELECT set_config('role', '${APP_ROLE}', true), set_config('${TENANT_SETTING}', ${organization}, true)`;

/**
 * The check of a principal taken from a cache: the statement that reads it again, and whether
 * its rows still say what the cache holds.
 */
export interface PrincipalCheck {
  sql: string;
  parameters: unknown[];
  holds(rows: unknown[]): boolean;
}

/** A read refused because the request's cached principal no longer holds: the request runs again. */
export class StalePrincipalError extends Error {
  constructor() {
    super('The caller changed while the request ran; it runs again');
    this.name = 'StalePrincipalError';
  }
}

/** A read of a query waiting to be sent in the next batch. */
interface PendingRead {
  sql: string;
  parameters: unknown[];
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/**
 * The database work of one API request. A mutation runs in one transaction, opened at the
 * first statement; a query's reads go in batches (see Db). Either way every statement runs as
 * APP_ROLE with the tenant set transaction-locally, so PostgreSQL's row-level security hides
 * every other organization's rows even from a query that forgot its filter.
 */
class RequestScope {
  constructor(readonly tally: StatementTally) {}

  organizationId: string | null = null;
  /**
   * A query (no mutation): its reads need no transaction of their own (each statement sees
   * what has committed, as under READ COMMITTED anyway), so they travel in batches.
   */
  readOnly = false;
  /** Reads waiting for the next batch to be sent. */
  pending: PendingRead[] = [];
  /** The next batch is due at the end of this turn of the event loop (setImmediate). */
  batchDue = false;
  /** The batch sent and not yet answered: the request's next one waits for it. */
  inFlight: Promise<void> | null = null;
  runner: QueryRunner | null = null;
  opening: Promise<QueryRunner> | null = null;
  /** Statements of one request run one after the other on its connection. */
  queue: Promise<unknown> = Promise.resolve();
  savepoints = 0;
  ended = false;
  /** Run once the transaction has committed (events, notifications). */
  afterCommit: (() => void)[] = [];
  /** The caller was authenticated from a cache: this re-reads it, sent with the first batch. */
  principalCheck: PrincipalCheck | null = null;
  /** The check failed: reads are refused until the request runs again with a fresh principal. */
  stale = false;
  /** The caller must be read from the database (a request run again, or one that writes). */
  freshPrincipal = false;
}

export class TenantScopeError extends Error {
  constructor() {
    super('Tenant-scoped data access without an organization in context');
    this.name = 'TenantScopeError';
  }
}

/**
 * Data access.
 *
 * - In an API request (`runInRequest`), statements go through the request's tenant
 *   transaction; without a tenant they fail (fail closed). `transaction(...)` there is a
 *   savepoint, so a failed mutation undoes its own writes and nothing else.
 * - Outside requests (the demo seeder, operator scripts, workers), statements run as the
 *   connection's own role, and `transaction(...)` opens a transaction that nested calls join.
 * - `system(...)` is for the few look-ups that must cross tenants before one is known
 *   (login by email, resolving a token): they never run inside a request's transaction.
 *
 * On the embedded database a statement on another pooled connection waits for an open
 * transaction to end, so inside a transaction only that transaction's connection is used.
 *
 * Round trips cost more than the statements in them (a socket write and a wake-up on each
 * side), so the reads of a query (`readOnlyRequest`) are sent in batches: every read asked
 * for in the same turn of the event loop (one level of the GraphQL answer: the children,
 * profiles and policies of every brand on it) goes in one simple-protocol message after
 * the `set_config` of the tenant scope. PostgreSQL runs such a message as one implicit
 * transaction, so the scope ends with it and an error rolls it back. Each read in it is
 * prepared once per pooled connection and run with EXECUTE (PreparedReads), so PostgreSQL
 * does not parse and plan the same statement on every request.
 */
@Injectable()
export class Db {
  private readonly requests = new AsyncLocalStorage<RequestScope>();
  private readonly ambient = new AsyncLocalStorage<EntityManager>();
  private readonly systemAfterCommit = new WeakMap<EntityManager, (() => void)[]>();
  private nestedSavepoints = 0;
  private readonly prepared = new PreparedReads();

  constructor(readonly dataSource: DataSource) {
    // Statements count for the request they are sent for, whatever else runs meanwhile.
    if (dataSource.logger instanceof StatementCounter) dataSource.logger.attributeWith(() => this.requests.getStore()?.tally ?? null);
  }

  /** Runs `next` (the rest of an HTTP request's handling) in a fresh request scope. */
  runInRequest<T>(next: () => T): T {
    return this.requests.run(new RequestScope(StatementCounter.forNewRequest()), next);
  }

  /** Binds the current request to its organization; called once the caller is authenticated. */
  enterTenant(organizationId: string): void {
    const scope = this.requests.getStore();
    if (!scope) return;
    if (scope.organizationId && scope.organizationId !== organizationId) throw new Error('Request already bound to another organization');
    scope.organizationId = organizationId;
  }

  /**
   * Marks the current request as a query: its reads are batched and need no transaction. A
   * write in it (`transaction()`) still gets the request transaction.
   */
  readOnlyRequest(): void {
    const scope = this.requests.getStore();
    if (scope && !scope.runner && !scope.opening) scope.readOnly = true;
  }

  /**
   * Whether the caller of the current request may be taken from a cache and checked later,
   * with the request's first batch of reads (`checkPrincipalLater`): only for a query, before
   * anything is sent, once per run of the request.
   */
  canCheckPrincipalLater(): boolean {
    const scope = this.requests.getStore();
    return !!scope && scope.readOnly && !scope.freshPrincipal && !scope.principalCheck && !scope.runner && !scope.opening && !scope.ended;
  }

  /** Sends `check` with the request's first batch; if it fails, every read of the request is refused (StalePrincipalError). */
  checkPrincipalLater(check: PrincipalCheck): void {
    const scope = this.requests.getStore();
    if (!scope || !this.canCheckPrincipalLater()) throw new Error('checkPrincipalLater() outside a query that has sent nothing');
    scope.principalCheck = check;
  }

  /**
   * Once a run of the request is over: sends the principal check if no read carried it, and
   * answers whether the caller held. False means the run's answer must be thrown away and the
   * request run again: the next run reads the caller afresh.
   */
  async settlePrincipal(): Promise<boolean> {
    const scope = this.requests.getStore();
    if (!scope) return true;
    // A batch still in flight may carry the check.
    await scope.inFlight;
    if (scope.principalCheck && !scope.stale) {
      if (!scope.organizationId) throw new TenantScopeError();
      await this.sendBatch(scope, []);
    }
    if (!scope.stale) return true;
    scope.stale = false;
    scope.principalCheck = null;
    scope.freshPrincipal = true;
    return false;
  }

  /**
   * Runs `work` outside the current request: work no request waits for (recording an API key's
   * use). It is not in the request's transaction or tenant scope, and its statements are not
   * counted as the request's (StatementCounter): they are sent, or not, by the clock.
   */
  outsideRequest<T>(work: () => T): T {
    return this.requests.exit(work);
  }

  /** Commits (or rolls back) the request's transaction and returns its connection. */
  async endRequest(commit: boolean): Promise<void> {
    const scope = this.requests.getStore();
    if (!scope || scope.ended) return;
    scope.ended = true;
    const runner = scope.runner ?? (scope.opening ? await scope.opening.catch(() => null) : null);
    if (!runner) return;
    try {
      await scope.queue.catch(() => undefined);
      if (runner.isTransactionActive) {
        if (commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
    if (commit) runAll(scope.afterCommit);
  }

  /**
   * Runs `effect` once the current work has committed, never if it rolls back: in a request,
   * after its transaction commits (a failed mutation's savepoint drops its effects); in a
   * transaction outside requests, after it commits; otherwise right away.
   */
  afterCommit(effect: () => void): void {
    const manager = this.ambient.getStore();
    const scope = this.requests.getStore();
    if (scope && (scope.runner || scope.opening)) scope.afterCommit.push(effect);
    else if (manager && this.systemAfterCommit.has(manager)) this.systemAfterCommit.get(manager)!.push(effect);
    else queueMicrotask(effect);
  }

  /** The rows of a statement; for INSERT, UPDATE and DELETE the rows of its RETURNING clause. */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const manager = this.ambient.getStore();
    if (manager?.queryRunner) return this.run<T>(manager.queryRunner, sql, parameters);
    const scope = this.requests.getStore();
    if (scope) {
      if (scope.readOnly) return this.batched<T>(scope, sql, parameters);
      const runner = await this.requestRunner(scope);
      const result = scope.queue.then(() => this.run<T>(runner, sql, parameters));
      scope.queue = result.catch(() => undefined);
      return result;
    }
    return this.systemQuery<T>(sql, parameters);
  }

  async queryOne<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, parameters);
    return rows[0];
  }

  /**
   * Runs `work` atomically: in a request, as a savepoint of its transaction; elsewhere in a
   * transaction of its own, or in the one already open in this async context.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.ambient.getStore();
    if (current) return work(current);
    const scope = this.requests.getStore();
    if (!scope) {
      const effects: (() => void)[] = [];
      const result = await this.dataSource.transaction((manager) => {
        this.systemAfterCommit.set(manager, effects);
        return this.ambient.run(manager, () => work(manager));
      });
      runAll(effects);
      return result;
    }

    // A write in a query (none is expected) gets the request transaction all the same.
    scope.readOnly = false;
    const runner = await this.requestRunner(scope);
    await scope.queue;
    const savepoint = `sp_${++scope.savepoints}`;
    const effectsBefore = scope.afterCommit.length;
    const done = (async () => {
      await runner.query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await this.ambient.run(runner.manager, () => work(runner.manager));
        await runner.query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await runner.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        scope.afterCommit.length = effectsBefore;
        throw error;
      }
    })();
    scope.queue = done.catch(() => undefined);
    return done;
  }

  /**
   * Runs `work` in a savepoint of the transaction already open: a failure undoes only its
   * writes and leaves the transaction usable (an import reports every bad line this way).
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const manager = this.ambient.getStore();
    if (!manager?.queryRunner) throw new Error('savepoint() needs an open transaction');
    const runner = manager.queryRunner;
    const name = `sp_nested_${++this.nestedSavepoints}`;
    await runner.query(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await runner.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }

  /** Cross-tenant look-ups that precede knowing the tenant. Never call inside a request's transaction. */
  async systemQuery<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await this.run<T>(runner, sql, parameters);
    } finally {
      await runner.release();
    }
  }

  private async run<T>(runner: QueryRunner, sql: string, parameters: unknown[]): Promise<T[]> {
    // TypeORM's manager.query answers UPDATE/DELETE with [rows, count]; the structured
    // result is the same shape for every statement.
    const result = await runner.query(sql, parameters, true);
    return result.records as T[];
  }

  /** A read of a query, sent with the others asked for in the same turn of the event loop. */
  private batched<T>(scope: RequestScope, sql: string, parameters: unknown[]): Promise<T[]> {
    if (!scope.organizationId) return Promise.reject(new TenantScopeError());
    if (scope.ended) return Promise.reject(new Error('The request has ended'));
    if (scope.stale) return Promise.reject(new StalePrincipalError());
    return new Promise<T[]>((resolve, reject) => {
      scope.pending.push({ sql, parameters, resolve: resolve as (rows: unknown[]) => void, reject });
      this.scheduleBatch(scope);
    });
  }

  /**
   * Sends the request's pending reads at the end of this turn of the event loop, once every
   * read the code could ask for without waiting on the database has been asked for, unless a
   * batch of the request is in flight: then they go when it has been answered and what its
   * answers set off has asked for its own reads too. One batch at a time, so how reads are
   * grouped follows from the query alone: were two in flight, their answers could arrive in
   * one turn of the event loop or in two (as the machine is busy or not) and the reads that
   * follow would go in one batch or in two.
   */
  private scheduleBatch(scope: RequestScope): void {
    if (scope.batchDue || scope.inFlight) return;
    scope.batchDue = true;
    setImmediate(() => {
      scope.batchDue = false;
      const reads = scope.pending.splice(0);
      if (reads.length === 0) return;
      const sent = this.sendBatch(scope, reads).catch((error: unknown) => {
        for (const read of reads) read.reject(error);
      });
      scope.inFlight = sent.then(() => {
        scope.inFlight = null;
        if (scope.pending.length > 0) this.scheduleBatch(scope);
      });
    });
  }

  /**
   * Sends reads in one message. If one fails the message is rolled back whole, so each read
   * is then sent on its own: every caller gets its own rows or its own error.
   */
  private async sendBatch(request: RequestScope, reads: PendingRead[], retry = true): Promise<void> {
    if (request.stale) {
      for (const read of reads) read.reject(new StalePrincipalError());
      return;
    }
    const check = request.principalCheck;
    if (check) {
      // The cached caller is read again first; if it changed, the reads after it are refused.
      request.principalCheck = null;
      const stale = () => void (request.stale = true);
      reads = [{ sql: check.sql, parameters: check.parameters, resolve: (rows) => void (check.holds(rows) || stale()), reject: stale }, ...reads];
    }
    const organizationId = request.organizationId!;
    let client: PoolClient;
    try {
      // Straight from the pool TypeORM made: a batch needs a connection, not a QueryRunner
      // with its EntityManager (two objects per batch nothing here uses).
      client = await this.pool().connect();
    } catch (error) {
      for (const read of reads) read.reject(error);
      return;
    }
    const full = this.prepared.isFull(client);
    if (full) this.prepared.forget(client);
    const prepares: string[] = [];
    const runs: string[] = [];
    const names = new Set<string>();
    const sendable: PendingRead[] = [];
    for (const read of reads) {
      try {
        const statements = this.prepared.statementsFor(client, read.sql, read.parameters, names);
        if (statements.prepare) prepares.push(statements.prepare);
        runs.push(statements.run);
        sendable.push(read);
      } catch (error) {
        read.reject(error);
      }
    }
    if (sendable.length === 0) return void client.release();
    const scope = enterTenantSql(literal(organizationId));
    const message = [...(full ? ['DEALLOCATE ALL'] : []), scope, ...prepares, ...runs];
    let results: QueryResult[] = [];
    let failure: unknown = null;
    try {
      request.tally.add([scope, ...sendable.map((read) => read.sql)]);
      const answer = (await client.query(message.join('\n;\n'))) as unknown as QueryResult | QueryResult[];
      results = Array.isArray(answer) ? answer : [answer];
      this.prepared.prepared(client, names);
    } catch (error) {
      failure = error;
      // PREPARE is not transactional: whatever the failed message prepared may still exist.
      // And a session that lost statements (or has unknown ones) is brought back to none.
      if (prepares.length || full || isSessionDrift(error)) {
        this.prepared.forget(client);
        await client.query('DEALLOCATE ALL').catch(() => undefined);
      }
    } finally {
      client.release();
    }
    if (failure) {
      if (sendable.length > 1) {
        for (const read of sendable) await this.sendBatch(request, [read]);
        return;
      }
      const [read] = sendable;
      // A statement PREPARE refuses goes with literals; a session whose prepared statements
      // were changed behind our back (26000, 42P05) has just been reset: one more try.
      if (this.prepared.refused(read.sql, failure) || (retry && isSessionDrift(failure))) return this.sendBatch(request, [read], false);
      read.reject(new QueryFailedError(read.sql, read.parameters, failure as Error));
      return;
    }
    const offset = results.length - runs.length;
    sendable.forEach((read, i) => (request.stale ? read.reject(new StalePrincipalError()) : read.resolve(results[offset + i].rows)));
  }

  /** TypeORM's pg pool (PostgresDriver.master). */
  private pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  private requestRunner(scope: RequestScope): Promise<QueryRunner> {
    if (scope.runner) return Promise.resolve(scope.runner);
    if (!scope.organizationId) return Promise.reject(new TenantScopeError());
    if (scope.ended) return Promise.reject(new Error('The request has ended'));
    if (scope.principalCheck || scope.stale) {
      // A write in a query whose caller came from the cache unchecked: the request runs again, reading the caller first.
      scope.stale = true;
      return Promise.reject(new StalePrincipalError());
    }
    const organizationId = scope.organizationId;
    scope.opening ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query(enterTenantSql('$1'), [organizationId]);
      } catch (error) {
        await runner.release();
        throw error;
      }
      scope.runner = runner;
      return runner;
    })();
    return scope.opening;
  }
}

/** SQLSTATE of a prepared statement that is missing (26000) or already there (42P05). */
const isSessionDrift = (error: unknown) => ['26000', '42P05'].includes(pgErrorCode(error) ?? '');

function runAll(effects: (() => void)[]): void {
  for (const effect of effects.splice(0)) {
    try {
      effect();
    } catch {
      // An effect after commit must not undo or fail what committed.
    }
  }
}
