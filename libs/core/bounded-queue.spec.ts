import { BoundedQueue, QueueFullError, TaskAbandonedError } from './bounded-queue';

/** A task that runs until the test lets it finish. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { task: () => done, open };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedQueue', () => {
  it('runs at most `concurrency` tasks at a time, the others in arrival order', async () => {
    const queue = new BoundedQueue(2, 10);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) => queue.run(async () => { started.push(i); await g.task(); return i; }));
    await settled();
    expect(started).toEqual([0, 1]);
    expect([queue.active, queue.pending]).toEqual([2, 2]);
    gates[1].open();
    await settled();
    expect(started).toEqual([0, 1, 2]);
    gates[0].open();
    gates[2].open();
    gates[3].open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([queue.active, queue.pending]).toEqual([0, 0]);
  });

  it('refuses a task at once when as many wait as it takes, and takes tasks again once there is room', async () => {
    const queue = new BoundedQueue(1, 1);
    const running = gate();
    const waiting = gate();
    const first = queue.run(running.task);
    const second = queue.run(waiting.task);
    await expect(queue.run(async () => 'refused?')).rejects.toBeInstanceOf(QueueFullError);
    running.open();
    waiting.open();
    await Promise.all([first, second]);
    await expect(queue.run(async () => 'taken')).resolves.toBe('taken');
  });

  it('lets work that may not be refused wait beyond the bound', async () => {
    const queue = new BoundedQueue(1, 0);
    const running = gate();
    const first = queue.run(running.task);
    await expect(queue.run(async () => 1)).rejects.toBeInstanceOf(QueueFullError);
    const patient = queue.run(async () => 'waited', { mayRefuse: false });
    running.open();
    await first;
    await expect(patient).resolves.toBe('waited');
  });

  it('frees the slot of a task that fails', async () => {
    const queue = new BoundedQueue(1, 0);
    await expect(queue.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(queue.run(async () => 'next')).resolves.toBe('next');
  });
  it('drops a waiting task whose caller gave it up: it never runs, and its place goes to the next', async () => {
    const queue = new BoundedQueue(1, 1);
    const running = gate();
    const first = queue.run(running.task);
    const left = new AbortController();
    let ran = false;
    const abandoned = queue.run(async () => (ran = true), { signal: left.signal });
    await expect(queue.run(async () => 'refused?')).rejects.toBeInstanceOf(QueueFullError);
    left.abort();
    await expect(abandoned).rejects.toBeInstanceOf(TaskAbandonedError);
    expect(queue.pending).toBe(0);
    // Its place is free at once, before the running task ends.
    const next = queue.run(async () => 'next');
    running.open();
    await first;
    await expect(next).resolves.toBe('next');
    expect(ran).toBe(false);
    expect([queue.active, queue.pending]).toEqual([0, 0]);
  });

  it('refuses a task given up before it came, and never interrupts one that runs', async () => {
    const queue = new BoundedQueue(1, 1);
    await expect(queue.run(async () => 'late', { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(TaskAbandonedError);
    const running = gate();
    const left = new AbortController();
    const started = queue.run(running.task, { signal: left.signal });
    left.abort();
    running.open();
    await expect(started).resolves.toBeUndefined();
    expect([queue.active, queue.pending]).toEqual([0, 0]);
  });
});
