import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/**
 * A job that runs `tick()` every `intervalMs` in the service's process (0 turns the timer off;
 * tests then call `tick()` themselves). Ticks never overlap: one still running when the timer
 * fires again is left to finish and that turn is skipped. The timer does not hold the process
 * open, and shutdown waits for the running tick to end; a long tick can look at `stopping` to
 * end early. A failed tick is logged, and the next one runs as usual.
 *
 * Jobs that share work between replicas claim their rows with FOR UPDATE SKIP LOCKED: the
 * timer decides when a replica looks, never who does what.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private runningTick: Promise<unknown> | null = null;
  private stopped = false;

  protected constructor(
    name: string,
    private readonly intervalMs: number,
  ) {
    this.logger = new Logger(name);
  }

  /** One pass of the job. */
  abstract tick(): Promise<unknown>;

  /** True once the service is shutting down: a tick working through a backlog stops between batches. */
  protected get stopping(): boolean {
    return this.stopped;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.runningTick || this.stopped) return;
      this.runningTick = this.tick()
        .catch((error: Error) => this.logger.error(`tick failed: ${error.stack ?? error.message}`))
        .finally(() => (this.runningTick = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.runningTick;
  }
}
