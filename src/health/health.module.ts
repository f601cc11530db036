import { DynamicModule, Module } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { HealthController, REDIS_HEALTH } from './health.controller';
import { MigrationsHealth } from './migrations.health';
import { RedisHealth } from './redis.health';

export interface HealthOptions {
  /** Every migration of this build (the app root's list): ready only once all are applied. */
  migrations: readonly Function[];
  /** Set: ready only while this Redis answers. */
  redisUrl: string | undefined;
}

/** /health/live, /health/ready and /health, with @nestjs/terminus. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      // Terminus logs each failed check (what is down, and why) as an error, on one line.
      imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
      controllers: [HealthController],
      providers: [
        { provide: MigrationsHealth, inject: [DataSource, HealthIndicatorService], useFactory: (dataSource: DataSource, indicator: HealthIndicatorService) => new MigrationsHealth(dataSource, options.migrations, indicator) },
        { provide: REDIS_HEALTH, inject: [HealthIndicatorService], useFactory: (indicator: HealthIndicatorService) => (options.redisUrl ? new RedisHealth(options.redisUrl, indicator) : null) },
      ],
    };
  }
}
