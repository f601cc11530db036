import { EventPublisher } from '../audit';
import { BrandArchived, BrandCreated, BrandMoved, BrandUpdated } from './brand.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, NotFoundError, RequestContext, slugify } from '../../libs/core';
import { Permission, AccessService, brandSubtreeIds } from '../../libs/auth';
import { Db, isUniqueViolation, pgConstraint } from '../../libs/database';
import { AudienceData, BrandingData, BrandStatus } from './brand.entity';
import { brandColumns, BrandRow, toBrand } from './brand.mapper';
import { Brand } from './brand.type';
import { archivedBrand, BRAND_SLUG_CONSTRAINTS, cycleMove, slugTaken } from './brands.exception';
import { AudienceInput, BrandingInput, CreateBrandInput, MoveBrandArgs, UpdateBrandInput } from './dto/brand.inputs';

/** Merges a patch into stored JSON: a key left out keeps its value, null clears it. */
function mergePatch<T extends object>(stored: T, patch: object | null | undefined): T {
  if (patch === null) return {} as T;
  if (!patch) return stored;
  const merged: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged as T;
}

/**
 * Changes to the brand tree. Every structural change (create under a parent, move, archive)
 * takes the organization's tree lock first, so two concurrent moves can never build a cycle.
 */
@Injectable()
export class BrandsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
  ) {}

  /** A root needs brand:manage org-wide; a sub-brand, brand:manage on its parent. */
  async create(ctx: RequestContext, input: CreateBrandInput): Promise<Brand> {
    const slug = input.slug ?? slugify(input.name);
    if (!slug) throw BadUserInputError.field('input.slug', 'cannot be derived from the name; give a slug');
    return this.db.transaction(async () => {
      await this.lockTree(ctx);
      const parent = input.parentId ? await this.lockBrand(ctx, input.parentId, 'input.parentId') : null;
      this.access.assert(ctx, Permission.BRAND_MANAGE, parent, 'Brand', 'input.parentId');
      if (parent?.archivedAt) throw archivedBrand('input.parentId', parent.id);
      const row = await this.write(slug, parent?.id ?? null, () =>
        this.db.queryOne<BrandRow>(
          `INSERT INTO brands (organization_id, parent_id, ancestor_ids, depth, name, slug, description, branding, audience, goals)
           VALUES ($1, $2, $3::uuid[], $4, $5, $6, $7, $8, $9, $10)
           RETURNING ${brandColumns('brands')}`,
          [
            ctx.organizationId,
            parent?.id ?? null,
            parent ? [...parent.ancestorIds, parent.id] : [],
            parent ? parent.depth + 1 : 0,
            input.name.trim(),
            slug,
            input.description ?? null,
            mergePatch<BrandingData>({}, input.branding as BrandingInput | undefined),
            mergePatch<AudienceData>({}, input.audience as AudienceInput | undefined),
            input.goals ?? [],
          ],
        ),
      );
      const created = toBrand(row!);
      await this.events.publish(ctx, new BrandCreated({ brand: created }));
      return created;
    });
  }

  async update(ctx: RequestContext, input: UpdateBrandInput): Promise<Brand> {
    return this.db.transaction(async () => {
      const brand = await this.lockBrand(ctx, input.id, 'input.id');
      this.access.assert(ctx, Permission.BRAND_MANAGE, brand, 'Brand', 'input.id');
      const row = await this.write(input.slug ?? brand.slug, brand.parentId, () =>
        this.db.queryOne<BrandRow>(
          `UPDATE brands SET name = $3, slug = $4, description = $5, branding = $6, audience = $7, goals = $8, updated_at = now()
            WHERE organization_id = $1 AND id = $2
           RETURNING ${brandColumns('brands')}`,
          [
            ctx.organizationId,
            brand.id,
            input.name?.trim() ?? brand.name,
            input.slug ?? brand.slug,
            input.description === undefined ? brand.description : input.description,
            mergePatch(brand.branding, input.branding),
            mergePatch(brand.audience, input.audience),
            input.goals === undefined ? brand.goals : (input.goals ?? []),
          ],
        ),
      );
      const updated = toBrand(row!);
      await this.events.publish(ctx, new BrandUpdated({ before: brand, after: updated }));
      return updated;
    });
  }

  /**
   * Moves a brand with its whole subtree: one UPDATE, whatever the subtree's size. Needs
   * brand:manage on the brand and on the new parent (org-wide to make it a root).
   */
  async move(ctx: RequestContext, args: MoveBrandArgs): Promise<Brand> {
    return this.db.transaction(async () => {
      await this.lockTree(ctx);
      const brand = await this.lockBrand(ctx, args.id, 'id');
      this.access.assert(ctx, Permission.BRAND_MANAGE, brand, 'Brand', 'id');
      if (brand.archivedAt) throw archivedBrand('id', brand.id);
      const parent = args.newParentId ? await this.lockBrand(ctx, args.newParentId, 'newParentId') : null;
      this.access.assert(ctx, Permission.BRAND_MANAGE, parent, 'Brand', 'newParentId');
      if (parent && (parent.id === brand.id || parent.ancestorIds.includes(brand.id))) throw cycleMove();
      if (parent?.archivedAt) throw archivedBrand('newParentId', parent.id);
      if ((parent?.id ?? null) === brand.parentId) return brand;

      const prefix = parent ? [...parent.ancestorIds, parent.id] : [];
      await this.write(brand.slug, parent?.id ?? null, () =>
        this.db.query(
          `UPDATE brands
              SET ancestor_ids = $3::uuid[] || ancestor_ids[$4::int + 1:],
                  depth = cardinality($3::uuid[]) + depth - $4::int,
                  parent_id = CASE WHEN id = $2 THEN $5::uuid ELSE parent_id END,
                  updated_at = CASE WHEN id = $2 THEN now() ELSE updated_at END
            WHERE organization_id = $1 AND id = ANY(${brandSubtreeIds('$1', 'ARRAY[$2::uuid]')})`,
          [ctx.organizationId, brand.id, prefix, brand.depth, parent?.id ?? null],
        ),
      );
      const moved = await this.lockBrand(ctx, brand.id, 'id');
      await this.events.publish(ctx, new BrandMoved({ before: brand, after: moved }));
      return moved;
    });
  }

  /** Archives a brand, its subtree and their social profiles, in one statement. */
  async archive(ctx: RequestContext, id: string): Promise<Brand> {
    return this.db.transaction(async () => {
      await this.lockTree(ctx);
      const brand = await this.lockBrand(ctx, id, 'id');
      this.access.assert(ctx, Permission.BRAND_MANAGE, brand, 'Brand', 'id');
      await this.db.query(
        // Profiles are archived here rather than by the profiles feature so the whole subtree
        // changes in one statement.
        `WITH archived AS (
           UPDATE brands SET status = $3::brand_status, archived_at = now(), updated_at = now()
            WHERE organization_id = $1 AND id = ANY(${brandSubtreeIds('$1', 'ARRAY[$2::uuid]')}) AND archived_at IS NULL
           RETURNING id
         )
         UPDATE social_profiles SET status = 'ARCHIVED', updated_at = now()
          WHERE organization_id = $1 AND brand_id IN (SELECT id FROM archived) AND status <> 'ARCHIVED'`,
        [ctx.organizationId, id, BrandStatus.ARCHIVED],
      );
      const archived = await this.lockBrand(ctx, id, 'id');
      await this.events.publish(ctx, new BrandArchived({ before: brand, after: archived }));
      return archived;
    });
  }

  /** Serializes structural changes of one organization's tree (transaction-scoped). */
  private async lockTree(ctx: RequestContext): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended('parasol.brand-tree:' || $1, 0))`, [ctx.organizationId]);
  }

  private async lockBrand(ctx: RequestContext, id: string, field: string): Promise<Brand> {
    const row = await this.db.queryOne<BrandRow>(
      `SELECT ${brandColumns('b')} FROM brands b WHERE b.organization_id = $1 AND b.id = $2 FOR UPDATE`,
      [ctx.organizationId, id],
    );
    if (!row) throw new NotFoundError('Brand', id, field);
    return toBrand(row);
  }

  private async write<T>(slug: string, parentId: string | null, statement: () => Promise<T>): Promise<T> {
    try {
      return await statement();
    } catch (error) {
      if (isUniqueViolation(error) && BRAND_SLUG_CONSTRAINTS.includes(pgConstraint(error) ?? '')) throw slugTaken(slug, parentId);
      throw error;
    }
  }
}
