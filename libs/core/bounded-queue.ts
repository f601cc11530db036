/** A task refused because as many tasks already wait as the queue takes. */
export class QueueFullError extends Error {
  constructor() {
    super('The queue is full');
    this.name = 'QueueFullError';
  }
}

/**
 * Runs at most `concurrency` tasks at a time, first come first served; at most `maxWaiting`
 * wait for a turn, and a task beyond that is refused at once (QueueFullError) instead of
 * piling up. For CPU-heavy work that callers can flood (password hashing): a flood then costs
 * `concurrency` cores and a short queue, and the rest of the service keeps its CPU.
 */
export class BoundedQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {
    if (!(concurrency >= 1)) throw new Error('BoundedQueue needs a concurrency of at least 1');
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a turn. */
  get pending(): number {
    return this.waiting.length;
  }

  /**
   * Runs `task` in its turn. `mayRefuse: false` waits even when the queue is full: for work
   * that only authenticated callers start, which must not fail because of a flood.
   */
  async run<T>(task: () => Promise<T>, { mayRefuse = true }: { mayRefuse?: boolean } = {}): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (mayRefuse && this.waiting.length >= this.maxWaiting) throw new QueueFullError();
      // The finishing task hands its slot over, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
