import { Injectable } from '@nestjs/common';
import { ConflictError, Principal, slugify } from '../../libs/core';
import { BuiltInRole, rolePermissions } from '../../libs/auth';
import { Db, isUniqueViolation } from '../../libs/database';
import { normalizeEmail, PasswordHasher } from '../identity';

export interface NewOrganization {
  name: string;
  slug?: string;
  admin: { email: string; displayName: string; password: string };
}

export interface SeedRole {
  roleKey: string;
  brandId: string | null;
}

/**
 * Creates tenants and their first people. Operator work, not exposed over GraphQL: it runs
 * as the database owner (the demo seeder, `npm run org:create`, test factories).
 */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly db: Db,
    private readonly hasher: PasswordHasher,
  ) {}

  /** A new organization with its first user, who holds ORG_ADMIN org-wide. */
  async create(input: NewOrganization): Promise<{ organizationId: string; admin: Principal }> {
    const slug = input.slug ?? slugify(input.name);
    return this.db.transaction(async () => {
      let organizationId: string;
      try {
        const org = await this.db.queryOne<{ id: string }>(`INSERT INTO organizations (name, slug) VALUES ($1, $2) RETURNING id`, [input.name, slug]);
        organizationId = org!.id;
      } catch (error) {
        if (isUniqueViolation(error, 'UQ_organizations_slug')) throw new ConflictError(`An organization with slug "${slug}" already exists`);
        throw error;
      }
      const admin = await this.addUser(organizationId, input.admin, [{ roleKey: BuiltInRole.ORG_ADMIN, brandId: null }]);
      return { organizationId, admin };
    });
  }

  /** Adds a user with roles (no permission checks: the caller is the operator). */
  async addUser(organizationId: string, user: { email: string; displayName: string; password: string }, roles: SeedRole[] = []): Promise<Principal> {
    const passwordHash = await this.hasher.hash(user.password);
    return this.db.transaction(async () => {
      let id: string;
      try {
        const row = await this.db.queryOne<{ id: string }>(
          `INSERT INTO users (organization_id, email, display_name, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
          [organizationId, normalizeEmail(user.email), user.displayName, passwordHash],
        );
        id = row!.id;
      } catch (error) {
        if (isUniqueViolation(error, 'UQ_users_email')) throw new ConflictError(`A user with email ${normalizeEmail(user.email)} already exists`);
        throw error;
      }
      const grants = [];
      for (const role of roles) {
        const row = await this.db.queryOne<{ id: string }>(
          `INSERT INTO role_assignments (organization_id, principal_type, principal_id, role_key, brand_id) VALUES ($1, 'USER', $2, $3, $4) RETURNING id`,
          [organizationId, id, role.roleKey, role.brandId],
        );
        grants.push({ assignmentId: row!.id, roleKey: role.roleKey, brandId: role.brandId, permissions: rolePermissions(role.roleKey, null) });
      }
      return { kind: 'USER', id, organizationId, grants };
    });
  }

  async count(): Promise<number> {
    const row = await this.db.queryOne<{ count: number }>(`SELECT count(*)::int AS count FROM organizations`);
    return row!.count;
  }
}
