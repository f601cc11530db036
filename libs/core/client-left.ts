/** What `clientLeft` needs of an HTTP response (Node's ServerResponse, Fastify's `reply.raw`). */
export interface ClosableResponse {
  once(event: 'close', listener: () => void): unknown;
  readonly writableEnded: boolean;
}

/**
 * A signal that aborts when the client of `response` goes away before its answer was written
 * (the connection closed: a timeout, a cancelled request), for work worth skipping then, such
 * as a password check still waiting for its turn. Undefined without a response (a test calling
 * a service directly): nothing is ever skipped.
 */
export function clientLeft(response: ClosableResponse | undefined): AbortSignal | undefined {
  if (!response) return undefined;
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableEnded) controller.abort();
  });
  return controller.signal;
}
