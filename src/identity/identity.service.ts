import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { NotFoundError, Principal, RequestContext, UnauthenticatedError } from '../../libs/core';
import { AccessTokenClaims, PrincipalResolver } from '../../libs/auth';
import { Db } from '../../libs/database';
import { PasswordHasher } from './password-hasher';
import { Organization, User } from './identity.types';
import { UserStatus } from './user.entity';

interface UserRow {
  id: string;
  organization_id: string;
  email: string;
  display_name: string;
  password_hash: string;
  is_org_admin: boolean;
  status: UserStatus;
  last_login_at: Date | null;
  created_at: Date;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  organizationId: row.organization_id,
  email: row.email,
  displayName: row.display_name,
  status: row.status,
  isOrgAdmin: row.is_org_admin,
  lastLoginAt: row.last_login_at,
  createdAt: row.created_at,
});

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

@Injectable()
export class IdentityService implements PrincipalResolver {
  constructor(
    private readonly db: Db,
    private readonly jwt: JwtService,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Same answer, and about the same time, whether the email is unknown or the password wrong. */
  async login(email: string, password: string): Promise<{ accessToken: string; expiresAt: Date; user: User }> {
    const row = await this.db.queryOne<UserRow>(`SELECT * FROM users WHERE email = $1`, [normalizeEmail(email)]);
    const valid = row ? await this.hasher.verify(row.password_hash, password) : await this.hasher.verifyDecoy(password);
    if (!row || !valid || row.status !== UserStatus.ACTIVE) {
      throw new UnauthenticatedError('Invalid email or password');
    }
    await this.db.query(`UPDATE users SET last_login_at = now() WHERE id = $1`, [row.id]);
    const claims: AccessTokenClaims = { sub: row.id, org: row.organization_id };
    const accessToken = await this.jwt.signAsync(claims);
    const { exp } = this.jwt.decode<{ exp: number }>(accessToken);
    return { accessToken, expiresAt: new Date(exp * 1000), user: toUser(row) };
  }

  async resolveAccessToken(claims: AccessTokenClaims): Promise<Principal | null> {
    const row = await this.db.queryOne<Pick<UserRow, 'id' | 'organization_id' | 'is_org_admin'>>(
      `SELECT id, organization_id, is_org_admin FROM users WHERE id = $1 AND organization_id = $2 AND status = 'ACTIVE'`,
      [claims.sub, claims.org],
    );
    return row ? { kind: 'USER', id: row.id, organizationId: row.organization_id, isOrgAdmin: row.is_org_admin } : null;
  }

  /** A user of the caller's organization, batched per request. */
  async findUser(ctx: RequestContext, id: string): Promise<User> {
    const user = await ctx
      .loader<string, User | null>('users.byId', async (ids) => {
        const rows = await this.db.query<UserRow>(`SELECT * FROM users WHERE organization_id = $1 AND id = ANY($2::uuid[])`, [
          ctx.organizationId,
          ids,
        ]);
        const byId = new Map(rows.map((r) => [r.id, toUser(r)]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  async findOrganization(ctx: RequestContext): Promise<Organization> {
    return ctx
      .loader<string, Organization>('organizations.byId', async (ids) => {
        const rows = await this.db.query<{ id: string; name: string; slug: string; created_at: Date }>(
          `SELECT id, name, slug, created_at FROM organizations WHERE id = ANY($1::uuid[])`,
          [ids],
        );
        const byId = new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, slug: r.slug, createdAt: r.created_at }]));
        return ids.map((i) => byId.get(i) ?? new NotFoundError('Organization', i));
      })
      .load(ctx.organizationId);
  }
}
