import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { BrandIdColumn, BrandRelation } from '../brands';
import { TenantOwned, TenantReference } from '../../libs/database';

export enum WebhookEndpointStatus {
  ENABLED = 'ENABLED',
  DISABLED = 'DISABLED',
}

export enum WebhookDeliveryStatus {
  /** Waiting for its next attempt (or being attempted now). */
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  /** Every attempt of the retry window failed. */
  FAILED = 'FAILED',
  /** The endpoint was disabled or deleted before the delivery succeeded. */
  CANCELLED = 'CANCELLED',
}

/** One attempt of a delivery, as kept in `webhook_deliveries.attempt_log`. */
export interface WebhookAttemptRecord {
  attemptedAt: string;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
}

/**
 * Where an organization wants its events POSTed. Its signing secret is stored encrypted
 * (AES-256-GCM), not hashed: signing needs it back. After a rotation the previous secret
 * keeps signing too until `previous_secret_expires_at`.
 */
@Entity({ name: 'webhook_endpoints' })
@Index('IDX_webhook_endpoints_organization', ['organizationId', 'createdAt'])
@BrandRelation('CASCADE')
export class WebhookEndpointEntity extends TenantOwned {
  // Set by the service: the id is part of the secret's encryption context.
  @PrimaryColumn('uuid')
  id: string;

  /** Only events of this brand's subtree are sent; null for every event of the organization. */
  @BrandIdColumn({ nullable: true })
  brandId: string | null;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  /** `brand.created`, `post.*` or `*`. */
  @Column({ name: 'event_types', type: 'varchar', length: 80, array: true })
  eventTypes: string[];

  @Column({ type: 'varchar', length: 16, default: WebhookEndpointStatus.ENABLED })
  status: WebhookEndpointStatus;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 300, nullable: true })
  disabledReason: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'secret_encrypted', type: 'text' })
  secretEncrypted: string;

  @Column({ name: 'previous_secret_encrypted', type: 'text', nullable: true })
  previousSecretEncrypted: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ name: 'secret_rotated_at', type: 'timestamptz', nullable: true })
  secretRotatedAt: Date | null;

  /** Deliveries that exhausted their retries since the last successful attempt. */
  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One outbox event on its way to one endpoint, with every attempt. The webhook-id header is
 * the outbox event's id, the same on every retry and redelivery, so receivers can dedupe.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('IDX_webhook_deliveries_endpoint', ['organizationId', 'endpointId', 'createdAt'])
@Index('IDX_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'PENDING'` })
// The fan-out makes one delivery per event and endpoint; redeliveries are extra rows.
@Index('UQ_webhook_deliveries_event_endpoint', ['organizationId', 'endpointId', 'outboxEventId'], { unique: true, where: '"redelivery_of_id" IS NULL' })
// The retention job's: finished deliveries by age, and the deliveries of an outbox event (src/retention).
@Index('IDX_webhook_deliveries_finished', ['updatedAt'], { where: `"status" <> 'PENDING'` })
@Index('IDX_webhook_deliveries_outbox_event', ['outboxEventId'])
@TenantReference('endpoint_id', 'webhook_endpoints', 'CASCADE')
@TenantReference('outbox_event_id', 'outbox_events', 'CASCADE')
export class WebhookDeliveryEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId: string;

  @Column({ name: 'outbox_event_id', type: 'uuid' })
  outboxEventId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 80 })
  eventType: string;

  @Column({ type: 'varchar', length: 16, default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /**
   * When the next attempt is due. A sender claims a delivery by moving this a short lease
   * ahead before it sends, so a sender that dies mid-request leaves it due again soon.
   */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'first_attempt_at', type: 'timestamptz', nullable: true })
  firstAttemptAt: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ name: 'last_status_code', type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'attempt_log', type: 'jsonb', default: () => "'[]'" })
  attemptLog: WebhookAttemptRecord[];

  @Column({ name: 'redelivery_of_id', type: 'uuid', nullable: true })
  redeliveryOfId: string | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
