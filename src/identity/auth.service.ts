import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { BadUserInputError, RequestContext, UnauthenticatedError } from '../../libs/core';
import { AccessTokenClaims, API_KEY_PREFIX } from '../../libs/auth';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { UserLoggedOut } from './identity.events';
import { LoginPayload } from './identity.types';
import { LoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import { normalizeEmail, toUser, UserRow } from './user.mapper';
import { UserStatus } from './user.entity';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
    private readonly limiter: LoginLimiter,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Same answer, and about the same time, whether the email is unknown, the password wrong
   * or the user deactivated. Login precedes knowing the tenant, so it looks up across them.
   * A locked account or a client address over its limit is refused before any password is
   * checked (LoginLimiter); the check itself waits its turn in the hasher's bounded queue, and
   * is dropped from it if `abandoned` aborts first (the client left: after a client timeout, a
   * flood of retries would otherwise keep the queue full of logins nobody waits for).
   */
  async login(email: string, password: string, clientAddress: string, abandoned?: AbortSignal): Promise<LoginPayload> {
    // A flood is mostly refused: the cheapest refusal (no statement at all) comes first.
    this.hasher.assertCapacity();
    const normalized = normalizeEmail(email);
    const attempt = await this.limiter.admit(LoginLimiter.accountKey(normalized), clientAddress);
    const [row] = await this.db.systemQuery<UserRow & { token_version: number }>(`SELECT * FROM users WHERE email = $1`, [normalized]);
    const valid = row ? await this.hasher.verify(row.password_hash, password, abandoned) : await this.hasher.verifyDecoy(password, abandoned);
    if (!row || !valid || row.status !== UserStatus.ACTIVE) {
      await this.limiter.failed(attempt);
      throw new UnauthenticatedError('Invalid email or password');
    }
    await Promise.all([this.db.systemQuery(`UPDATE users SET last_login_at = now() WHERE id = $1`, [row.id]), this.limiter.succeeded(attempt)]);
    // The version read with the password: a change of password or status since ends this token too.
    const claims: AccessTokenClaims = { sub: row.id, org: row.organization_id, ver: row.token_version, jti: randomUUID() };
    const accessToken = await this.jwt.signAsync(claims);
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return { accessToken, expiresAt: new Date(exp * 1000), user: toUser({ ...row, last_login_at: new Date() }) };
  }

  /**
   * Ends the session of the login token `credential` (the one this request was authenticated
   * with): it is refused from the next request on; the user's other tokens go on. Expired
   * entries are purged with it (each organization's own, under its row-level security).
   */
  async logout(ctx: RequestContext, credential: string): Promise<boolean> {
    const principal = ctx.requirePrincipal;
    if (principal.kind !== 'USER' || credential.startsWith(API_KEY_PREFIX)) {
      throw new BadUserInputError('Only a login token has a session to end; an API key is revoked with revokeApiKey');
    }
    // The guard has verified this token for this request; only its id and expiry are needed.
    const claims = this.jwt.decode<Partial<AccessTokenClaims> & { exp?: number }>(credential);
    if (!claims?.jti || typeof claims.exp !== 'number' || claims.sub !== principal.id) throw new UnauthenticatedError('A valid bearer token is required');
    await this.db.transaction(async () => {
      await this.db.query(`DELETE FROM revoked_tokens WHERE organization_id = $1 AND expires_at < now()`, [ctx.organizationId]);
      await this.db.query(
        `INSERT INTO revoked_tokens (jti, organization_id, user_id, expires_at) VALUES ($1, $2, $3, to_timestamp($4)) ON CONFLICT (organization_id, jti) DO NOTHING`,
        [claims.jti, ctx.organizationId, principal.id, claims.exp],
      );
      await this.events.publish(ctx, new UserLoggedOut({ userId: principal.id }));
    });
    return true;
  }
}
