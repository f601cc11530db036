import { EventPublisher } from '../audit';
import { UserCreated, UserDeactivated, UserReactivated, UserUpdated } from './identity.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, Connection, ForbiddenError, NotFoundError, RequestContext } from '../../libs/core';
import { Permission, AccessService } from '../../libs/auth';
import { Db, isUniqueViolation, escapeLike, keysetPage } from '../../libs/database';
import { principalVisibleSql, reachParams, RoleAssignmentsService } from '../access';
import { CreateUserInput, UpdateUserInput, UsersArgs } from './dto/user.inputs';
import { Organization, User } from './identity.types';
import { PasswordHasher } from './password-hasher';
import { normalizeEmail, toUser, USER_COLUMNS, UserRow } from './user.mapper';
import { UserStatus } from './user.entity';

const emailTaken = (email: string) => new ConflictError(`A user with email ${email} already exists`, { field: 'input.email' });

/** People of the organization: who they are, and whether they may still sign in. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly assignments: RoleAssignmentsService,
    private readonly hasher: PasswordHasher,
  ) {}

  /**
   * Creates a user, with roles assigned in the same transaction. Someone with member:manage
   * on a brand may add people to that brand; a user with no role needs member:manage org-wide.
   */
  async create(ctx: RequestContext, input: CreateUserInput): Promise<User> {
    const roles = input.roles ?? [];
    // member:manage somewhere is the guard's (@Allow); each role's brand is checked where it is assigned.
    if (roles.length === 0) this.access.assert(ctx, Permission.MEMBER_MANAGE, null);
    const passwordHash = await this.hasher.hash(input.password);
    return this.db.transaction(async () => {
      let row: UserRow | undefined;
      try {
        row = await this.db.queryOne<UserRow>(
          `INSERT INTO users (organization_id, email, display_name, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${USER_COLUMNS}`,
          [ctx.organizationId, normalizeEmail(input.email), input.displayName.trim(), passwordHash],
        );
      } catch (error) {
        if (isUniqueViolation(error, 'UQ_users_email')) throw emailTaken(normalizeEmail(input.email));
        throw error;
      }
      for (const [i, role] of roles.entries()) {
        await this.assignments.assign(ctx, { principalId: row!.id, roleKey: role.roleKey, brandId: role.brandId }, `input.roles.${i}`);
      }
      const created = toUser(row!);
      await this.events.publish(ctx, new UserCreated({ user: created }));
      return created;
    });
  }

  /** Org-wide member:manage edits anyone holding no more than the caller; a user may edit their own name, email and password. */
  async update(ctx: RequestContext, input: UpdateUserInput): Promise<User> {
    const self = input.id === ctx.requirePrincipal.id;
    if (!self) this.access.assert(ctx, Permission.MEMBER_MANAGE, null);
    return this.db.transaction(async () => {
      const current = await this.db.queryOne<UserRow>(`SELECT * FROM users WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [ctx.organizationId, input.id]);
      if (!current) throw new NotFoundError('User', input.id, 'input.id');
      // Nobody changes someone holding more than they do (permission dominance); the row is locked.
      await this.assignments.assertMayChange(ctx, input.id, { entity: 'User', field: 'input.id' });
      // Even an admin proves who they are before changing their own password: a borrowed
      // session must not be able to lock its owner out.
      if (self && input.password !== undefined) {
        if (!input.currentPassword || !(await this.hasher.verify(current.password_hash, input.currentPassword))) {
          throw BadUserInputError.field('input.currentPassword', 'must be your current password to set a new one');
        }
      }
      const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : current.password_hash;
      try {
        const row = await this.db.queryOne<UserRow>(
          `UPDATE users SET email = $3, display_name = $4, password_hash = $5, updated_at = now()
            WHERE organization_id = $1 AND id = $2 RETURNING ${USER_COLUMNS}`,
          [ctx.organizationId, input.id, input.email ? normalizeEmail(input.email) : current.email, input.displayName?.trim() ?? current.display_name, passwordHash],
        );
        const updated = toUser(row!);
        await this.events.publish(ctx, new UserUpdated({ before: toUser(current), after: updated, passwordChanged: input.password !== undefined }));
        return updated;
      } catch (error) {
        if (isUniqueViolation(error, 'UQ_users_email')) throw emailTaken(normalizeEmail(input.email!));
        throw error;
      }
    });
  }

  /** The user can no longer log in, and their tokens stop working on the next request. */
  async setStatus(ctx: RequestContext, id: string, status: UserStatus): Promise<User> {
    this.access.assert(ctx, Permission.MEMBER_MANAGE, null);
    if (id === ctx.requirePrincipal.id && status === UserStatus.DEACTIVATED) {
      throw new ConflictError('You cannot deactivate yourself');
    }
    return this.db.transaction(async () => {
      const before = await this.db.queryOne<{ status: UserStatus }>(`SELECT status FROM users WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [ctx.organizationId, id]);
      if (!before) throw new NotFoundError('User', id, 'id');
      await this.assignments.assertMayChange(ctx, id, { entity: 'User', field: 'id' });
      if (status === UserStatus.DEACTIVATED) await this.assignments.assertAnotherAdminRemains(ctx, id);
      const row = await this.db.queryOne<UserRow>(
        `UPDATE users SET status = $3::user_status, updated_at = now() WHERE organization_id = $1 AND id = $2 RETURNING ${USER_COLUMNS}`,
        [ctx.organizationId, id, status],
      );
      const user = toUser(row!);
      await this.events.publish(ctx, new (status === UserStatus.ACTIVE ? UserReactivated : UserDeactivated)({ userId: id, from: before.status, to: status }));
      return user;
    });
  }

  /** A user the caller may see, batched per request; NOT_FOUND otherwise. */
  async find(ctx: RequestContext, id: string): Promise<User> {
    const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.MEMBER_READ));
    const user = await ctx
      .loader<string, User | null>('users.byId', async (ids) => {
        const rows = await this.db.query<UserRow>(
          `SELECT ${USER_COLUMNS} FROM users u WHERE u.organization_id = $1 AND u.id = ANY($2::uuid[])
              AND ${principalVisibleSql('u', { org: 1, orgWide: 3, self: 4, roots: 5 })}`,
          [ctx.organizationId, ids, orgWide, ctx.requirePrincipal.id, roots],
        );
        const byId = new Map(rows.map((r) => [r.id, toUser(r)]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!user) throw new NotFoundError('User', id, 'id');
    return user;
  }

  /** Users the caller may see (member:read org-wide: all; on brands: those holding roles there). */
  async list(ctx: RequestContext, args: UsersArgs): Promise<Connection<User>> {
    const [orgWide, roots] = reachParams(this.access.reach(ctx, Permission.MEMBER_READ));
    return keysetPage(this.db, {
      matching: `SELECT ${USER_COLUMNS} FROM users u
          WHERE u.organization_id = $1 AND ${principalVisibleSql('u', { org: 1, orgWide: 2, self: 3, roots: 4 })}
            AND ($5::user_status IS NULL OR u.status = $5) AND ($6::text IS NULL OR u.email ILIKE '%' || $6 || '%' OR u.display_name ILIKE '%' || $6 || '%')`,
      params: [ctx.organizationId, orgWide, ctx.requirePrincipal.id, roots, args.filter?.status ?? null, args.filter?.search ? escapeLike(args.filter.search) : null],
      order: [{ column: 'email', kind: 'string' }, { column: 'id', kind: 'uuid' }],
      direction: 'asc',
      map: toUser,
    }, args);
  }

  async organization(ctx: RequestContext): Promise<Organization> {
    const row = await this.db.queryOne<{ id: string; name: string; slug: string; created_at: Date }>(
      `SELECT id, name, slug, created_at FROM organizations WHERE id = $1`,
      [ctx.organizationId],
    );
    if (!row) throw new ForbiddenError('Organization not found');
    return { id: row.id, name: row.name, slug: row.slug, createdAt: row.created_at };
  }
}
