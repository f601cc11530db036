import { Injectable } from '@nestjs/common';
import { Connection, decodeKeyset, NotFoundError, RequestContext, toConnection } from '../../libs/core';
import { Permission, AccessService, brandSubtreeIds } from '../../libs/auth';
import { Db, keysetPage, escapeLike } from '../../libs/database';
import { BrandsArgs, DescendantsArgs } from './dto/brand.inputs';
import { brandColumns, BrandRow, toBrand } from './brand.mapper';
import { Brand } from './brand.type';

/** The order of a subtree page (breadth first: depth, then name), as a cursor. */
export const subtreeCursor = (b: Brand) => [b.depth, b.name, b.id];

/**
 * Reads of the brand tree. Each is one SQL statement whatever the depth or size of the tree,
 * and batched per request: resolving `children` on 50 brands is still one statement.
 */
@Injectable()
export class BrandReader {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  /** A brand the caller may read; NOT_FOUND for one of another organization or out of reach. */
  async findById(ctx: RequestContext, id: string): Promise<Brand> {
    const brand = await this.findMaybe(ctx, id);
    if (!brand) throw new NotFoundError('Brand', id);
    return brand;
  }

  /** The brand, or null when it does not exist or the caller may not read it. */
  async findMaybe(ctx: RequestContext, id: string): Promise<Brand | null> {
    const brand = await this.load(ctx, id);
    return brand && this.access.canSee(ctx, brand) ? brand : null;
  }

  private load(ctx: RequestContext, id: string): Promise<Brand | null> {
    return ctx
      .loader<string, Brand | null>('brands.byId', async (ids) => {
        const rows = await this.db.query<BrandRow>(
          `SELECT ${brandColumns('b')} FROM brands b WHERE b.organization_id = $1 AND b.id = ANY($2::uuid[])`,
          [ctx.organizationId, ids],
        );
        const byId = new Map(rows.map((r) => [r.id, toBrand(r)]));
        return ids.map((id) => byId.get(id) ?? null);
      })
      .load(id);
  }

  /** Ancestors of a brand the caller may read, root first. */
  async ancestors(ctx: RequestContext, brand: Brand): Promise<Brand[]> {
    if (brand.ancestorIds.length === 0) return [];
    const ancestors = await ctx
      .loader<string, Brand[]>('brands.ancestors', async (ids) => {
        const rows = await this.db.query<BrandRow & { for_id: string }>(
          `SELECT b.id AS for_id, ${brandColumns('a')}
             FROM brands b
             JOIN brands a ON a.organization_id = b.organization_id AND a.id = ANY(b.ancestor_ids)
            WHERE b.organization_id = $1 AND b.id = ANY($2::uuid[])
            ORDER BY a.depth`,
          [ctx.organizationId, ids],
        );
        const byBrand = new Map<string, Brand[]>(ids.map((id) => [id, []]));
        for (const row of rows) byBrand.get(row.for_id)!.push(toBrand(row));
        return ids.map((id) => byBrand.get(id)!);
      })
      .load(brand.id);
    return ancestors.filter((a) => this.access.canSee(ctx, a));
  }

  /**
   * A page of the subtree under a brand, breadth first (depth, then name). `maxDepth: 1`
   * gives the children.
   */
  subtree(ctx: RequestContext, rootId: string, args: DescendantsArgs): Promise<Connection<Brand>> {
    const after = decodeKeyset(args.after, ['int', 'string', 'uuid']);
    const maxDepth = args.maxDepth ?? null;
    const includeArchived = Boolean(args.includeArchived);
    const key = `brands.subtree:${JSON.stringify([args.first, args.after ?? null, includeArchived, maxDepth])}`;
    return ctx
      .loader<string, Connection<Brand>>(key, async (rootIds) => {
        const rows = await this.db.query<BrandRow & { page_root: string; total: number }>(
          // Walks parent_id down from each root (btree, usable under row-level security; see
          // brand-subtree.sql.ts), through archived brands too: the archived filter applies to
          // each brand, as it always has. A brand at maxDepth is not expanded, so `children`
          // (maxDepth 1) is one index probe per root.
          `WITH RECURSIVE roots AS (
             SELECT r.id AS root_id, r.depth AS root_depth FROM brands r
              WHERE r.organization_id = $1 AND r.id = ANY($2::uuid[])
           ), tree AS (
             SELECT roots.root_id, roots.root_depth, b.*
               FROM roots JOIN brands b ON b.organization_id = $1 AND b.parent_id = roots.root_id
             UNION ALL
             SELECT t.root_id, t.root_depth, b.*
               FROM tree t JOIN brands b ON b.organization_id = $1 AND b.parent_id = t.id
              WHERE $4::int IS NULL OR t.depth < t.root_depth + $4::int
           ), matching AS (
             SELECT * FROM tree
              WHERE ($3::boolean OR archived_at IS NULL)
                AND ($4::int IS NULL OR depth <= root_depth + $4::int)
           ), totals AS (
             SELECT root_id, count(*)::int AS total FROM matching GROUP BY root_id
           ), paged AS (
             SELECT m.*, row_number() OVER (PARTITION BY m.root_id ORDER BY m.depth, m.name, m.id) AS rn
               FROM matching m
              WHERE $5::int IS NULL OR (m.depth, m.name, m.id) > ($5::int, $6::varchar, $7::uuid)
           )
           SELECT t.root_id AS page_root, t.total, ${brandColumns('p')}
             FROM totals t
             LEFT JOIN paged p ON p.root_id = t.root_id AND p.rn <= $8
            ORDER BY t.root_id, p.rn`,
          [ctx.organizationId, rootIds, includeArchived, maxDepth, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, args.first + 1],
        );
        const pages = new Map<string, { total: number; brands: Brand[] }>();
        for (const row of rows) {
          const page = pages.get(row.page_root) ?? { total: row.total, brands: [] };
          if (row.id) page.brands.push(toBrand(row));
          pages.set(row.page_root, page);
        }
        return rootIds.map((id) => {
          const page = pages.get(id) ?? { total: 0, brands: [] };
          return toConnection(page.brands, args, page.total, subtreeCursor);
        });
      })
      .load(rootId);
  }

  /** The `brands` query: the brands the caller may read, by name, filtered. */
  async list(ctx: RequestContext, args: BrandsArgs): Promise<Connection<Brand>> {
    const filter = args.filter ?? {};
    const readable = this.access.reach(ctx, Permission.BRAND_READ);
    return keysetPage(this.db, {
      matching: `SELECT b.* FROM brands b
          WHERE b.organization_id = $1
            AND ($2::boolean OR b.archived_at IS NULL)
            AND ($3::uuid IS NULL OR b.parent_id = $3::uuid)
            AND (NOT $4::boolean OR b.parent_id IS NULL)
            AND ($5::text IS NULL OR b.name ILIKE '%' || $5::text || '%' OR b.slug ILIKE '%' || $5::text || '%')
            AND ($6::boolean OR b.id = ANY(${brandSubtreeIds('$1', '$7::uuid[]')}))`,
      params: [
        ctx.organizationId,
        Boolean(filter.includeArchived),
        filter.parentId ?? null,
        Boolean(filter.rootsOnly),
        filter.search ? escapeLike(filter.search) : null,
        readable.orgWide,
        readable.orgWide ? [] : readable.brandIds,
      ],
      order: [{ column: 'name', kind: 'string' }, { column: 'id', kind: 'uuid' }],
      direction: 'asc',
      columns: brandColumns('p'),
      map: toBrand,
    }, args);
  }
}
