/** A task refused because as many tasks already wait as the queue takes. */
export class QueueFullError extends Error {
  constructor() {
    super('The queue is full');
    this.name = 'QueueFullError';
  }
}

/** A task given up by its caller (its client left) before its turn: it never ran. */
export class TaskAbandonedError extends Error {
  constructor() {
    super('The task was abandoned before its turn');
    this.name = 'TaskAbandonedError';
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
   * that only authenticated callers start, which must not fail because of a flood. A task
   * whose `signal` aborts while it waits (its client left) leaves the queue at once and never
   * runs (TaskAbandonedError), so it neither spends its turn nor keeps a live caller out; one
   * already running is not interrupted.
   */
  async run<T>(task: () => Promise<T>, { mayRefuse = true, signal }: { mayRefuse?: boolean; signal?: AbortSignal } = {}): Promise<T> {
    if (signal?.aborted) throw new TaskAbandonedError();
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (mayRefuse && this.waiting.length >= this.maxWaiting) throw new QueueFullError();
      // The finishing task hands its slot over, so `running` stays as it is.
      await new Promise<void>((resolve, reject) => {
        const abandon = () => {
          const place = this.waiting.indexOf(turn);
          if (place < 0) return;
          this.waiting.splice(place, 1);
          reject(new TaskAbandonedError());
        };
        const turn = () => {
          signal?.removeEventListener('abort', abandon);
          resolve();
        };
        signal?.addEventListener('abort', abandon, { once: true });
        this.waiting.push(turn);
      });
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
