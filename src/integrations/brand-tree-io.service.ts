import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { assertCleanStrings, BadUserInputError, NotFoundError, ParasolError, RequestContext, SocialNetwork } from '../../libs/core';
import { Permission, AccessService, brandSubtreeIds } from '../../libs/auth';
import { Db } from '../../libs/database';
import { BrandsService } from '../brands';
import { SocialProfilesService } from '../profiles';
import { ImportBrandTreeInput, TreeFormat } from './dto/integration.inputs';
import { ExternalRefEntityType as T } from './external-ref.entity';
import { ExternalRefsService } from './external-refs.service';
import { ImportLine, ImportReport } from './external-ref.types';

/** One brand of a tree document (JSON element or CSV row). */
export interface TreeLine {
  /** Slugs from the root, joined by "/": "mars/snickers". The last one is the brand's slug. */
  path: string;
  name: string;
  description?: string | null;
  externalRef?: { system: string; externalId: string } | null;
  profiles?: { network: SocialNetwork; handle: string; displayName?: string | null; url?: string | null }[];
}

const CSV_COLUMNS = ['path', 'name', 'description', 'externalSystem', 'externalId', 'profiles'];
const NETWORKS = new Set<string>(Object.values(SocialNetwork));
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

class ImportRejected extends Error {}

/**
 * Bulk import and export of a brand tree with its profiles. An import is all or nothing: each
 * line runs in a savepoint so every bad line is reported, and any rejection rolls back the lot.
 */
@Injectable()
export class BrandTreeIoService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly brands: BrandsService,
    private readonly profiles: SocialProfilesService,
    private readonly refs: ExternalRefsService,
  ) {}

  /** brand:manage somewhere is the guard's (@Allow); each line is checked on its own brand as it is applied. */
  async import(ctx: RequestContext, input: ImportBrandTreeInput): Promise<ImportReport> {
    const lines = this.parse(input.format, input.document);
    const report: ImportReport = { applied: false, created: [], updated: [], rejected: [] };
    try {
      await this.db.transaction(async () => {
        const ids = new Map<string, string>();
        for (const [i, line] of lines.entries()) {
          const number = input.format === 'CSV' ? i + 2 : i + 1;
          try {
            // Imported text is held to the rules of every GraphQL string: JSON escapes can spell a NUL or a lone surrogate.
            assertCleanStrings(line, '');
            assertLineTypes(line);
            const { brandId, created } = await this.db.savepoint(() => this.apply(ctx, line, ids));
            (created ? report.created : report.updated).push({ line: number, path: line.path, brandId, reason: null });
          } catch (error) {
            if (!(error instanceof ParasolError)) throw error;
            report.rejected.push({ line: number, path: typeof line.path === 'string' ? line.path : null, brandId: null, reason: error.message });
          }
        }
        if (report.rejected.length || input.dryRun) throw new ImportRejected();
      });
      report.applied = true;
    } catch (error) {
      if (!(error instanceof ImportRejected)) throw error;
    }
    return report;
  }

  async export(ctx: RequestContext, format: TreeFormat, rootId: string | null, system: string | null): Promise<string> {
    const reach = this.access.reach(ctx, Permission.BRAND_READ);
    if (rootId) {
      const root = await this.db.queryOne<{ ancestor_ids: string[] }>(`SELECT ancestor_ids FROM brands WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, rootId]);
      if (!root || !this.access.canSee(ctx, { id: rootId, ancestorIds: root.ancestor_ids })) throw new NotFoundError('Brand', rootId, 'rootId');
    }
    const rows = await this.db.query<{ id: string; path: string; name: string; description: string | null; external_id: string | null; profiles: TreeLine['profiles'] }>(
      `SELECT b.id, b.name, b.description,
              (SELECT string_agg(a.slug, '/' ORDER BY a.depth) FROM brands a WHERE a.id = ANY(b.ancestor_ids)) AS ancestors_path, b.slug,
              (SELECT r.external_id FROM external_refs r WHERE r.organization_id = b.organization_id AND r.entity_type = 'BRAND' AND r.entity_id = b.id AND r.system = $4) AS external_id,
              coalesce((SELECT json_agg(json_build_object('network', p.network, 'handle', p.handle, 'displayName', p.display_name, 'url', p.url) ORDER BY p.network, p.handle)
                          FROM social_profiles p WHERE p.brand_id = b.id AND p.status <> 'ARCHIVED'), '[]') AS profiles,
              '' AS path
         FROM brands b
        WHERE b.organization_id = $1 AND b.archived_at IS NULL
          AND ($2::uuid IS NULL OR b.id = ANY(${brandSubtreeIds('$1', 'ARRAY[$2::uuid]')}))
          AND ($3::boolean OR b.id = ANY(${brandSubtreeIds('$1', '$5::uuid[]')}))
        ORDER BY b.depth, b.name, b.id`,
      [ctx.organizationId, rootId, reach.orgWide, system, reach.orgWide ? [] : reach.brandIds],
    );
    const lines: TreeLine[] = rows.map((r) => {
      const row = r as typeof r & { ancestors_path: string | null; slug: string };
      return {
        path: row.ancestors_path ? `${row.ancestors_path}/${row.slug}` : row.slug,
        name: row.name,
        description: row.description,
        externalRef: system && row.external_id ? { system, externalId: row.external_id } : null,
        profiles: row.profiles,
      };
    });
    if (format === 'JSON') return JSON.stringify(lines, null, 2);
    return stringify(
      lines.map((l) => [l.path, l.name, l.description ?? '', l.externalRef?.system ?? '', l.externalRef?.externalId ?? '', (l.profiles ?? []).map((p) => `${p.network}:${p.handle}`).join(' ')]),
      { header: true, columns: CSV_COLUMNS },
    );
  }

  /** Creates or updates one brand (found by external id, else by path) and its profiles. */
  private async apply(ctx: RequestContext, line: TreeLine, ids: Map<string, string>): Promise<{ brandId: string; created: boolean }> {
    const segments = (line.path ?? '').split('/').map((s) => s.trim());
    if (!line.path || segments.some((s) => !SLUG.test(s))) throw BadUserInputError.field('path', 'must be slugs joined by "/", like "mars/snickers"');
    if (!line.name?.trim()) throw BadUserInputError.field('name', 'is required');
    const slug = segments[segments.length - 1];
    const parentPath = segments.slice(0, -1).join('/');
    // A brand out of the caller's sight is named by what the line gave (path, external id), never by
    // its internal id; a parent out of sight reads exactly like one that does not exist.
    let parentId = parentPath ? (ids.get(parentPath) ?? (await this.findByPath(ctx, parentPath))) : null;
    if (parentId && !ids.has(parentPath) && !(await this.refs.brandInSight(ctx, parentId))) parentId = null;
    if (parentPath && !parentId) throw new BadUserInputError(`parent ${parentPath} does not exist (list parents before their children)`);
    let existing = line.externalRef ? await this.refs.resolveInSight(ctx, T.BRAND, line.externalRef, 'externalRef') : null;
    existing ??= await this.findByPath(ctx, line.path);
    if (existing && !(await this.refs.brandInSight(ctx, existing))) throw new NotFoundError('Brand', line.path, 'path');
    let brandId: string;
    if (existing) {
      const brand = await this.refs.updateBrand(ctx, { id: existing, name: line.name, slug, description: line.description ?? undefined });
      if ((brand.parentId ?? null) !== parentId) await this.brands.move(ctx, { id: existing, newParentId: parentId });
      brandId = existing;
    } else {
      brandId = (await this.brands.create(ctx, { name: line.name, slug, parentId, description: line.description ?? null })).id;
    }
    if (line.externalRef && !(await this.refs.resolve(ctx, T.BRAND, line.externalRef))) {
      await this.refs.set(ctx, { entityType: T.BRAND, entityId: brandId, ...line.externalRef });
    }
    for (const profile of line.profiles ?? []) await this.applyProfile(ctx, brandId, profile);
    ids.set(line.path, brandId);
    return { brandId, created: !existing };
  }

  private async applyProfile(ctx: RequestContext, brandId: string, profile: NonNullable<TreeLine['profiles']>[number]): Promise<void> {
    if (!NETWORKS.has(profile.network)) throw BadUserInputError.field('profiles.network', `unknown network ${profile.network}`);
    const handle = String(profile.handle ?? '').replace(/^@/, '');
    const found = await this.db.queryOne<{ id: string; brand_id: string }>(
      `SELECT id, brand_id FROM social_profiles WHERE organization_id = $1 AND network = $2 AND lower(handle) = lower($3)`,
      [ctx.organizationId, profile.network, handle],
    );
    if (found && found.brand_id !== brandId) throw new BadUserInputError(`${profile.network} handle ${handle} belongs to another brand`);
    if (found) await this.refs.updateProfile(ctx, { id: found.id, displayName: profile.displayName ?? undefined, url: profile.url ?? undefined });
    else await this.profiles.create(ctx, { brandId, network: profile.network, handle, displayName: profile.displayName ?? handle, url: profile.url ?? null });
  }

  private async findByPath(ctx: RequestContext, path: string): Promise<string | null> {
    const row = await this.db.queryOne<{ id: string }>(
      `SELECT b.id FROM brands b
        WHERE b.organization_id = $1 AND b.archived_at IS NULL AND b.slug = $3
          AND coalesce((SELECT string_agg(a.slug, '/' ORDER BY a.depth) FROM brands a WHERE a.id = ANY(b.ancestor_ids)), '') = $2`,
      [ctx.organizationId, path.split('/').slice(0, -1).join('/'), path.split('/').pop()],
    );
    return row?.id ?? null;
  }

  private parse(format: TreeFormat, document: string): TreeLine[] {
    if (format === 'JSON') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(document);
      } catch (error) {
        throw BadUserInputError.field('input.document', `is not valid JSON: ${(error as Error).message}`);
      }
      if (!Array.isArray(parsed)) throw BadUserInputError.field('input.document', 'must be a JSON array of brands');
      const notObject = parsed.findIndex((line) => line === null || typeof line !== 'object' || Array.isArray(line));
      if (notObject >= 0) throw BadUserInputError.field(`input.document.${notObject}`, 'must be an object (one brand)');
      return parsed as TreeLine[];
    }
    let records: Record<string, string>[];
    try {
      records = parse(document, { columns: true, skip_empty_lines: true, trim: true });
    } catch (error) {
      throw BadUserInputError.field('input.document', `is not valid CSV: ${(error as Error).message}`);
    }
    return records.map((r) => ({
      path: r.path,
      name: r.name,
      description: r.description || null,
      externalRef: r.externalSystem && r.externalId ? { system: r.externalSystem, externalId: r.externalId } : null,
      profiles: (r.profiles ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((p) => {
          const [network, ...handle] = p.split(':');
          return { network: network as SocialNetwork, handle: handle.join(':') };
        }),
    }));
  }
}

const isText = (value: unknown) => typeof value === 'string';
const isOptionalText = (value: unknown) => value === undefined || value === null || typeof value === 'string';

/** A JSON line's fields have the types of TreeLine, so a number where text belongs is the line's fault, not a TypeError. */
function assertLineTypes(line: TreeLine): void {
  if (!isText(line.path)) throw BadUserInputError.field('path', 'must be text');
  if (!isText(line.name)) throw BadUserInputError.field('name', 'must be text');
  if (!isOptionalText(line.description)) throw BadUserInputError.field('description', 'must be text or null');
  const ref = line.externalRef as unknown;
  if (ref !== undefined && ref !== null && !(typeof ref === 'object' && isText((ref as { system?: unknown }).system) && isText((ref as { externalId?: unknown }).externalId))) {
    throw BadUserInputError.field('externalRef', 'must be { system, externalId } or null');
  }
  const profiles = line.profiles as unknown;
  if (profiles === undefined || profiles === null) return;
  if (!Array.isArray(profiles)) throw BadUserInputError.field('profiles', 'must be a list');
  for (const [i, profile] of profiles.entries()) {
    const p = profile as Record<string, unknown> | null;
    if (!p || typeof p !== 'object' || !isText(p.network) || !isText(p.handle) || !isOptionalText(p.displayName) || !isOptionalText(p.url)) {
      throw BadUserInputError.field(`profiles.${i}`, 'must be { network, handle, displayName?, url? } with text values');
    }
  }
}
