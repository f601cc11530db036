import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';

/** The statements and round trips of the API requests begun since one `StatementCounter.reset()`. */
export class StatementTally {
  statements = 0;
  roundTrips = 0;
  readonly log: string[] = [];

  /** Statements sent in one message (one round trip). */
  add(statements: readonly string[]): void {
    this.statements += statements.length;
    this.roundTrips += 1;
    if (StatementCounter.recording) this.log.push(...statements);
  }
}

/**
 * TypeORM logger that counts every statement an API request sends to the database (BEGIN
 * and COMMIT included) and forwards errors and slow queries to the given sink. Tests read the
 * count to prove that a request costs the same number of statements whatever the data size.
 *
 * A statement counts for the request it is sent for (Db tells which), into the tally that
 * was current when that request began. So a count is what the requests made after
 * `reset()` sent, and nothing else: not a statement of a request still running from before
 * (a test that timed out, a response the client gave up on), not the test's own set-up
 * statements, not a background worker's. However slow the machine, the same requests give
 * the same count.
 */
export class StatementCounter extends AbstractLogger {
  private static current = new StatementTally();
  /** Keep the text of each statement (`statements`), for tests that look at which were sent. */
  static recording = false;

  /** Starts a new count: requests begun from now on count into it. */
  static reset(): void {
    StatementCounter.current = new StatementTally();
  }

  /** The tally a request beginning now counts into (Db.runInRequest). */
  static forNewRequest(): StatementTally {
    return StatementCounter.current;
  }

  static get roundTrips(): number {
    return StatementCounter.current.roundTrips;
  }

  static get total(): number {
    return StatementCounter.current.statements;
  }

  static get statements(): readonly string[] {
    return StatementCounter.current.log;
  }

  /** Which request's tally a statement sent now belongs to; null outside API requests (see Db). */
  private tallyOfCurrentRequest: () => StatementTally | null = () => null;

  constructor(private readonly sink: (level: 'warn' | 'error', message: string) => void = () => undefined) {
    super(['query', 'error', 'warn']);
  }

  /** Called by Db, which knows the request the code runs for. */
  attributeWith(tallyOfCurrentRequest: () => StatementTally | null): void {
    this.tallyOfCurrentRequest = tallyOfCurrentRequest;
  }

  override logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.tallyOfCurrentRequest()?.add([query]);
  }

  /** A failed statement reaches the caller as an error; the error formatter decides what to log. */
  override logQueryError(): void {}

  protected writeLog(level: LogLevel, logMessage: LogMessage | LogMessage[]): void {
    if (level !== 'error' && level !== 'warn') return;
    for (const message of Array.isArray(logMessage) ? logMessage : [logMessage]) {
      this.sink(level, String(message.message));
    }
  }
}
