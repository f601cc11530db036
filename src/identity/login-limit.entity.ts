import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The counters of login protection (LoginLimiter), in the table layout rate-limiter-flexible's
 * RateLimiterPostgres uses (it is told the table exists): one row per counter key.
 */
@Entity({ name: 'login_limits' })
export class LoginLimitEntity {
  /** `<counter>:<account hash or client address>`. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  /** Failures (or lockouts) counted in the current window. */
  @Column({ type: 'integer', default: 0 })
  points: number;

  /** When the window (or the lockout) ends, in ms since the epoch; null for never. */
  @Column({ type: 'bigint', nullable: true })
  expire: string | null;
}
