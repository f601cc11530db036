import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { Pool } from 'pg';
import { PARASOL_CONFIG, type ParasolConfig } from '../config';
import { FirstBatchGuard } from './first-batch-guard';
import { ReadBatcher } from './read-batcher';
import { RequestScope } from './request-scope';
import { StatementCounter } from './statement-counter';
import { RequestTransaction, runOn, TransactionRunner } from './transaction-runner';

/** Where a statement runs; see `Db.route`. */
type Route =
  | { to: 'open transaction'; runner: QueryRunner }
  | { to: 'batch'; request: RequestScope }
  | { to: 'request transaction'; request: RequestScope }
  | { to: 'own connection' };

/**
 * Data access.
 *
 * - In an API request (`runInRequest`), statements go through the request's tenant
 *   transaction, or for a query (`readOnlyRequest`) in batches of reads (ReadBatcher); without
 *   a tenant they fail (fail closed). `transaction(...)` there is a savepoint, so a failed
 *   mutation undoes its own writes and nothing else (TransactionRunner).
 * - Outside requests (the demo seeder, operator scripts, workers), statements run as the
 *   connection's own role, and `transaction(...)` opens a transaction that nested calls join.
 * - `systemQuery(...)` is for the few look-ups that must cross tenants before one is known
 *   (login by email, resolving a token): they never run inside a request's transaction.
 * - A query may send a guard with its first batch (`guardFirstBatch`): if it fails, the
 *   request runs again (`settleGuard`).
 */
@Injectable()
export class Db {
  private readonly requests = new AsyncLocalStorage<RequestScope>();
  private readonly transactions: TransactionRunner;
  private readonly batcher: ReadBatcher;

  constructor(
    readonly dataSource: DataSource,
    @Optional() @Inject(PARASOL_CONFIG) config?: Pick<ParasolConfig, 'databasePooler'>,
  ) {
    this.transactions = new TransactionRunner(dataSource);
    // TypeORM's pg pool (PostgresDriver.master). Behind a pooler in transaction mode no session
    // outlives a transaction, so reads are not prepared per session (docs/guide/pgbouncer.md).
    const prepare = config?.databasePooler !== 'transaction';
    this.batcher = new ReadBatcher(() => (dataSource.driver as unknown as { master: Pool }).master, prepare);
    // Statements count for the request they are sent for, whatever else runs meanwhile.
    if (dataSource.logger instanceof StatementCounter) dataSource.logger.attributeWith(() => this.requests.getStore()?.tally ?? null);
  }

  /** Runs `next` (the rest of an HTTP request's handling) in a fresh request scope. */
  runInRequest<T>(next: () => T): T {
    return this.requests.run(new RequestScope(StatementCounter.forNewRequest()), next);
  }

  /**
   * Runs `work` as a read-only request of `organizationId`, as a query runs: its reads go in
   * batches, as APP_ROLE in that tenant's row-level-security scope (no tenant: they fail). For
   * reads no HTTP request carries: a subscription's start and each of its events. A write in it
   * gets a request transaction, committed at the end like a mutation's.
   */
  async readAsTenant<T>(organizationId: string | null, work: () => Promise<T>): Promise<T> {
    return this.runInRequest(async () => {
      if (organizationId) this.enterTenant(organizationId);
      this.readOnlyRequest();
      // Nothing would run the work again if a guard failed (Db.settleGuard is the HTTP path's).
      this.requests.getStore()!.guard.forgo();
      let done = false;
      try {
        const result = await work();
        done = true;
        return result;
      } finally {
        await this.endRequest(done);
      }
    });
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
    if (scope && !scope.transaction.begun) scope.readOnly = true;
  }

  /**
   * Whether the current request may send a guard with its first batch of reads
   * (`guardFirstBatch`): only a query, before its transaction (if any) is opened, once per
   * run of the request and never in a run after a failed guard.
   */
  canGuardFirstBatch(): boolean {
    const scope = this.requests.getStore();
    return !!scope && scope.readOnly && scope.guard.available && !scope.transaction.begun && !scope.ended;
  }

  /** Sends `guard` with the request's first batch; if it fails, every read of the request is refused (GuardFailedError). */
  guardFirstBatch(guard: FirstBatchGuard): void {
    const scope = this.requests.getStore();
    if (!scope || !this.canGuardFirstBatch()) throw new Error('guardFirstBatch() outside a query that has sent nothing');
    scope.guard.set(guard);
  }

  /**
   * Once a run of the request is over: sends the guard if no read carried it, and answers
   * whether it held. False means the run's answer must be thrown away and the request run
   * again: the next run is not guarded, so it reads afresh what the guard stood for.
   */
  async settleGuard(): Promise<boolean> {
    const scope = this.requests.getStore();
    if (!scope) return true;
    await this.batcher.sendGuard(scope);
    return scope.guard.settle();
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
    await this.transactions.end(scope.transaction, commit);
  }

  /**
   * Commits what the current request has written so far, for work that must not happen inside
   * a transaction: a call to a social network, recorded (and committed) before it is made
   * (docs/guide/posts-and-approvals.md, "Publishing"). The request's next statement opens a new
   * transaction; effects waiting for the commit run now. Refused inside a request's
   * `transaction()`, whose savepoint cannot be committed alone. Outside requests each
   * `transaction()` commits on its own, so there is nothing to do; inside one (the demo seeder
   * seeds all or nothing) its work stays in it.
   */
  async commitSoFar(): Promise<void> {
    const scope = this.requests.getStore();
    if (!scope || scope.ended) return;
    if (this.transactions.current()) throw new Error('commitSoFar() inside transaction(): return from it first');
    await this.transactions.end(scope.transaction, true);
    scope.transaction = new RequestTransaction();
  }

  /**
   * Runs `effect` once the current work has committed, never if it rolls back: in a request,
   * after its transaction commits (a failed mutation's savepoint drops its effects); in a
   * transaction outside requests, after it commits; otherwise right away.
   */
  afterCommit(effect: () => void): void {
    this.transactions.afterCommit(this.requests.getStore(), effect);
  }

  /** The rows of a statement; for INSERT, UPDATE and DELETE the rows of its RETURNING clause. */
  async query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    const route = this.route();
    switch (route.to) {
      case 'open transaction':
        return runOn<T>(route.runner, sql, parameters);
      case 'batch':
        return this.batcher.read<T>(route.request, sql, parameters);
      case 'request transaction':
        return this.transactions.inRequest<T>(route.request, sql, parameters);
      case 'own connection':
        return this.systemQuery<T>(sql, parameters);
    }
  }

  async queryOne<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T | undefined> {
    const rows = await this.query<T>(sql, parameters);
    return rows[0];
  }

  /**
   * Runs `work` atomically: in a request, as a savepoint of its transaction; elsewhere in a
   * transaction of its own, or in the one already open in this async context.
   */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transactions.transaction(this.requests.getStore(), work);
  }

  /**
   * Runs `work` in a savepoint of the transaction already open: a failure undoes only its
   * writes and leaves the transaction usable (an import reports every bad line this way).
   */
  savepoint<T>(work: () => Promise<T>): Promise<T> {
    return this.transactions.savepoint(work);
  }

  /** Cross-tenant look-ups that precede knowing the tenant. Never call inside a request's transaction. */
  systemQuery<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.transactions.systemQuery<T>(sql, parameters);
  }

  /**
   * Where a statement runs: decided here and only here, the first that applies.
   * 1. Inside `transaction(...)` or `savepoint(...)`: on that transaction's connection. On the
   *    embedded database a statement on another pooled connection waits for an open
   *    transaction to end, so inside a transaction only that transaction's connection is used.
   * 2. In a query's request: in the request's next batch of reads.
   * 3. In any other request: in the request's transaction, opened at its first statement.
   * 4. Outside requests: on a pooled connection of its own, as the connection's role.
   */
  private route(): Route {
    const runner = this.transactions.current();
    if (runner) return { to: 'open transaction', runner };
    const request = this.requests.getStore();
    if (!request) return { to: 'own connection' };
    return request.readOnly ? { to: 'batch', request } : { to: 'request transaction', request };
  }
}
