import { Injectable } from '@nestjs/common';
import { ConflictError, Principal, slugify } from '../../libs/core';
import { Db, isUniqueViolation } from '../../libs/database';
import { normalizeEmail } from '../identity/identity.service';
import { PasswordHasher } from '../identity/password-hasher';

export interface NewOrganization {
  name: string;
  slug?: string;
  admin: { email: string; displayName: string; password: string };
}

/**
 * Creates a tenant with its first organization admin. Not exposed over GraphQL (tenants are
 * created by the operator: the demo seeder or `npm run org:create`).
 */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly db: Db,
    private readonly hasher: PasswordHasher,
  ) {}

  async create(input: NewOrganization): Promise<{ organizationId: string; admin: Principal }> {
    const passwordHash = await this.hasher.hash(input.admin.password);
    return this.db.transaction(async () => {
      try {
        const org = await this.db.queryOne<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id`, [
          input.name,
          input.slug ?? slugify(input.name),
        ]);
        const user = await this.db.queryOne<{ id: string }>(
          `INSERT INTO users (organization_id, email, display_name, password_hash, is_org_admin) VALUES ($1, $2, $3, $4, true) RETURNING id`,
          [org!.id, normalizeEmail(input.admin.email), input.admin.displayName, passwordHash],
        );
        return { organizationId: org!.id, admin: { kind: 'USER', id: user!.id, organizationId: org!.id, isOrgAdmin: true } };
      } catch (error) {
        if (isUniqueViolation(error, 'UQ_organizations_slug')) throw new ConflictError(`An organization with slug "${input.slug ?? slugify(input.name)}" already exists`);
        if (isUniqueViolation(error, 'UQ_users_email')) throw new ConflictError(`A user with email ${input.admin.email} already exists`);
        throw error;
      }
    });
  }

  /** Adds a user to an organization (used by the seeder; user management comes with roles). */
  async addUser(organizationId: string, user: { email: string; displayName: string; password: string; isOrgAdmin?: boolean }): Promise<string> {
    const row = await this.db.queryOne<{ id: string }>(
      `INSERT INTO users (organization_id, email, display_name, password_hash, is_org_admin) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [organizationId, normalizeEmail(user.email), user.displayName, await this.hasher.hash(user.password), user.isOrgAdmin ?? false],
    );
    return row!.id;
  }

  async count(): Promise<number> {
    const row = await this.db.queryOne<{ count: number }>(`SELECT count(*)::int AS count FROM organizations`);
    return row!.count;
  }
}
