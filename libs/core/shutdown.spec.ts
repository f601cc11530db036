import { stopOnSignals } from './shutdown';

describe('stopOnSignals', () => {
  let handlers: Map<string, () => void>;
  let exits: number[];
  const logged: string[] = [];
  const logger = { log: (message: string) => void logged.push(message), error: (error: unknown) => void logged.push(`error: ${String(error)}`) };

  beforeEach(() => {
    handlers = new Map();
    exits = [];
    logged.length = 0;
    jest.spyOn(process, 'on').mockImplementation(((signal: string, handler: () => void) => void handlers.set(signal, handler)) as never);
    jest.spyOn(process, 'exit').mockImplementation(((code: number) => void exits.push(code)) as never);
  });

  afterEach(() => jest.restoreAllMocks());

  const settled = () => new Promise((resolve) => setImmediate(resolve));

  it('closes once on SIGTERM or SIGINT, whichever comes first and however often, then exits 0', async () => {
    const close = jest.fn(async () => undefined);
    stopOnSignals(logger, 'finishing the work in flight', close);
    expect([...handlers.keys()].sort()).toEqual(['SIGINT', 'SIGTERM']);
    handlers.get('SIGINT')!();
    handlers.get('SIGTERM')!();
    handlers.get('SIGINT')!();
    await settled();
    expect(close).toHaveBeenCalledTimes(1);
    expect(logged).toEqual(['SIGINT received: finishing the work in flight, then stopping']);
    expect(exits).toEqual([0]);
  });

  it('exits 1 and logs why when closing fails', async () => {
    stopOnSignals(logger, 'finishing requests in flight', async () => {
      throw new Error('pool would not end');
    });
    handlers.get('SIGTERM')!();
    await settled();
    expect(logged).toEqual(['SIGTERM received: finishing requests in flight, then stopping', 'error: Error: pool would not end']);
    expect(exits).toEqual([1]);
  });
});
