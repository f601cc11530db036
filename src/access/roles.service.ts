import { EventPublisher } from '../audit';
import { RoleCreated, RoleDeleted, RoleUpdated } from './access.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, NotFoundError, RequestContext } from '../../libs/core';
import { assertCanDefineRole, BUILT_IN_ROLES, BuiltInRole, isBuiltInRole, Permission, rolePermissions, AccessService } from '../../libs/auth';
import { Db, isUniqueViolation } from '../../libs/database';
import { Role } from './access.types';
import { CreateRoleInput, UpdateRoleInput } from './dto/access.inputs';

interface RoleRow {
  id?: string;
  key: string;
  name: string;
  description: string | null;
  permissions: string[];
}

export const MAX_CUSTOM_ROLES = 100;

const builtIn = (key: BuiltInRole): Role => ({ key, ...BUILT_IN_ROLES[key], permissions: [...BUILT_IN_ROLES[key].permissions], builtIn: true });
const custom = (row: RoleRow): Role => ({
  key: row.key,
  name: row.name,
  description: row.description,
  permissions: [...rolePermissions(row.key, row.permissions)],
  builtIn: false,
});

/** The organization's roles: the built-in ones (in code) and its own (in the roles table). */
@Injectable()
export class RolesService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
  ) {}

  async list(ctx: RequestContext): Promise<Role[]> {
    const rows = await this.db.query<RoleRow>(`SELECT key, name, description, permissions FROM roles WHERE organization_id = $1 ORDER BY key`, [ctx.organizationId]);
    return [...Object.values(BuiltInRole).map(builtIn), ...rows.map(custom)];
  }

  /** A role by key, batched per request; null when the organization has no such role. */
  async find(ctx: RequestContext, key: string): Promise<Role | null> {
    if (isBuiltInRole(key)) return builtIn(key);
    return ctx
      .loader<string, Role | null>('roles.byKey', async (keys) => {
        const rows = await this.db.query<RoleRow>(
          `SELECT key, name, description, permissions FROM roles WHERE organization_id = $1 AND key = ANY($2::text[])`,
          [ctx.organizationId, keys],
        );
        const byKey = new Map(rows.map((r) => [r.key, custom(r)]));
        return keys.map((k) => byKey.get(k) ?? null);
      })
      .load(key);
  }

  async create(ctx: RequestContext, input: CreateRoleInput): Promise<Role> {
    this.access.assert(ctx, Permission.ROLE_MANAGE, null);
    if (isBuiltInRole(input.key)) throw new ConflictError(`${input.key} is a built-in role`, { field: 'input.key' });
    assertCanDefineRole(ctx.requirePrincipal.grants, input.key, input.permissions);
    return this.db.transaction(async () => {
      const [{ count }] = await this.db.query<{ count: number }>(`SELECT count(*)::int AS count FROM roles WHERE organization_id = $1`, [ctx.organizationId]);
      if (count >= MAX_CUSTOM_ROLES) throw new ConflictError(`An organization may define at most ${MAX_CUSTOM_ROLES} roles`);
      try {
        const row = await this.db.queryOne<RoleRow>(
          `INSERT INTO roles (organization_id, key, name, description, permissions) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, key, name, description, permissions`,
          [ctx.organizationId, input.key, input.name.trim(), input.description ?? null, [...new Set(input.permissions)]],
        );
        const role = custom(row!);
        await this.events.publish(ctx, new RoleCreated({ id: row!.id!, role }));
        return role;
      } catch (error) {
        if (isUniqueViolation(error, 'UQ_roles_key')) throw new ConflictError(`A role with key ${input.key} already exists`, { field: 'input.key' });
        throw error;
      }
    });
  }

  /** Its permissions before and after must all be held org-wide by the caller, who must not hold the role. */
  async update(ctx: RequestContext, input: UpdateRoleInput): Promise<Role> {
    this.access.assert(ctx, Permission.ROLE_MANAGE, null);
    if (isBuiltInRole(input.key)) throw BadUserInputError.field('input.key', 'built-in roles cannot be changed');
    return this.db.transaction(async () => {
      const current = await this.db.queryOne<{ permissions: string[] }>(`SELECT permissions FROM roles WHERE organization_id = $1 AND key = $2 FOR UPDATE`, [
        ctx.organizationId,
        input.key,
      ]);
      if (!current) throw new NotFoundError('Role', input.key, 'input.key');
      assertCanDefineRole(ctx.requirePrincipal.grants, input.key, [...current.permissions, ...(input.permissions ?? [])]);
      const row = await this.db.queryOne<RoleRow>(
        `UPDATE roles SET name = coalesce($3, name), description = CASE WHEN $4::boolean THEN $5 ELSE description END,
                permissions = coalesce($6, permissions), updated_at = now()
          WHERE organization_id = $1 AND key = $2
         RETURNING id, key, name, description, permissions`,
        [
          ctx.organizationId,
          input.key,
          input.name?.trim() ?? null,
          input.description !== undefined,
          input.description ?? null,
          input.permissions ? [...new Set(input.permissions)] : null,
        ],
      );
      if (!row) throw new NotFoundError('Role', input.key, 'input.key');
      const role = custom(row);
      await this.events.publish(ctx, new RoleUpdated({ id: row.id!, role }));
      return role;
    });
  }

  /** Refused while any principal holds the role (revoke those assignments first), and to whoever could not define it. */
  async delete(ctx: RequestContext, key: string): Promise<Role> {
    this.access.assert(ctx, Permission.ROLE_MANAGE, null);
    if (isBuiltInRole(key)) throw BadUserInputError.field('key', 'built-in roles cannot be deleted');
    return this.db.transaction(async () => {
      const row = await this.db.queryOne<RoleRow>(
        `SELECT id, key, name, description, permissions FROM roles WHERE organization_id = $1 AND key = $2 FOR UPDATE`,
        [ctx.organizationId, key],
      );
      if (!row) throw new NotFoundError('Role', key, 'key');
      assertCanDefineRole(ctx.requirePrincipal.grants, key, row.permissions);
      const [{ count }] = await this.db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM role_assignments WHERE organization_id = $1 AND role_key = $2`,
        [ctx.organizationId, key],
      );
      if (count > 0) throw new ConflictError(`Role ${key} is still assigned ${count} time(s); revoke those assignments first`, { assignments: count });
      await this.db.query(`DELETE FROM roles WHERE organization_id = $1 AND key = $2`, [ctx.organizationId, key]);
      await this.events.publish(ctx, new RoleDeleted({ id: row.id!, role: custom(row) }));
      return custom(row);
    });
  }
}
