import { createHash } from 'node:crypto';
import { executeArguments, inlineParameters } from './inline-parameters';
import { pgErrorCode } from './pg-errors';

/**
 * SQLSTATEs with which PREPARE refuses a statement that runs fine with literals: a parameter
 * of no inferable type (42P18) or of two (42P08), a statement PREPARE does not take (42601,
 * 0A000). Such a statement is sent with literals from then on.
 */
const NOT_PREPARABLE = new Set(['42P18', '42P08', '42601', '0A000']);

/** Statements kept prepared per session before they are all deallocated and prepared anew. */
const MAX_PER_SESSION = 200;
const MAX_SHAPES = 2_000;

/** One read as it goes in a batched message. */
export interface ReadStatements {
  /** `PREPARE <name> AS <sql>`, when the session has not prepared the statement yet. */
  prepare: string | null;
  /** `EXECUTE <name>(<literals>)`, or the statement with its parameters as literals. */
  run: string;
}

/**
 * Statements of batched reads prepared once per database session (SQL PREPARE), then run with
 * EXECUTE: PostgreSQL parses, analyses and (once it judges a generic plan as good as a custom
 * one) plans a statement once per pooled connection instead of on every request. A batch is
 * one simple-protocol message, where the extended protocol's named statements cannot go, so
 * the SQL commands are used.
 *
 * What each session has prepared is tracked here. PREPARE is not transactional: when a
 * message fails, what it prepared may or may not exist, so the caller deallocates everything
 * on that session (`forget`) and the next batch prepares again.
 */
export class PreparedReads {
  /** Statement name per SQL text; null for a statement PREPARE refused. */
  private readonly names = new Map<string, string | null>();
  private readonly sessions = new WeakMap<object, Set<string>>();

  /**
   * @param enabled false behind a pooler in transaction mode (DATABASE_POOLER=transaction): a
   * pooled connection is then a different server session from one message to the next, so
   * what one message prepared is missing, or already there, in the next. Every read then goes
   * with its parameters as literals, as a statement PREPARE refuses does.
   */
  constructor(private readonly enabled = true) {}

  /** The statements that run `sql` with `parameters` on `session`; `batch` holds the names the message prepares so far. */
  statementsFor(session: object, sql: string, parameters: readonly unknown[], batch: Set<string>): ReadStatements {
    const name = this.enabled ? this.nameOf(sql) : null;
    if (!name) return { prepare: null, run: inlineParameters(sql, parameters) };
    const run = `EXECUTE ${name}${executeArguments(sql, parameters)}`;
    if (this.preparedOn(session).has(name) || batch.has(name)) return { prepare: null, run };
    batch.add(name);
    return { prepare: `PREPARE ${name} AS ${sql}`, run };
  }

  /**
   * Whether `session` has so many statements prepared that the next message should begin with
   * `DEALLOCATE ALL` (the caller then calls `forget` once it has been sent).
   */
  isFull(session: object): boolean {
    return this.preparedOn(session).size >= MAX_PER_SESSION;
  }

  /** Records what a message that succeeded prepared on `session`. */
  prepared(session: object, names: Iterable<string>): void {
    const known = this.preparedOn(session);
    for (const name of names) known.add(name);
  }

  /** Forgets what `session` has prepared (after a DEALLOCATE ALL, or a failed message). */
  forget(session: object): void {
    this.sessions.delete(session);
  }

  /** Whether `error` is PREPARE refusing `sql`; if so the statement is sent with literals from now on. */
  refused(sql: string, error: unknown): boolean {
    const code = pgErrorCode(error);
    if (!code || !NOT_PREPARABLE.has(code) || !this.names.get(sql)) return false;
    this.names.set(sql, null);
    return true;
  }

  private nameOf(sql: string): string | null {
    let name = this.names.get(sql);
    if (name === undefined) {
      name = `parasol_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
      if (this.names.size >= MAX_SHAPES) this.names.clear();
      this.names.set(sql, name);
    }
    return name;
  }

  private preparedOn(session: object): Set<string> {
    let known = this.sessions.get(session);
    if (!known) this.sessions.set(session, (known = new Set()));
    return known;
  }
}
