/** Where the shutdown is told (a Nest Logger). */
interface ShutdownLog {
  log(message: string): void;
  error(error: unknown): void;
}

/**
 * Stops the process on SIGTERM (a container's stop) or SIGINT (Ctrl-C), letting the work in
 * flight finish: says so, runs `close` once (a second signal while closing changes nothing),
 * then exits 0, or 1 if closing failed.
 *
 * @param finishing what closing waits for, as the log says it ("finishing requests in flight")
 */
export function stopOnSignals(logger: ShutdownLog, finishing: string, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: ${finishing}, then stopping`);
    close().then(
      () => process.exit(0),
      (error) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal));
}
