import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UnauthenticatedError } from '../../libs/core';
import { AccessTokenClaims } from '../../libs/auth';
import { Db } from '../../libs/database';
import { LoginPayload } from './identity.types';
import { PasswordHasher } from './password-hasher';
import { normalizeEmail, toUser, UserRow } from './user.mapper';
import { UserStatus } from './user.entity';

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Same answer, and about the same time, whether the email is unknown, the password wrong
   * or the user deactivated. Login precedes knowing the tenant, so it looks up across them.
   */
  async login(email: string, password: string): Promise<LoginPayload> {
    const [row] = await this.db.systemQuery<UserRow>(`SELECT * FROM users WHERE email = $1`, [normalizeEmail(email)]);
    const valid = row ? await this.hasher.verify(row.password_hash, password) : await this.hasher.verifyDecoy(password);
    if (!row || !valid || row.status !== UserStatus.ACTIVE) throw new UnauthenticatedError('Invalid email or password');
    await this.db.systemQuery(`UPDATE users SET last_login_at = now() WHERE id = $1`, [row.id]);
    const claims: AccessTokenClaims = { sub: row.id, org: row.organization_id };
    const accessToken = await this.jwt.signAsync(claims);
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return { accessToken, expiresAt: new Date(exp * 1000), user: toUser({ ...row, last_login_at: new Date() }) };
  }
}
