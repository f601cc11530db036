// The audit feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { diff } from './audit-chain';
export { AuditEventEntity, OutboxEventEntity } from './audit.entities';
export { AuditLogService } from './audit-log.service';
export { AuditService } from './audit.service';
export { EventPublisher } from './event-publisher';
export { AuditModule } from './audit.module';
