import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../../libs/auth';
import { MigrationsHealth } from './migrations.health';
import { RedisHealth } from './redis.health';

export const REDIS_HEALTH = Symbol('REDIS_HEALTH');

/** How long readiness waits for `SELECT 1` (a pooled connection included). */
const DATABASE_TIMEOUT_MS = 3_000;

/**
 * Health for load balancers and orchestrators, public and outside any tenant (docs/guide/deployment.md):
 * - `GET /health/live`: the process answers HTTP; no dependency is asked (restart me only if this fails).
 * - `GET /health/ready`: the database answers, every migration is applied, Redis answers when
 *   REDIS_URL is set; 503 naming what is down otherwise (send me no traffic).
 * - `GET /health`: the same as ready, as it always answered "the database does".
 */
@Controller('health')
export class HealthController {
  private readonly readiness: HealthIndicatorFunction[];

  constructor(
    private readonly health: HealthCheckService,
    indicator: HealthIndicatorService,
    dataSource: DataSource,
    migrations: MigrationsHealth,
    @Inject(REDIS_HEALTH) redis: RedisHealth | null,
  ) {
    this.readiness = [
      () => indicator.check('database').attempt(() => dataSource.query('SELECT 1').then(() => undefined)).withTimeout(DATABASE_TIMEOUT_MS),
      () => migrations.check(),
      ...(redis ? [() => redis.check()] : []),
    ];
  }

  @Public()
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check(this.readiness);
  }

  @Public()
  @Get()
  @HealthCheck()
  check(): Promise<HealthCheckResult> {
    return this.health.check(this.readiness);
  }
}
