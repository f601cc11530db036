import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';

/**
 * TypeORM logger that counts every statement sent to the database (BEGIN and COMMIT
 * included) and forwards errors and slow queries to the given sink. Tests read the count to
 * prove that a request costs the same number of statements whatever the data size.
 */
export class StatementCounter extends AbstractLogger {
  private static count = 0;
  private static trips = 0;
  private static readonly log: string[] = [];
  static recording = false;

  static reset(): void {
    StatementCounter.count = 0;
    StatementCounter.trips = 0;
    StatementCounter.log.length = 0;
  }

  /** Statements sent together in one message (Db's batched reads): each counts, in one round trip. */
  static recordBatch(statements: readonly string[]): void {
    StatementCounter.count += statements.length;
    StatementCounter.trips += 1;
    if (StatementCounter.recording) StatementCounter.log.push(...statements);
  }

  /** Messages sent to the database: a batch is one. */
  static get roundTrips(): number {
    return StatementCounter.trips;
  }

  static get total(): number {
    return StatementCounter.count;
  }

  static get statements(): readonly string[] {
    return StatementCounter.log;
  }

  constructor(private readonly sink: (level: 'warn' | 'error', message: string) => void = () => undefined) {
    super(['query', 'error', 'warn']);
  }

  override logQuery(query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    StatementCounter.count += 1;
    StatementCounter.trips += 1;
    if (StatementCounter.recording) StatementCounter.log.push(query);
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
