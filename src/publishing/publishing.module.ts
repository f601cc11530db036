import { Module } from '@nestjs/common';
import { ConnectorRegistry, SandboxConnector } from './network-connector';
import { PublicationsReader } from './publications.reader';
import { PublishingService } from './publishing.service';

@Module({
  providers: [SandboxConnector, ConnectorRegistry, PublishingService, PublicationsReader],
  exports: [SandboxConnector, ConnectorRegistry, PublishingService, PublicationsReader],
})
export class PublishingModule {}
