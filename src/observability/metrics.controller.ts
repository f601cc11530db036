import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../libs/auth';
import { PARASOL_CONFIG, ResolvedConfig } from '../../libs/config';
import { Metrics } from '../../libs/observability';

/**
 * GET /metrics in Prometheus' text format (docs/guide/operations.md). Open unless METRICS_TOKEN
 * is set, then only for `Authorization: Bearer <METRICS_TOKEN>`; METRICS_ENABLED=false removes
 * the route. Nothing in it names a tenant.
 */
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: Metrics,
    @Inject(PARASOL_CONFIG) config: ResolvedConfig,
  ) {
    this.token = config.metrics.token ? Buffer.from(`Bearer ${config.metrics.token}`) : null;
  }

  @Public()
  @Get()
  async scrape(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (this.token && !this.authorized(request.headers.authorization)) {
      await reply.status(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'A bearer token is required for /metrics' });
      return;
    }
    const { contentType, body } = await this.metrics.scrape();
    await reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  }

  private authorized(header: string | undefined): boolean {
    if (!header || !this.token) return false;
    const given = Buffer.from(header);
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }
}
