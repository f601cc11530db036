import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { MixedList } from 'typeorm';
import { PARASOL_CONFIG, ResolvedConfig } from '../../libs/config';
import { Db, parasolDataSourceOptions } from '../../libs/database';
import { EventTypeDescription } from '../../libs/events';
import { AuditService, EventPublisher } from '../audit';
import { BrandsModule } from '../brands';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDispatcher } from './webhook-dispatcher';
import { HostResolver, WebhookEgress } from './webhook-egress';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookEventCatalogue } from './webhook-event-catalogue';
import { WebhookSender } from './webhook-sender';
import { WebhookSettings } from './webhook-settings';
import { WebhookWorker } from './webhook-worker';
import { WebhooksResolver } from './webhooks.resolver';

/** What delivers webhooks: the same in the API process and in a worker process of its own. */
const DELIVERY_PROVIDERS: Provider[] = [WebhookSettings, HostResolver, WebhookEgress, WebhookDispatcher, WebhookSender, WebhookWorker];

/**
 * Webhook endpoints and deliveries in the API, with the in-process worker (WEBHOOK_WORKER_INTERVAL_MS).
 * The app root passes the service's event catalogue (src/events.ts, above every feature): what
 * webhookEventTypes lists and endpoints may subscribe to.
 */
@Module({})
export class WebhooksModule {
  static forRoot(catalogue: readonly EventTypeDescription[]): DynamicModule {
    return {
      module: WebhooksModule,
      imports: [BrandsModule],
      providers: [
        ...DELIVERY_PROVIDERS, WebhookEndpointsService, WebhookDeliveriesService, WebhooksResolver,
        { provide: WebhookEventCatalogue, useValue: new WebhookEventCatalogue(catalogue) },
      ],
      exports: [WebhookWorker, WebhookEndpointsService, WebhookDeliveriesService],
    };
  }
}

/**
 * Only the webhook worker, for `node dist/src/webhook-worker.js`: the database, the audit log
 * (an endpoint disabled for failing is audited) and the delivery providers. No HTTP, no GraphQL.
 * The process's entry passes every entity of the service: the list is the whole app's, above
 * this feature.
 */
@Module({})
export class WebhookWorkerModule {
  static forRoot(config: ResolvedConfig, entities: MixedList<Function>): DynamicModule {
    return {
      module: WebhookWorkerModule,
      imports: [
        TypeOrmModule.forRoot(parasolDataSourceOptions({ url: config.databaseUrl, poolSize: Math.min(config.poolSize, 5), entities, migrations: [] })),
      ],
      providers: [{ provide: PARASOL_CONFIG, useValue: config }, Db, AuditService, EventPublisher, ...DELIVERY_PROVIDERS],
      exports: [WebhookWorker],
    };
  }
}
