import { OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';

/** How long readiness waits for a PONG. */
const PING_TIMEOUT_MS = 2_000;

/**
 * Readiness of the Redis named by REDIS_URL: a PING on a client of its own, opened at the first
 * check (a process that is never asked opens nothing) and kept, reconnecting in the
 * background while Redis is away. A command waits for at most one reconnection: the check
 * answers "down" within its timeout instead of queueing behind an outage.
 */
export class RedisHealth implements OnApplicationShutdown {
  private client: Redis | null = null;
  /** Why the connection last failed: a better answer than the command's "max retries" when Redis is away. */
  private lastError: string | null = null;

  constructor(
    private readonly url: string,
    private readonly indicator: HealthIndicatorService,
  ) {}

  check(): PromiseLike<HealthIndicatorResult<'redis'>> {
    return this.indicator
      .check('redis')
      .attempt(async () => {
        try {
          await this.connection().ping();
          this.lastError = null;
        } catch (error) {
          throw new Error(this.lastError ?? (error as Error).message);
        }
      })
      .withTimeout(PING_TIMEOUT_MS);
  }

  private connection(): Redis {
    if (this.client) return this.client;
    const client = new Redis(this.url, {
      connectTimeout: PING_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      // Not a subscriber or a queue: nothing to replay after a reconnection.
      autoResubscribe: false,
      connectionName: 'parasol-health',
    });
    // Failures surface in the check's answer; ioredis would otherwise log every one as unhandled.
    client.on('error', (error: Error) => (this.lastError = error.message));
    return (this.client = client);
  }

  onApplicationShutdown(): void {
    this.client?.disconnect();
    this.client = null;
  }
}
