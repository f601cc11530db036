import { Inject, Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { BoundedQueue, QueueFullError, TaskAbandonedError, UnauthenticatedError } from '../../libs/core';

/** Refused at once because as many verifications wait as the queue takes: the client should come back shortly. */
const busy = () =>
  new UnauthenticatedError('Too many sign-ins are being checked right now; try again in a moment', {
    reason: 'BUSY',
    retryAfter: 1,
    http: { status: 503, headers: new Map([['retry-after', '1']]) },
  });

/**
 * argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes): slow on purpose, so every
 * hash and verification runs through one bounded queue (PASSWORD_HASH_CONCURRENCY at a time,
 * PASSWORD_HASH_QUEUE waiting). A flood of logins then costs those few cores and a short wait;
 * a verification beyond the queue is refused at once (BUSY) rather than piling up.
 */
@Injectable()
export class PasswordHasher {
  // Verified against when the email is unknown, so both failures take the same time.
  private readonly decoy = argon2.hash('parasol-decoy-password');
  /** Exposed for tests and diagnostics (how many run, how many wait). */
  readonly queue: BoundedQueue;

  constructor(@Inject(PARASOL_CONFIG) config: ParasolConfig) {
    this.queue = new BoundedQueue(config.login.hashConcurrency, config.login.hashQueue);
  }

  /** Hashing is for callers already authenticated (or the service itself): it waits its turn, never refused. */
  hash(password: string): Promise<string> {
    return this.queue.run(() => argon2.hash(password, { type: argon2.argon2id }), { mayRefuse: false });
  }

  /** Refuses (BUSY) at once when a verification now would find the queue full: a login checks before any other work. */
  assertCapacity(): void {
    if (this.queue.active >= this.queue.concurrency && this.queue.pending >= this.queue.maxWaiting) throw busy();
  }

  /**
   * Whether `password` matches; UNAUTHENTICATED with reason BUSY (HTTP 503) when the queue is
   * full. `abandoned` aborts when the caller's client has left: if that happens while it waits,
   * nothing is checked (reason ABANDONED, an answer nobody reads) and its place goes to the next.
   */
  async verify(hash: string | undefined, password: string, abandoned?: AbortSignal): Promise<boolean> {
    const decoy = await this.decoy;
    try {
      return await this.queue.run(() => argon2.verify(hash ?? decoy, password).catch(() => false), { signal: abandoned });
    } catch (error) {
      if (error instanceof QueueFullError) throw busy();
      if (error instanceof TaskAbandonedError) throw new UnauthenticatedError('The client left before its password was checked; nothing was checked', { reason: 'ABANDONED' });
      throw error;
    }
  }

  /** Spends the time a real verification would, and fails. */
  async verifyDecoy(password: string, abandoned?: AbortSignal): Promise<false> {
    await this.verify(undefined, password, abandoned);
    return false;
  }
}
