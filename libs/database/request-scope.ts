import { RequestGuard } from './first-batch-guard';
import { ReadingRequest, ReadQueue } from './read-batcher';
import type { StatementTally } from './statement-counter';
import { RequestTransaction, TransactedRequest } from './transaction-runner';

/**
 * The database work of one API request. A mutation runs in one transaction, opened at the
 * first statement (TransactionRunner); a query's reads go in batches (ReadBatcher). Either way
 * every statement runs as APP_ROLE with the tenant set transaction-locally, so PostgreSQL's
 * row-level security hides every other organization's rows even from a query that forgot its
 * filter.
 *
 * Its own state is what says which of those applies; the rest is grouped with the piece
 * that uses it: the reads' queue, the transaction, the first batch's guard.
 */
export class RequestScope implements ReadingRequest, TransactedRequest {
  /** The tenant, once the caller is authenticated (Db.enterTenant); without it every statement fails. */
  organizationId: string | null = null;
  /** A query (no mutation): its reads travel in batches and need no transaction. */
  readOnly = false;
  /** Its transaction has ended (Db.endRequest): statements are refused. */
  ended = false;

  readonly reads = new ReadQueue();
  /** Replaced by a fresh one when the request commits what it wrote so far (Db.commitSoFar). */
  transaction = new RequestTransaction();
  readonly guard = new RequestGuard();

  /** @param tally where its statements are counted (StatementCounter) */
  constructor(readonly tally: StatementTally) {}
}
