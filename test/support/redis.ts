import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/** The Redis the suites share subscriptions through (CI: the machine's, on its default port). */
export const TEST_REDIS_URL = process.env.PARASOL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A channel prefix of its own, so parallel runs on one Redis never hear each other's events. */
export const uniqueRedisPrefix = (what: string) => `parasol-test:${what}:${process.pid}:${randomUUID().slice(0, 8)}:`;

const PING = `
const url = new URL(process.argv[1]);
const socket = require('node:net').connect({ host: url.hostname, port: Number(url.port || 6379) }, () => socket.write('PING\\r\\n'));
socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));
socket.on('error', () => process.exit(1));
setTimeout(() => process.exit(1), 5000);
`;

/**
 * Whether Redis answers, known as the suite loads (describe or describe.skip is decided then).
 * Outside CI a missing Redis skips the Redis suites, saying so; in CI (CI set) it fails them:
 * .ci/run starts the machine's redis-server, and a skipped proof is no proof.
 */
export function redisAvailability(url = TEST_REDIS_URL): { available: boolean; reason: string } {
  try {
    execFileSync(process.execPath, ['-e', PING, url], { stdio: 'ignore', timeout: 10_000 });
    return { available: true, reason: `Redis answers at ${url}` };
  } catch {
    const reason = `no Redis answers at ${url} (start redis-server, or set PARASOL_TEST_REDIS_URL)`;
    if (process.env.CI) throw new Error(`${reason}: the Redis suites run in CI`);
    console.warn(`Skipping the Redis suites: ${reason}`);
    return { available: false, reason };
  }
}
