import { DynamicModule, Global, Module } from '@nestjs/common';
import type { ResolvedConfig } from '../../libs/config';
import { Metrics } from '../../libs/observability';
import { DatabaseGauges } from './database-gauges';
import { MetricsController } from './metrics.controller';

/**
 * The metrics registry (global: the webhook sender counts its attempts in it) and, when
 * METRICS_ENABLED, the gauges read on scrape and GET /metrics.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(config: Pick<ResolvedConfig, 'metrics'>): DynamicModule {
    const metrics = new Metrics();
    return {
      module: ObservabilityModule,
      providers: [{ provide: Metrics, useValue: metrics }, ...(config.metrics.enabled ? [DatabaseGauges] : [])],
      controllers: config.metrics.enabled ? [MetricsController] : [],
      exports: [Metrics],
    };
  }
}
