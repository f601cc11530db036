import { Global, Module } from '@nestjs/common';
import { AuditLogService } from './audit-log.service';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { EventPublisher } from './event-publisher';

@Global()
@Module({ providers: [AuditService, EventPublisher, AuditLogService, AuditResolver], exports: [EventPublisher, AuditLogService] })
export class AuditModule {}
