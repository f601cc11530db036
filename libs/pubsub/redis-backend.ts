import { RedisPubSub } from 'graphql-redis-subscriptions';
import Redis from 'ioredis';
import { PubSubBackend, PubSubLog } from './shared-pubsub';

/** How long a clean QUIT may take at shutdown before the connection is simply dropped. */
const QUIT_WITHIN_MS = 2_000;

/**
 * graphql-redis-subscriptions fires UNSUBSCRIBE and PUNSUBSCRIBE on the subscriber connection
 * without awaiting them; one sent while Redis is away (or as the app closes) would reject with
 * nobody listening, an unhandled rejection that stops Node. Here they are caught for it (on
 * this instance: a subclass cannot restate ioredis's overloads).
 */
function catchUnsubscribes(connection: Redis): Redis {
  for (const name of ['unsubscribe', 'punsubscribe'] as const) {
    const send = connection[name].bind(connection) as (...args: unknown[]) => Promise<unknown>;
    (connection as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const command = send(...args);
      command.catch(() => undefined);
      return command;
    };
  }
  return connection;
}

/** `redis://user:secret@host:6379/0` as a log may show it. */
export function redisUrlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * RedisPubSub over two ioredis connections (a subscribed connection can do nothing else).
 * ioredis reconnects by itself, queues commands meanwhile and subscribes again once back; an
 * outage is logged once when it starts and once when it ends, never thrown.
 */
export function redisBackend(url: string, log: PubSubLog): PubSubBackend {
  const connect = (role: 'publisher' | 'subscriber') => {
    const options = {
      connectionName: `parasol-${role}-${process.pid}`,
      // A subscription taken while Redis is away waits for it rather than failing after 20 retries.
      // A publish fails at once instead: Redis keeps no events for subscribers who are away
      // (theirs is down too), so a queued one would reach nobody or come late, and a connection
      // closed while reconnecting never settles what it queued.
      ...(role === 'subscriber' ? { maxRetriesPerRequest: null } : { enableOfflineQueue: false }),
    };
    const connection = role === 'subscriber' ? catchUnsubscribes(new Redis(url, options)) : new Redis(url, options);
    let down = false;
    connection.on('error', (error: Error) => {
      if (down) return;
      down = true;
      log.warn(`Redis ${role} connection lost (${error.message}); reconnecting`);
    });
    connection.on('ready', () => {
      if (!down) return;
      down = false;
      log.log(`Redis ${role} connection back`);
    });
    return connection;
  };
  const publisher = connect('publisher');
  const subscriber = connect('subscriber');
  const engine = new RedisPubSub({
    publisher,
    subscriber,
    // SharedPubSub encodes and decodes (event-codec.ts): Redis carries its strings as they are.
    serializer: (source: string) => source,
    deserializer: (source: string | Buffer) => source.toString(),
  });
  return {
    kind: 'redis',
    engine,
    connected: () => publisher.status === 'ready' && subscriber.status === 'ready',
    close: async () => {
      await Promise.all([publisher, subscriber].map(quit));
    },
  };
}

/** QUIT when connected (what was published is sent first), else stop reconnecting; never waits long. */
async function quit(connection: Redis): Promise<void> {
  if (connection.status === 'ready') {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connection.quit().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, QUIT_WITHIN_MS)))]);
    clearTimeout(timer);
  }
  connection.disconnect();
}
