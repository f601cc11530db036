/**
 * A statement sent in the same message as a request's first batch of reads, whose rows say
 * whether what the request started from still holds. It saves the round trip a check made
 * before the reads would cost; the price is that when it fails, the request's answers are
 * thrown away and the request runs again (Db.settleGuard). The database layer does not know
 * what is guarded: src/identity re-reads a caller taken from its cache this way.
 */
export interface FirstBatchGuard {
  sql: string;
  parameters: unknown[];
  /** Whether the guard's rows say the request may keep what it started from. */
  holds(rows: unknown[]): boolean;
}

/** A statement refused because the request's guard failed (or was not yet sent): the request runs again. */
export class GuardFailedError extends Error {
  constructor() {
    super('What the request started from changed while it ran; it runs again');
    this.name = 'GuardFailedError';
  }
}

/**
 * The guard of one request's run: none yet (`open`, and again once one has been sent), one
 * waiting for the next batch, `failed` (the request's reads are refused until it runs
 * again), or `unguarded`: a run after a failed guard, which reads afresh what the guard stood
 * for and is never guarded again.
 */
export class RequestGuard {
  private state: 'open' | FirstBatchGuard | 'failed' | 'unguarded' = 'open';

  /** Whether a guard may be set now. */
  get available(): boolean {
    return this.state === 'open';
  }

  set(guard: FirstBatchGuard): void {
    if (this.state !== 'open') throw new Error('A guard is already set for this run of the request');
    this.state = guard;
  }

  /** Set and not yet sent: it goes with the next batch. */
  get waiting(): boolean {
    return typeof this.state === 'object';
  }

  get failed(): boolean {
    return this.state === 'failed';
  }

  /** Its statement said no (or could not be read): the run's answer will be thrown away. */
  fail(): void {
    this.state = 'failed';
  }

  /** The guard to send with the batch about to go (null if none waits): from now on the batch's answer decides. */
  take(): FirstBatchGuard | null {
    if (typeof this.state !== 'object') return null;
    const guard = this.state;
    this.state = 'open';
    return guard;
  }

  /**
   * Whether a write may begin: not while a guard waits unsent or has failed, for the write
   * would rest on what the guard has not confirmed. If not, the guard counts as failed, so
   * the request runs again, unguarded, and then writes.
   */
  allowsWrite(): boolean {
    if (!this.waiting && !this.failed) return true;
    this.fail();
    return false;
  }

  /** For work that cannot run again (a subscription's event): never guarded, every read made afresh. */
  forgo(): void {
    this.state = 'unguarded';
  }

  /**
   * Once a run of the request is over (its guard sent): true if the guard held or there was
   * none; false if the run's answer must be thrown away, and then the next run is unguarded.
   */
  settle(): boolean {
    if (!this.failed) return true;
    this.state = 'unguarded';
    return false;
  }
}
