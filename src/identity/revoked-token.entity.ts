import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { TenantOwned, TenantReference } from '../../libs/database';

/**
 * A login token ended by `logout` before it expires. The principal check of every request
 * reads it with the user (one statement), so an ended token stops at once; a row is worth
 * keeping only until the token would have expired anyway, and is purged after.
 */
@Entity({ name: 'revoked_tokens' })
@Index('IDX_revoked_tokens_expires_at', ['organizationId', 'expiresAt'])
@TenantReference('user_id', 'users', 'CASCADE')
export class RevokedTokenEntity extends TenantOwned {
  /** The token's `jti` claim. */
  @PrimaryColumn({ type: 'uuid' })
  jti: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** When the token expires: the row is useless after. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'revoked_at', type: 'timestamptz' })
  revokedAt: Date;
}
