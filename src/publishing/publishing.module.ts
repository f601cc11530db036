import { Module } from '@nestjs/common';
import { ConnectorRegistry } from './connector-registry';
import { PublicationsReader } from './publications.reader';
import { PublishingService } from './publishing.service';
import { SandboxConnector } from './sandbox-connector';

@Module({
  providers: [SandboxConnector, ConnectorRegistry, PublishingService, PublicationsReader],
  exports: [SandboxConnector, ConnectorRegistry, PublishingService, PublicationsReader],
})
export class PublishingModule {}
