import type { DestinationStream } from 'pino';

/** Fields every line has, or that the readable line shows in its own place. */
const SHOWN = new Set(['level', 'time', 'pid', 'msg', 'context', 'hostname']);

/**
 * LOG_FORMAT=pretty: each JSON line as one readable line, for a person at a terminal
 * (development, the embedded database). `08:01:02 INFO  [GraphQL] operation brands requestId=...`.
 * A few lines of our own rather than pino-pretty and its nine dependencies.
 */
export function prettyLines(destination: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        destination.write(line);
        return;
      }
      const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
      const level = String(entry.level ?? '').toUpperCase().padEnd(5);
      const context = entry.context ? ` [${String(entry.context)}]` : '';
      const extra = Object.entries(entry)
        .filter(([key, value]) => !SHOWN.has(key) && key !== 'stack' && key !== 'err' && value !== undefined)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
      const stack = typeof entry.stack === 'string' ? `\n${entry.stack}` : (entry.err as { stack?: string } | undefined)?.stack ? `\n${(entry.err as { stack: string }).stack}` : '';
      destination.write(`${time} ${level}${context} ${String(entry.msg ?? '')}${extra.length ? ` ${extra.join(' ')}` : ''}${stack}\n`);
    },
  };
}
