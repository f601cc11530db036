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

/** The guard of one request, from the moment it is set to the end of the request's run. */
export class RequestGuard {
  /** Set and not yet sent: it goes with the next batch. */
  waiting: FirstBatchGuard | null = null;
  /** It failed: the request's reads are refused until it runs again. */
  failed = false;
  /** A request run again after its guard failed: what it starts from is read afresh, never guarded again. */
  unguarded = false;

  /** Whether a guard may still be set: none is set yet in this run, and this run is not one run again. */
  get available(): boolean {
    return !this.waiting && !this.unguarded;
  }

  /** The guard to send with the batch about to go (null if none waits): from now on the batch's answer decides. */
  take(): FirstBatchGuard | null {
    const guard = this.waiting;
    this.waiting = null;
    return guard;
  }

  /**
   * Whether a write may begin: not while a guard waits unsent or has failed, for the write
   * would rest on what the guard has not confirmed. If not, the guard counts as failed, so
   * the request runs again, unguarded, and then writes.
   */
  allowsWrite(): boolean {
    if (!this.waiting && !this.failed) return true;
    this.failed = true;
    return false;
  }

  /**
   * Once a run of the request is over (its guard sent): true if the guard held or there was
   * none; false if the run's answer must be thrown away, and then the next run is unguarded.
   */
  settle(): boolean {
    if (!this.failed) return true;
    this.failed = false;
    this.waiting = null;
    this.unguarded = true;
    return false;
  }
}
