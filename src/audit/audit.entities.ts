import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TenantOwned } from '../../libs/database';

/**
 * Who did what to which entity, when, with what change. Written in the transaction of the
 * change itself. `seq` numbers an organization's events in commit order (appends take the
 * organization's audit lock until commit), and `hash` chains each event to the previous one.
 */
@Entity({ name: 'audit_events' })
@Index('UQ_audit_events_seq', ['organizationId', 'seq'], { unique: true })
@Index('IDX_audit_events_entity', ['organizationId', 'entityType', 'entityId'])
@Index('IDX_audit_events_brand', ['organizationId', 'brandId', 'seq'])
@Index('IDX_audit_events_time', ['organizationId', 'occurredAt'])
export class AuditEventEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType: string;

  @Column({ name: 'actor_id', type: 'uuid' })
  actorId: string;

  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  /** The brand the entity belongs to, for brand-scoped reads; null for organization-level entities. */
  @Column({ name: 'brand_id', type: 'uuid', nullable: true })
  brandId: string | null;

  /** `{ before, after }` of the fields that changed. */
  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}

/** Events waiting to be fanned out to webhooks; claimed by workers with FOR UPDATE SKIP LOCKED. */
@Entity({ name: 'outbox_events' })
@Index('IDX_outbox_events_pending', ['dispatchedAt', 'createdAt'])
export class OutboxEventEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'audit_event_id', type: 'uuid' })
  auditEventId: string;

  @Column({ type: 'varchar', length: 80 })
  type: string;

  @Column({ name: 'brand_id', type: 'uuid', nullable: true })
  brandId: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
