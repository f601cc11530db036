import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, NotFoundError, RequestContext } from '../../libs/core';
import { Permission, AccessService, BrandScope } from '../../libs/auth';
import { Db, isUniqueViolation } from '../../libs/database';
import { diff, EventPublisher } from '../audit';
import { Brand, brandColumns, BrandReader, BrandRow, BrandsService, toBrand, UpdateBrandInput } from '../brands';
import { profileColumns, SocialProfile, SocialProfileRow, SocialProfilesService, toSocialProfile, UpdateSocialProfileInput } from '../profiles';
import { ExternalRefInput, SetExternalRefInput, UpsertBrandByExternalRefInput, UpsertSocialProfileByExternalRefInput } from './dto/integration.inputs';
import { ExternalRefEntityType as T } from './external-ref.entity';
import { ExternalRef } from './external-ref.types';
import { ExternalRefCreated } from './external-ref.events';

interface RefRow {
  system: string;
  external_id: string;
  entity_type: T;
  entity_id: string;
  created_at: Date;
}

/** Entities that belong to the organization rather than to a brand: naming them needs integration:manage org-wide. */
/** The GraphQL type an entity type names, for NOT_FOUND. */
const ENTITY_NAME: Record<T, string> = { BRAND: 'Brand', SOCIAL_PROFILE: 'SocialProfile', USER: 'User', POST: 'Post', CONTACT: 'Contact', INBOX_ITEM: 'InboxItem' };

const ORGANIZATION_LEVEL = [T.USER, T.CONTACT];

/** Thrown inside a savepoint to undo an update that changed nothing. */
class Unchanged extends Error {}

/** NOT_FOUND naming the external id the caller gave (never the internal id behind it). */
const refNotFound = (type: T, ref: ExternalRefInput, field?: string) =>
  new NotFoundError(type === T.SOCIAL_PROFILE ? 'SocialProfile' : type === T.BRAND ? 'Brand' : type, `${ref.system}:${ref.externalId}`, field);

const toRef = (r: RefRow): ExternalRef => ({ system: r.system, externalId: r.external_id, entityType: r.entity_type, entityId: r.entity_id, createdAt: r.created_at });

/**
 * External references and the idempotent upserts integrators sync with. An upsert takes a
 * lock on its (system, type, external id) first, so fifty identical calls at once create one
 * row and update it forty-nine times.
 */
@Injectable()
export class ExternalRefsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly brands: BrandsService,
    private readonly brandReader: BrandReader,
    private readonly profiles: SocialProfilesService,
  ) {}

  /** An entity's references, batched per request. */
  forEntity(ctx: RequestContext, entityId: string): Promise<ExternalRef[]> {
    return ctx
      .loader<string, ExternalRef[]>('externalRefs.byEntity', async (ids) => {
        const rows = await this.db.query<RefRow>(
          `SELECT system, external_id, entity_type, entity_id, created_at FROM external_refs WHERE organization_id = $1 AND entity_id = ANY($2::uuid[]) ORDER BY system`,
          [ctx.organizationId, ids],
        );
        return ids.map((id) => rows.filter((r) => r.entity_id === id).map(toRef));
      })
      .load(entityId);
  }

  async resolve(ctx: RequestContext, type: T, ref: ExternalRefInput): Promise<string | null> {
    const row = await this.db.queryOne<{ entity_id: string }>(
      `SELECT entity_id FROM external_refs WHERE organization_id = $1 AND system = $2 AND entity_type = $3 AND external_id = $4`,
      [ctx.organizationId, ref.system, type, ref.externalId],
    );
    return row?.entity_id ?? null;
  }

  /**
   * The entity an external id names, when the caller may read it; null when it names nothing.
   * One they may not read is NOT_FOUND naming the external id, never the internal id: exactly
   * what an unknown external id answers where the caller looks it up (brandByExternalRef,
   * parent and brand references of the upserts).
   */
  async resolveInSight(ctx: RequestContext, type: T, ref: ExternalRefInput, field?: string): Promise<string | null> {
    const id = await this.resolve(ctx, type, ref);
    if (id && !(await this.inSight(ctx, type, id))) throw refNotFound(type, ref, field);
    return id;
  }

  /** Whether the caller may see the brand (it exists in their organization and they may read it). */
  async brandInSight(ctx: RequestContext, id: string): Promise<boolean> {
    return Boolean(await this.inSight(ctx, T.BRAND, id));
  }

  async brandByRef(ctx: RequestContext, ref: ExternalRefInput): Promise<Brand> {
    const id = await this.resolve(ctx, T.BRAND, ref);
    const brand = id ? await this.brandReader.findMaybe(ctx, id) : null;
    if (!brand) throw refNotFound(T.BRAND, ref);
    return brand;
  }

  /** Names an entity in a system. Needs integration:manage where the entity lives. */
  async set(ctx: RequestContext, input: SetExternalRefInput): Promise<ExternalRef> {
    return this.db.transaction(async () => {
      // Users and contacts are organization-level: whoever may not name them org-wide learns nothing of which exist.
      if (ORGANIZATION_LEVEL.includes(input.entityType)) this.access.assert(ctx, Permission.INTEGRATION_MANAGE, null);
      const scope = await this.scopeOf(ctx, input.entityType, input.entityId);
      this.access.assert(ctx, Permission.INTEGRATION_MANAGE, scope);
      // Naming an entity again with the id it already has is a no-op, not a conflict.
      const same = await this.db.queryOne<RefRow>(
        `SELECT system, external_id, entity_type, entity_id, created_at FROM external_refs
          WHERE organization_id = $1 AND system = $2 AND entity_type = $3 AND external_id = $4 AND entity_id = $5`,
        [ctx.organizationId, input.system, input.entityType, input.externalId, input.entityId],
      );
      if (same) return toRef(same);
      return this.link(ctx, input.entityType, input.entityId, input, scope?.id ?? null);
    });
  }

  async upsertBrand(ctx: RequestContext, input: UpsertBrandByExternalRefInput): Promise<{ brand: Brand; created: boolean }> {
    if (input.parentId && input.parentExternalRef) throw BadUserInputError.field('input.parentId', 'give parentId or parentExternalRef, not both');
    return this.db.transaction(async () => {
      await this.lockRef(ctx, T.BRAND, input);
      const parentId = input.parentExternalRef ? await this.resolveInSight(ctx, T.BRAND, input.parentExternalRef, 'input.parentExternalRef') : (input.parentId ?? null);
      if (input.parentExternalRef && !parentId) throw refNotFound(T.BRAND, input.parentExternalRef, 'input.parentExternalRef');
      // A brand out of the caller's sight already holds this external id: it cannot be created again, nor named.
      const existing = await this.resolveInSight(ctx, T.BRAND, input, 'input.externalId');
      const fields = { name: input.name, description: input.description, branding: input.branding, audience: input.audience, goals: input.goals };
      if (!existing) {
        const brand = await this.brands.create(ctx, { ...fields, slug: input.slug, parentId });
        await this.link(ctx, T.BRAND, brand.id, input, brand.id);
        return { brand, created: true };
      }
      let brand = await this.updateBrand(ctx, { id: existing, ...fields, ...(input.slug ? { slug: input.slug } : {}) });
      if ((brand.parentId ?? null) !== parentId) brand = await this.brands.move(ctx, { id: existing, newParentId: parentId });
      return { brand, created: false };
    });
  }

  async upsertProfile(ctx: RequestContext, input: UpsertSocialProfileByExternalRefInput): Promise<{ profile: SocialProfile; created: boolean }> {
    if (input.brandId && input.brandExternalRef) throw BadUserInputError.field('input.brandId', 'give brandId or brandExternalRef, not both');
    return this.db.transaction(async () => {
      await this.lockRef(ctx, T.SOCIAL_PROFILE, input);
      const brandId = input.brandExternalRef ? await this.resolveInSight(ctx, T.BRAND, input.brandExternalRef, 'input.brandExternalRef') : (input.brandId ?? null);
      if (input.brandExternalRef && !brandId) throw refNotFound(T.BRAND, input.brandExternalRef, 'input.brandExternalRef');
      if (!brandId) throw BadUserInputError.field('input.brandExternalRef', 'give brandId or brandExternalRef');
      const existing = await this.resolveInSight(ctx, T.SOCIAL_PROFILE, input, 'input.externalId');
      if (!existing) {
        const profile = await this.profiles.create(ctx, { brandId, network: input.network, handle: input.handle.replace(/^@/, ''), displayName: input.displayName, url: input.url });
        await this.link(ctx, T.SOCIAL_PROFILE, profile.id, input, brandId);
        return { profile, created: true };
      }
      const profile = await this.updateProfile(ctx, { id: existing, handle: input.handle.replace(/^@/, ''), displayName: input.displayName, url: input.url });
      if (profile.brandId !== brandId) throw BadUserInputError.field('input.brandId', 'a profile cannot move to another brand');
      return { profile, created: false };
    });
  }

  /**
   * A brand update that is kept only when it changes something: a sync that repeats what is
   * already there (an upsert, a re-import) writes nothing, so it leaves no audit event, no
   * change-feed entry and no webhook behind. Permissions are checked all the same.
   */
  async updateBrand(ctx: RequestContext, input: UpdateBrandInput): Promise<Brand> {
    const row = await this.db.queryOne<BrandRow>(`SELECT ${brandColumns('b')} FROM brands b WHERE b.organization_id = $1 AND b.id = $2 FOR UPDATE`, [
      ctx.organizationId,
      input.id,
    ]);
    return this.keepIfChanged(row && toBrand(row), () => this.brands.update(ctx, input));
  }

  /** A profile update kept only when it changes something (see updateBrand). */
  async updateProfile(ctx: RequestContext, input: UpdateSocialProfileInput): Promise<SocialProfile> {
    const row = await this.db.queryOne<SocialProfileRow>(
      `SELECT ${profileColumns('p')} FROM social_profiles p WHERE p.organization_id = $1 AND p.id = $2 FOR UPDATE`,
      [ctx.organizationId, input.id],
    );
    return this.keepIfChanged(row && toSocialProfile(row), () => this.profiles.update(ctx, input));
  }

  /** Runs `update` in a savepoint and undoes it when it changed nothing but `updatedAt`. */
  private async keepIfChanged<E extends object>(before: E | undefined, update: () => Promise<E>): Promise<E> {
    if (!before) return update();
    try {
      return await this.db.savepoint(async () => {
        const after = await update();
        if (Object.keys(diff(before, after).after ?? {}).every((key) => key === 'updatedAt')) throw new Unchanged();
        return after;
      });
    } catch (error) {
      if (error instanceof Unchanged) return before;
      throw error;
    }
  }

  /** Serializes everyone upserting the same external id (transaction-scoped). */
  private async lockRef(ctx: RequestContext, type: T, ref: ExternalRefInput): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`parasol.extref:${ctx.organizationId}:${type}:${ref.system}:${ref.externalId}`]);
  }

  private async link(ctx: RequestContext, type: T, entityId: string, ref: ExternalRefInput, brandId: string | null): Promise<ExternalRef> {
    try {
      const row = await this.db.queryOne<RefRow>(
        `INSERT INTO external_refs (organization_id, system, external_id, entity_type, entity_id) VALUES ($1, $2, $3, $4, $5)
         RETURNING system, external_id, entity_type, entity_id, created_at`,
        [ctx.organizationId, ref.system, ref.externalId, type, entityId],
      );
      await this.events.publish(ctx, new ExternalRefCreated({ ref: toRef(row!), brandId }));
      return toRef(row!);
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_external_refs_external_id')) throw new ConflictError(`${ref.system}:${ref.externalId} already names another ${type.toLowerCase()}`);
      if (isUniqueViolation(error, 'UQ_external_refs_entity')) throw new ConflictError(`This ${type.toLowerCase()} already has an id in ${ref.system}`);
      throw error;
    }
  }

  /** The brand an entity lives on (null for users, which are organization-level); NOT_FOUND when out of sight. */
  private async scopeOf(ctx: RequestContext, type: T, id: string): Promise<BrandScope | null> {
    const found = await this.inSight(ctx, type, id);
    if (!found) throw new NotFoundError(ENTITY_NAME[type], id, 'input.entityId');
    return found.scope;
  }

  /** Whether the entity exists and the caller may see it, with the brand it lives on (none for a user). */
  private async inSight(ctx: RequestContext, type: T, id: string): Promise<{ scope: BrandScope | null } | null> {
    if (type === T.USER || type === T.CONTACT) {
      const table = type === T.USER ? 'users' : 'contacts';
      const found = await this.db.queryOne(`SELECT 1 FROM ${table} WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      return found ? { scope: null } : null;
    }
    const onBrand = (table: string) => `${table} e JOIN brands b ON b.id = e.brand_id WHERE e.id = $2`;
    const table = { BRAND: 'brands b WHERE b.id = $2', SOCIAL_PROFILE: onBrand('social_profiles'), POST: onBrand('posts'), INBOX_ITEM: onBrand('inbox_items') }[type];
    const row = await this.db.queryOne<{ id: string; ancestor_ids: string[] }>(`SELECT b.id, b.ancestor_ids FROM ${table} AND b.organization_id = $1`, [ctx.organizationId, id]);
    const scope = row ? { id: row.id, ancestorIds: row.ancestor_ids } : null;
    return scope && this.access.canSee(ctx, scope) ? { scope } : null;
  }
}
