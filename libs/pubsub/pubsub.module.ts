import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { redisBackend, redisUrlForLog } from './redis-backend';
import { inProcessBackend, PubSubLog, SharedPubSub } from './shared-pubsub';

export interface PubSubOptions {
  /** Set: events cross processes through Redis. Unset: in-process only. */
  redisUrl: string | undefined;
  /** Channel prefix: processes that share it share events (one per deployment on a shared Redis). */
  prefix: string;
}

/** The pub/sub the options ask for; PubSubModule makes the app's one, tests make their own. */
export function createSharedPubSub(options: PubSubOptions, log: PubSubLog = new Logger('PubSub')): SharedPubSub {
  if (!options.redisUrl) return new SharedPubSub(inProcessBackend(), options.prefix, log);
  log.log(`Subscriptions shared through Redis at ${redisUrlForLog(options.redisUrl)} (channels ${options.prefix}*)`);
  return new SharedPubSub(redisBackend(options.redisUrl, log), options.prefix, log);
}

/** Closes the connections once the HTTP server has stopped (Nest's last shutdown step). */
@Injectable()
class PubSubCloser implements OnApplicationShutdown {
  constructor(@Inject(SharedPubSub) private readonly pubsub: SharedPubSub) {}

  onApplicationShutdown(): Promise<void> {
    return this.pubsub.close();
  }
}

/** One SharedPubSub for the whole app; features inject it and own their topics. */
@Global()
@Module({})
export class PubSubModule {
  static forRoot(options: PubSubOptions): DynamicModule {
    return {
      module: PubSubModule,
      providers: [
        {
          provide: SharedPubSub,
          useFactory: () => createSharedPubSub(options),
        },
        PubSubCloser,
      ],
      exports: [SharedPubSub],
    };
  }
}
