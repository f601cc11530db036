import type { Pool, PoolClient, QueryResult } from 'pg';
import { QueryFailedError } from 'typeorm';
import { GuardFailedError, RequestGuard } from './first-batch-guard';
import { literal } from './inline-parameters';
import { pgErrorCode } from './pg-errors';
import { PreparedReads } from './prepared-reads';
import type { StatementTally } from './statement-counter';
import { enterTenantSql, TenantScopeError } from './tenant';

/** A read of a query waiting to be sent in the next batch. */
interface PendingRead {
  sql: string;
  parameters: unknown[];
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** The reads of one request: those waiting for a batch, and the batch on its way. */
export class ReadQueue {
  /** Reads waiting for the next batch to be sent. */
  readonly pending: PendingRead[] = [];
  /** The next batch is due at the end of this turn of the event loop (setImmediate). */
  due = false;
  /** The batch sent and not yet answered: the request's next one waits for it. */
  inFlight: Promise<void> | null = null;
}

/** What the batcher needs of the request it reads for (a RequestScope). */
export interface ReadingRequest {
  readonly tally: StatementTally;
  readonly organizationId: string | null;
  readonly ended: boolean;
  readonly reads: ReadQueue;
  readonly guard: RequestGuard;
}

/**
 * The reads of queries, in batches. Round trips cost more than the statements in them (a
 * socket write and a wake-up on each side), so every read asked for in the same turn of the
 * event loop (one level of the GraphQL answer: the children, profiles and policies of every
 * brand on it) goes in one simple-protocol message after the `set_config` of the tenant scope.
 * PostgreSQL runs such a message as one implicit transaction, so the scope ends with it and an
 * error rolls it back. Each read in it is prepared once per pooled connection and run with
 * EXECUTE (PreparedReads), so PostgreSQL does not parse and plan the same statement on every
 * request. A query's reads need no transaction of their own: each statement sees what has
 * committed, as under READ COMMITTED anyway.
 *
 * The request's first batch also carries its guard, if one was set (FirstBatchGuard): first
 * in the message, so when it fails, the reads after it are refused.
 */
export class ReadBatcher {
  private readonly prepared: PreparedReads;

  /**
   * @param pool the pg pool TypeORM made (PostgresDriver.master)
   * @param prepare whether reads are prepared per session (false behind a transaction pooler)
   */
  constructor(
    private readonly pool: () => Pool,
    prepare = true,
  ) {
    this.prepared = new PreparedReads(prepare);
  }

  /** A read of a query, sent with the others asked for in the same turn of the event loop. */
  read<T>(request: ReadingRequest, sql: string, parameters: unknown[]): Promise<T[]> {
    if (!request.organizationId) return Promise.reject(new TenantScopeError());
    if (request.ended) return Promise.reject(new Error('The request has ended'));
    if (request.guard.failed) return Promise.reject(new GuardFailedError());
    return new Promise<T[]>((resolve, reject) => {
      request.reads.pending.push({ sql, parameters, resolve: resolve as (rows: unknown[]) => void, reject });
      this.schedule(request);
    });
  }

  /** Sends the request's guard on its own if no batch has carried it (a run that read nothing), once the batch in flight is answered. */
  async sendGuard(request: ReadingRequest): Promise<void> {
    // A batch still in flight may carry the guard.
    await request.reads.inFlight;
    if (!request.guard.waiting) return;
    if (!request.organizationId) throw new TenantScopeError();
    await this.send(request, []);
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
  private schedule(request: ReadingRequest): void {
    const queue = request.reads;
    if (queue.due || queue.inFlight) return;
    queue.due = true;
    setImmediate(() => {
      queue.due = false;
      const reads = queue.pending.splice(0);
      if (reads.length === 0) return;
      const sent = this.send(request, reads).catch((error: unknown) => {
        for (const read of reads) read.reject(error);
      });
      queue.inFlight = sent.then(() => {
        queue.inFlight = null;
        if (queue.pending.length > 0) this.schedule(request);
      });
    });
  }

  /**
   * Sends reads in one message. If one fails the message is rolled back whole, so each read
   * is then sent on its own: every caller gets its own rows or its own error.
   */
  private async send(request: ReadingRequest, reads: PendingRead[], retry = true): Promise<void> {
    const guard = request.guard;
    if (guard.failed) {
      for (const read of reads) read.reject(new GuardFailedError());
      return;
    }
    const check = guard.take();
    if (check) {
      // The guard goes first; if it does not hold, the reads after it are refused.
      const fail = () => guard.fail();
      reads = [{ sql: check.sql, parameters: check.parameters, resolve: (rows) => void (check.holds(rows) || fail()), reject: fail }, ...reads];
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
        for (const read of sendable) await this.send(request, [read]);
        return;
      }
      const [read] = sendable;
      // A statement PREPARE refuses goes with literals; a session whose prepared statements
      // were changed behind our back (26000, 42P05) has just been reset: one more try.
      if (this.prepared.refused(read.sql, failure) || (retry && isSessionDrift(failure))) return this.send(request, [read], false);
      read.reject(new QueryFailedError(read.sql, read.parameters, failure as Error));
      return;
    }
    const offset = results.length - runs.length;
    sendable.forEach((read, i) => (guard.failed ? read.reject(new GuardFailedError()) : read.resolve(results[offset + i].rows)));
  }
}

/** SQLSTATE of a prepared statement that is missing (26000) or already there (42P05). */
const isSessionDrift = (error: unknown) => ['26000', '42P05'].includes(pgErrorCode(error) ?? '');
