import { IntervalJob } from './interval-job';

/** A job whose ticks end when the test says so. */
class HeldJob extends IntervalJob {
  started = 0;
  inFlight = 0;
  most = 0;
  sawStopping: boolean[] = [];
  private releases: (() => void)[] = [];
  fail = false;

  constructor(intervalMs: number) {
    super('HeldJob', intervalMs);
    jest.spyOn(this.logger, 'error').mockImplementation(() => undefined);
  }

  async tick(): Promise<void> {
    this.started += 1;
    this.inFlight += 1;
    this.most = Math.max(this.most, this.inFlight);
    await new Promise<void>((resolve) => this.releases.push(resolve));
    this.sawStopping.push(this.stopping);
    this.inFlight -= 1;
    if (this.fail) throw new Error('boom');
  }

  release(): void {
    for (const release of this.releases.splice(0)) release();
  }

  errors(): jest.Mock {
    return this.logger.error as unknown as jest.Mock;
  }
}

describe('IntervalJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never starts a tick while one is running, and shutdown waits for the running one', async () => {
    const job = new HeldJob(100);
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(job.started).toBe(1); // Nine more turns came while the first tick was held: all skipped.

    let shutDown = false;
    const shutdown = job.onApplicationShutdown().then(() => (shutDown = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(shutDown).toBe(false);
    job.release();
    await shutdown;
    expect(job.sawStopping).toEqual([true]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect({ started: job.started, most: job.most }).toEqual({ started: 1, most: 1 });
  });

  it('runs again after a tick ends, and after a tick fails (logging it)', async () => {
    const job = new HeldJob(100);
    job.fail = true;
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100);
    job.release();
    await jest.advanceTimersByTimeAsync(100);
    expect(job.started).toBe(2);
    expect(job.errors()).toHaveBeenCalledWith(expect.stringContaining('tick failed: Error: boom'));
    job.release();
    await job.onApplicationShutdown();
  });

  it('has no timer with an interval of 0', async () => {
    const job = new HeldJob(0);
    job.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(job.started).toBe(0);
    await job.onApplicationShutdown();
  });
});
