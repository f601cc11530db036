import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { GuardFailedError, RequestGuard } from './first-batch-guard';
import { enterTenantSql, TenantScopeError } from './tenant';

/** The transaction of one API request, opened at its first statement and ended with the request. */
export class RequestTransaction {
  /** Its connection, once BEGIN and the tenant scope have been sent. */
  runner: QueryRunner | null = null;
  /** Opening it: set by the first statement, so that the ones asked for meanwhile wait for the same connection. */
  opening: Promise<QueryRunner> | null = null;
  /** Statements of one request run one after the other on its connection. */
  queue: Promise<unknown> = Promise.resolve();
  /** Savepoints taken so far: each `transaction()` of the request gets a name of its own. */
  savepoints = 0;
  /** Run once the transaction has committed (events, notifications). */
  readonly afterCommit: (() => void)[] = [];

  /** Whether the first statement has asked for it (it may still be opening). */
  get begun(): boolean {
    return !!(this.runner || this.opening);
  }
}

/** What the runner needs of the request it runs for (a RequestScope). */
export interface TransactedRequest {
  readonly organizationId: string | null;
  readonly ended: boolean;
  /** Cleared by `transaction(...)`: the request's statements go through its transaction from then on. */
  readOnly: boolean;
  readonly guard: RequestGuard;
  readonly transaction: RequestTransaction;
}

/**
 * Transactions, and what runs once they commit.
 *
 * - In an API request, its transaction (RequestTransaction) runs every statement as APP_ROLE
 *   with the tenant set transaction-locally; `transaction(...)` there is a savepoint, so a
 *   failed mutation undoes its own writes and nothing else.
 * - Outside requests (the demo seeder, operator scripts, workers), `transaction(...)` opens a
 *   transaction of its own that nested calls join, as the connection's own role.
 * - `savepoint(...)` inside either undoes only its own writes on failure.
 */
export class TransactionRunner {
  /** The transaction `transaction(...)` opened in this async context, for the statements of its work. */
  private readonly ambient = new AsyncLocalStorage<EntityManager>();
  private readonly systemAfterCommit = new WeakMap<EntityManager, (() => void)[]>();
  private nestedSavepoints = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** The connection of the transaction open in this async context (`transaction`, `savepoint`), if any. */
  current(): QueryRunner | undefined {
    return this.ambient.getStore()?.queryRunner;
  }

  /** A statement in the request's transaction, after the request's statements before it. */
  async inRequest<T>(request: TransactedRequest, sql: string, parameters: unknown[]): Promise<T[]> {
    const runner = await this.requestRunner(request);
    const state = request.transaction;
    const result = state.queue.then(() => runOn<T>(runner, sql, parameters));
    state.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs `work` atomically: in a request, as a savepoint of its transaction; elsewhere in a
   * transaction of its own, or in the one already open in this async context.
   */
  async transaction<T>(request: TransactedRequest | undefined, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.ambient.getStore();
    if (current) return work(current);
    if (!request) {
      const effects: (() => void)[] = [];
      const result = await this.dataSource.transaction((manager) => {
        this.systemAfterCommit.set(manager, effects);
        return this.ambient.run(manager, () => work(manager));
      });
      runAll(effects);
      return result;
    }

    // A write in a query (none is expected) gets the request transaction all the same.
    request.readOnly = false;
    const runner = await this.requestRunner(request);
    const state = request.transaction;
    await state.queue;
    const savepoint = `sp_${++state.savepoints}`;
    const effectsBefore = state.afterCommit.length;
    const done = (async () => {
      await runner.query(`SAVEPOINT ${savepoint}`);
      try {
        const result = await this.ambient.run(runner.manager, () => work(runner.manager));
        await runner.query(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await runner.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
        state.afterCommit.length = effectsBefore;
        throw error;
      }
    })();
    state.queue = done.catch(() => undefined);
    return done;
  }

  /**
   * Runs `work` in a savepoint of the transaction already open: a failure undoes only its
   * writes and leaves the transaction usable (an import reports every bad line this way).
   */
  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const runner = this.current();
    if (!runner) throw new Error('savepoint() needs an open transaction');
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

  /**
   * Runs `effect` once the current work has committed, never if it rolls back: in a request,
   * after its transaction commits (a failed mutation's savepoint drops its effects); in a
   * transaction outside requests, after it commits; otherwise right away.
   */
  afterCommit(request: TransactedRequest | undefined, effect: () => void): void {
    const manager = this.ambient.getStore();
    if (request?.transaction.begun) request.transaction.afterCommit.push(effect);
    else if (manager && this.systemAfterCommit.has(manager)) this.systemAfterCommit.get(manager)!.push(effect);
    else queueMicrotask(effect);
  }

  /** Commits (or rolls back) the request's transaction, if it was opened, and returns its connection. */
  async end(state: RequestTransaction, commit: boolean): Promise<void> {
    const runner = state.runner ?? (state.opening ? await state.opening.catch(() => null) : null);
    if (!runner) return;
    try {
      await state.queue.catch(() => undefined);
      if (runner.isTransactionActive) {
        if (commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
    if (commit) runAll(state.afterCommit);
  }

  /** A statement on a pooled connection of its own, as the connection's role: never inside a request's transaction. */
  async systemQuery<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      return await runOn<T>(runner, sql, parameters);
    } finally {
      await runner.release();
    }
  }

  private requestRunner(request: TransactedRequest): Promise<QueryRunner> {
    const state = request.transaction;
    if (state.runner) return Promise.resolve(state.runner);
    if (!request.organizationId) return Promise.reject(new TenantScopeError());
    if (request.ended) return Promise.reject(new Error('The request has ended'));
    // A write in a query whose guard has not confirmed what it started from (a caller taken
    // from a cache, unchecked): the request runs again, unguarded, and then writes.
    if (!request.guard.allowsWrite()) return Promise.reject(new GuardFailedError());
    const organizationId = request.organizationId;
    state.opening ??= (async () => {
      const runner = this.dataSource.createQueryRunner();
      try {
        await runner.startTransaction();
        await runner.query(enterTenantSql('$1'), [organizationId]);
      } catch (error) {
        await runner.release();
        throw error;
      }
      state.runner = runner;
      return runner;
    })();
    return state.opening;
  }
}

/** The rows of a statement on `runner`; for INSERT, UPDATE and DELETE the rows of its RETURNING clause. */
export async function runOn<T>(runner: QueryRunner, sql: string, parameters: unknown[]): Promise<T[]> {
  // TypeORM's manager.query answers UPDATE/DELETE with [rows, count]; the structured
  // result is the same shape for every statement.
  const result = await runner.query(sql, parameters, true);
  return result.records as T[];
}

function runAll(effects: (() => void)[]): void {
  for (const effect of effects.splice(0)) {
    try {
      effect();
    } catch {
      // An effect after commit must not undo or fail what committed.
    }
  }
}
