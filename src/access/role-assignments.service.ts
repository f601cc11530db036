import { EventPublisher } from '../audit';
import { RoleAssignmentCreated, RoleAssignmentRevoked } from './access.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, Connection, NotFoundError, RequestContext } from '../../libs/core';
import { assertCanGrant, assertOutranks, BuiltInRole, grantsOf, HeldGrant, Permission, rolePermissions, AccessService, BrandScope, brandSubtreeIds } from '../../libs/auth';
import { Db, keysetPage, isUniqueViolation } from '../../libs/database';
import { PermissionExplanation, RoleAssignment } from './access.types';
import { explanation } from './permission-explanation';
import { AssignRoleInput, RoleAssignmentsArgs } from './dto/access.inputs';
import { PrincipalType } from './role-assignment.entity';
import { RolesService } from './roles.service';
import { principalVisibleSql, reachParams } from './principal-visibility';

interface AssignmentRow {
  id: string;
  principal_type: PrincipalType;
  principal_id: string;
  role_key: string;
  brand_id: string | null;
  brand_ancestor_ids: string[] | null;
  created_by_id: string | null;
  created_at: Date;
}

const ASSIGNMENT_COLUMNS = `a.id, a.principal_type, a.principal_id, a.role_key, a.brand_id, b.ancestor_ids AS brand_ancestor_ids, a.created_by_id, a.created_at`;
const FROM_ASSIGNMENTS = `role_assignments a LEFT JOIN brands b ON b.id = a.brand_id`;

const toAssignment = (row: AssignmentRow): RoleAssignment => ({
  id: row.id,
  principalId: row.principal_id,
  principalType: row.principal_type,
  roleKey: row.role_key,
  brandId: row.brand_id,
  createdById: row.created_by_id,
  createdAt: row.created_at,
});
const scopeOf = (row: AssignmentRow): BrandScope | null => (row.brand_id ? { id: row.brand_id, ancestorIds: row.brand_ancestor_ids ?? [] } : null);

/** Who holds which role where: assigning, revoking, listing and explaining. */
@Injectable()
export class RoleAssignmentsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly roles: RolesService,
  ) {}

  /**
   * Gives a principal a role on a brand (or org-wide). Needs member:manage there; the
   * principal must hold nothing the caller does not hold where they hold it, and the caller
   * must hold every permission of the role there (permission dominance, libs/auth).
   */
  async assign(ctx: RequestContext, input: AssignRoleInput, field = 'input'): Promise<RoleAssignment> {
    return this.db.transaction(async () => {
      const scope = input.brandId ? await this.brandScope(ctx, input.brandId, `${field}.brandId`) : null;
      this.access.assert(ctx, Permission.MEMBER_MANAGE, scope, 'Brand', `${field}.brandId`);
      const principalType = await this.lockPrincipal(ctx, input.principalId, `${field}.principalId`);
      await this.assertMayChange(ctx, input.principalId, { entity: 'Principal', field: `${field}.principalId` });
      return this.grant(ctx, input.principalId, principalType, input.roleKey, scope, field);
    });
  }

  /**
   * Records the assignment once the caller's right to manage the scope and the principal is
   * settled: checks the role exists and that the caller holds all it grants there.
   */
  async grant(ctx: RequestContext, principalId: string, principalType: PrincipalType, roleKey: string, scope: BrandScope | null, field = 'input'): Promise<RoleAssignment> {
    const role = await this.roles.find(ctx, roleKey);
    if (!role) throw BadUserInputError.field(`${field}.roleKey`, `no role ${roleKey} in this organization`);
    assertCanGrant(ctx.requirePrincipal.grants, role.permissions, scope);
    try {
      const row = await this.db.queryOne<{ id: string }>(
        `INSERT INTO role_assignments (organization_id, principal_type, principal_id, role_key, brand_id, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [ctx.organizationId, principalType, principalId, roleKey, scope?.id ?? null, ctx.requirePrincipal.id],
      );
      const assignment = (await this.findRow(ctx, row!.id))!;
      await this.events.publish(ctx, new RoleAssignmentCreated({ assignment }));
      return assignment;
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`The principal already holds ${roleKey} ${scope ? 'on this brand' : 'org-wide'}`);
      throw error;
    }
  }

  async revoke(ctx: RequestContext, id: string): Promise<RoleAssignment> {
    return this.db.transaction(async () => {
      const row = await this.db.queryOne<AssignmentRow>(
        `SELECT ${ASSIGNMENT_COLUMNS} FROM ${FROM_ASSIGNMENTS} WHERE a.organization_id = $1 AND a.id = $2 FOR UPDATE OF a`,
        [ctx.organizationId, id],
      );
      if (!row || (row.brand_id && !this.access.canSee(ctx, scopeOf(row)!))) throw new NotFoundError('RoleAssignment', id, 'id');
      this.access.assert(ctx, Permission.MEMBER_MANAGE, scopeOf(row));
      await this.lockPrincipal(ctx, row.principal_id, 'id');
      await this.assertMayChange(ctx, row.principal_id);
      if (row.role_key === BuiltInRole.ORG_ADMIN && row.brand_id === null) await this.assertAnotherAdminRemains(ctx, row.principal_id);
      await this.db.query(`DELETE FROM role_assignments WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      const revoked = toAssignment(row);
      await this.events.publish(ctx, new RoleAssignmentRevoked({ assignment: revoked }));
      return revoked;
    });
  }

  /** A principal's assignments, batched per request (User.roleAssignments, ApiKey.roleAssignments). */
  forPrincipal(ctx: RequestContext, principalId: string): Promise<RoleAssignment[]> {
    return ctx
      .loader<string, RoleAssignment[]>('roleAssignments.byPrincipal', async (ids) => {
        const rows = await this.db.query<AssignmentRow>(
          `SELECT ${ASSIGNMENT_COLUMNS} FROM ${FROM_ASSIGNMENTS}
            WHERE a.organization_id = $1 AND a.principal_id = ANY($2::uuid[]) ORDER BY a.created_at, a.id`,
          [ctx.organizationId, ids],
        );
        const visible = rows.filter((r) => this.visible(ctx, r));
        return ids.map((id) => visible.filter((r) => r.principal_id === id).map(toAssignment));
      })
      .load(principalId);
  }

  /**
   * An assignment by its id, for `node(id)`, where `User.roleAssignments` shows it (`visible`):
   * the caller's own, or member:read where it sits; NOT_FOUND otherwise. Loader `roleAssignments.byId`.
   */
  async find(ctx: RequestContext, id: string): Promise<RoleAssignment> {
    const row = await ctx
      .loader<string, AssignmentRow | null>('roleAssignments.byId', async (ids) => {
        const rows = await this.db.query<AssignmentRow>(`SELECT ${ASSIGNMENT_COLUMNS} FROM ${FROM_ASSIGNMENTS} WHERE a.organization_id = $1 AND a.id = ANY($2::uuid[])`, [ctx.organizationId, ids]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!row || !this.visible(ctx, row)) throw new NotFoundError('RoleAssignment', id, 'id');
    return toAssignment(row);
  }

  /** The `roleAssignments` query: assignments on brands the caller may see members of. */
  async list(ctx: RequestContext, args: RoleAssignmentsArgs): Promise<Connection<RoleAssignment>> {
    const reach = this.access.reach(ctx, Permission.MEMBER_READ);
    const filter = args.filter ?? {};
    return keysetPage(this.db, {
      matching: `SELECT ${ASSIGNMENT_COLUMNS} FROM ${FROM_ASSIGNMENTS}
          WHERE a.organization_id = $1
            AND ($2::boolean OR a.brand_id = ANY(${brandSubtreeIds('$1', '$3::uuid[]')}))
            AND ($4::uuid IS NULL OR a.principal_id = $4) AND ($5::uuid IS NULL OR a.brand_id = $5) AND ($6::text IS NULL OR a.role_key = $6)`,
      params: [ctx.organizationId, reach.orgWide, reach.orgWide ? [] : reach.brandIds, filter.principalId ?? null, filter.brandId ?? null, filter.roleKey ?? null],
      order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: 'asc',
      map: toAssignment,
    }, args);
  }

  /**
   * Why `principalId` may or may not use `permission` on the brand: the assignments (on the
   * brand or an ancestor, or org-wide) that grant it. The caller must be allowed to see the
   * brand's members, or ask about themselves.
   */
  async explain(ctx: RequestContext, principalId: string, permission: Permission, brandId: string): Promise<PermissionExplanation> {
    const scope = await this.brandScope(ctx, brandId, 'brandId');
    if (principalId !== ctx.requirePrincipal.id) this.access.assert(ctx, Permission.MEMBER_READ, scope, 'Brand', 'brandId');
    await this.principalType(ctx, principalId, 'principalId');
    const rows = await this.db.query<AssignmentRow & { role_permissions: string[] | null; brand_name: string | null }>(
      `SELECT ${ASSIGNMENT_COLUMNS}, r.permissions AS role_permissions, b.name AS brand_name
         FROM ${FROM_ASSIGNMENTS} LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key
        WHERE a.organization_id = $1 AND a.principal_id = $2 ORDER BY a.created_at, a.id`,
      [ctx.organizationId, principalId],
    );
    // Someone the caller may not see (as `users` and `apiKeys` show them) who holds nothing on
    // this brand does not exist for them: the answer would say they exist and what they hold.
    const onThisBrand = rows.some((r) => r.brand_id === null || r.brand_id === scope.id || scope.ancestorIds.includes(r.brand_id));
    if (principalId !== ctx.requirePrincipal.id && !onThisBrand && !(await this.principalVisible(ctx, principalId))) {
      throw new NotFoundError('Principal', principalId, 'principalId');
    }
    const grants = rows.map((r) => ({ assignmentId: r.id, roleKey: r.role_key, brandId: r.brand_id, permissions: rolePermissions(r.role_key, r.role_permissions) }));
    const granting = new Set(grantsOf(grants, permission, scope).map((g) => g.assignmentId));
    const grantedBy = rows.filter((r) => granting.has(r.id));
    const reason = explanation(ctx, this.access, permission, scope, rows, grantedBy, (r) => this.visible(ctx, r));
    return { allowed: grantedBy.length > 0, permission, principalId, brandId, grantedBy: grantedBy.map(toAssignment), reason };
  }

  /**
   * Refuses changing a principal (their password, email, status, roles or API key) who holds,
   * anywhere, a permission the caller does not hold there (libs/auth dominance). Call it with
   * the principal's row locked (lockPrincipal, or the caller's own FOR UPDATE), so no grant
   * can be added between this check and the change.
   *
   * With `unseen`, a principal the caller may not see (as `users` shows them) is refused like
   * an unknown id, NOT_FOUND: a FORBIDDEN would tell that they exist and hold roles elsewhere.
   * Without it, the caller has already been shown the principal (their assignment or key).
   */
  async assertMayChange(ctx: RequestContext, principalId: string, unseen?: { entity: string; field: string }): Promise<void> {
    // Oneself holds exactly what one holds.
    if (principalId === ctx.requirePrincipal.id) return;
    const rows = await this.db.query<{ role_key: string; brand_id: string | null; ancestor_ids: string[] | null; permissions: string[] | null }>(
      `SELECT a.role_key, a.brand_id, b.ancestor_ids, r.permissions
         FROM role_assignments a LEFT JOIN brands b ON b.id = a.brand_id
         LEFT JOIN roles r ON r.organization_id = a.organization_id AND r.key = a.role_key
        WHERE a.organization_id = $1 AND a.principal_id = $2`,
      [ctx.organizationId, principalId],
    );
    const held: HeldGrant[] = rows.map((r) => ({
      roleKey: r.role_key,
      permissions: rolePermissions(r.role_key, r.permissions),
      scope: r.brand_id ? { id: r.brand_id, ancestorIds: r.ancestor_ids ?? [] } : null,
    }));
    try {
      assertOutranks(ctx.requirePrincipal.grants, held);
    } catch (refusal) {
      if (unseen && !(await this.principalVisible(ctx, principalId))) throw new NotFoundError(unseen.entity, principalId, unseen.field);
      throw refusal;
    }
  }

  /** A brand of the organization the caller can see, with its ancestors; NOT_FOUND otherwise. */
  async brandScope(ctx: RequestContext, brandId: string, field: string): Promise<BrandScope> {
    const row = await this.db.queryOne<{ ancestor_ids: string[]; archived_at: Date | null }>(
      `SELECT ancestor_ids, archived_at FROM brands WHERE organization_id = $1 AND id = $2`,
      [ctx.organizationId, brandId],
    );
    const scope = row ? { id: brandId, ancestorIds: row.ancestor_ids } : null;
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('Brand', brandId, field);
    return scope;
  }

  /** Whether the caller may see the principal where member:read reaches (principal-visibility.ts). */
  private async principalVisible(ctx: RequestContext, principalId: string): Promise<boolean> {
    const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.MEMBER_READ));
    const row = await this.db.queryOne(
      `SELECT 1 FROM (SELECT id FROM users WHERE organization_id = $1 AND id = $2 UNION ALL SELECT id FROM api_keys WHERE organization_id = $1 AND id = $2) p
        WHERE ${principalVisibleSql('p', { org: 1, orgWide: 3, self: 4, roots: 5 })}`,
      [ctx.organizationId, principalId, orgWide, ctx.requirePrincipal.id, roots],
    );
    return Boolean(row);
  }

  private async principalType(ctx: RequestContext, principalId: string, field: string): Promise<PrincipalType> {
    const row = await this.db.queryOne<{ type: PrincipalType }>(
      `SELECT 'USER' AS type FROM users WHERE organization_id = $1 AND id = $2
       UNION ALL
       SELECT 'API_KEY' FROM api_keys WHERE organization_id = $1 AND id = $2`,
      [ctx.organizationId, principalId],
    );
    if (!row) throw new NotFoundError('Principal', principalId, field);
    return row.type;
  }

  /**
   * Locks the principal's row (user or API key) until the transaction ends: every change of a
   * principal takes this lock before reading their grants, so two changes never check against
   * grants the other is changing. NOT_FOUND when the organization has no such principal.
   */
  private async lockPrincipal(ctx: RequestContext, principalId: string, field: string): Promise<PrincipalType> {
    const row = await this.db.queryOne<{ type: PrincipalType }>(
      `SELECT type FROM (SELECT 'USER' AS type FROM users WHERE organization_id = $1 AND id = $2 FOR UPDATE) u
       UNION ALL
       SELECT type FROM (SELECT 'API_KEY' AS type FROM api_keys WHERE organization_id = $1 AND id = $2 FOR UPDATE) k`,
      [ctx.organizationId, principalId],
    );
    if (!row) throw new NotFoundError('Principal', principalId, field);
    return row.type;
  }

  private async findRow(ctx: RequestContext, id: string): Promise<RoleAssignment | null> {
    const row = await this.db.queryOne<AssignmentRow>(`SELECT ${ASSIGNMENT_COLUMNS} FROM ${FROM_ASSIGNMENTS} WHERE a.organization_id = $1 AND a.id = $2`, [
      ctx.organizationId,
      id,
    ]);
    return row ? toAssignment(row) : null;
  }

  /** An assignment shows to callers who may see members where it sits (org-wide ones: org-wide). */
  private visible(ctx: RequestContext, row: AssignmentRow): boolean {
    return row.principal_id === ctx.requirePrincipal.id || this.access.can(ctx, Permission.MEMBER_READ, scopeOf(row));
  }

  /**
   * Refuses to leave the organization without an active org-wide ORG_ADMIN user when
   * `principalId` stops being one (their assignment revoked, or they are deactivated). Taken in
   * turn per organization (a transaction-level advisory lock): two admins removing each other
   * at the same moment would otherwise each count the other and both succeed.
   */
  async assertAnotherAdminRemains(ctx: RequestContext, principalId: string): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended('parasol:org-admins:' || $1::text, 0))`, [ctx.organizationId]);
    const [{ admin, others }] = await this.db.query<{ admin: boolean | null; others: number }>(
      `SELECT bool_or(a.principal_id = $2) AS admin, count(*) FILTER (WHERE a.principal_id <> $2)::int AS others
         FROM role_assignments a JOIN users u ON u.id = a.principal_id AND u.status = 'ACTIVE'
        WHERE a.organization_id = $1 AND a.role_key = 'ORG_ADMIN' AND a.brand_id IS NULL`,
      [ctx.organizationId, principalId],
    );
    if (admin && others === 0) throw new ConflictError('This is the last active organization admin; make someone else ORG_ADMIN first');
  }
}
