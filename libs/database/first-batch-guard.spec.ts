import { RequestGuard } from './first-batch-guard';

const guard = { sql: 'SELECT 1', parameters: [], holds: () => true };

describe('RequestGuard', () => {
  it('is taken by the first batch once, and a run whose guard held is kept', () => {
    const request = new RequestGuard();
    expect(request.available).toBe(true);
    request.set(guard);
    expect(request.available).toBe(false);
    expect(request.waiting).toBe(true);
    expect(request.take()).toBe(guard);
    expect(request.take()).toBeNull();
    expect(request.settle()).toBe(true);
  });

  it('after a failure, throws the run away once and leaves the next run unguarded', () => {
    const request = new RequestGuard();
    request.set(guard);
    request.take();
    request.fail();
    expect(request.failed).toBe(true);
    expect(request.settle()).toBe(false);
    expect(request.failed).toBe(false);
    expect(request.available).toBe(false);
    expect(() => request.set(guard)).toThrow();
    expect(request.settle()).toBe(true);
  });

  it('refuses a write while the guard waits unsent, and the request runs again', () => {
    const request = new RequestGuard();
    request.set(guard);
    expect(request.allowsWrite()).toBe(false);
    expect(request.failed).toBe(true);
    expect(request.settle()).toBe(false);
    expect(request.allowsWrite()).toBe(true);
  });

  it('allows a write once the guard has been sent (its answer decides the run), or when there is none', () => {
    const request = new RequestGuard();
    expect(request.allowsWrite()).toBe(true);
    request.set(guard);
    request.take();
    expect(request.allowsWrite()).toBe(true);
  });
});
