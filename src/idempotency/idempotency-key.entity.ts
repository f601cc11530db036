import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationEntity } from '../../libs/database';

export enum IdempotencyKeyStatus {
  /** Claimed by a request that has not committed an answer yet. */
  IN_PROGRESS = 'IN_PROGRESS',
  /** The first answer is stored and is replayed until `expires_at`. */
  COMPLETED = 'COMPLETED',
}

/**
 * One `Idempotency-Key` of one principal: the request it was first used with (as a hash) and,
 * once that request committed, its answer. Keys are scoped per principal, so two integrators
 * never collide. The row is claimed outside the request's transaction (so a duplicate sees
 * the claim at once) and completed inside it (so a committed mutation always has its answer).
 */
@Entity({ name: 'idempotency_keys' })
@Index('IDX_idempotency_keys_expires_at', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  /** A user or an API key: principals of both kinds use keys. */
  @PrimaryColumn({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** SHA-256 (hex) of the canonical request: operation name, document and variables. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ type: 'enum', enum: IdempotencyKeyStatus, enumName: 'idempotency_key_status' })
  status: IdempotencyKeyStatus;

  /** Which request holds the claim: a request only completes or releases its own claim. */
  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  /** While IN_PROGRESS: past this instant the claimant is presumed dead and the key may be claimed again. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'response_status', type: 'smallint', nullable: true })
  responseStatus: number | null;

  /** The answer's JSON body, sealed (AES-256-GCM): answers may carry secrets shown once, such as a new API key. */
  @Column({ name: 'response_body', type: 'bytea', nullable: true })
  responseBody: Buffer | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Past this instant the key is forgotten: ignored, purged, and free to run again. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
