import { EventPublisher } from '../audit';
import { ENTERED, SocialProfileCreated, SocialProfileUpdated } from './social-profile.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, Connection, decodeKeyset, NotFoundError, PolicyViolationError, RequestContext, SocialNetwork, toConnection } from '../../libs/core';
import { blocking, launchReadiness } from '../../libs/policy-engine';
import { PoliciesService } from '../policies';
import { Permission, AccessService, BrandScope } from '../../libs/auth';
import { Db, isUniqueViolation } from '../../libs/database';
import { BrandProfilesArgs, CreateSocialProfileInput, UpdateSocialProfileInput } from './dto/social-profile.inputs';
import { SocialProfileStatus } from './social-profile.entity';
import { allowedTransitions, ENTERED_FROM } from './social-profile.lifecycle';
import { profileColumns, profileCursor, SocialProfileRow, toSocialProfile } from './social-profile.mapper';
import { SocialProfile } from './social-profile.type';
import { handleTaken } from './social-profiles.exception';

const ACTION: Record<SocialProfileStatus, string> = {
  DRAFT: 'draft',
  LIVE: 'launch',
  PAUSED: 'pause',
  ARCHIVED: 'archive',
};

type ScopedProfileRow = SocialProfileRow & { brand_ancestor_ids: string[] };
const brandScope = (row: ScopedProfileRow): BrandScope => ({ id: row.brand_id, ancestorIds: row.brand_ancestor_ids });
const scopeOf = (profile: SocialProfile & { brandAncestorIds?: string[] }): BrandScope => ({ id: profile.brandId, ancestorIds: profile.brandAncestorIds ?? [] });

@Injectable()
export class SocialProfilesService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly policies: PoliciesService,
  ) {}

  async create(ctx: RequestContext, input: CreateSocialProfileInput): Promise<SocialProfile> {
    return this.db.transaction(async () => {
      const brand = await this.db.queryOne<{ archived_at: Date | null; ancestor_ids: string[] }>(
        `SELECT archived_at, ancestor_ids FROM brands WHERE organization_id = $1 AND id = $2 FOR SHARE`,
        [ctx.organizationId, input.brandId],
      );
      if (!brand) throw new NotFoundError('Brand', input.brandId, 'input.brandId');
      this.access.assert(ctx, Permission.PROFILE_MANAGE, { id: input.brandId, ancestorIds: brand.ancestor_ids }, 'Brand', 'input.brandId');
      if (brand.archived_at) throw BadUserInputError.field('input.brandId', `brand ${input.brandId} is archived`);
      const row = await this.unique(input.network, input.handle, () =>
        this.db.queryOne<SocialProfileRow>(
          `INSERT INTO social_profiles (organization_id, brand_id, network, handle, display_name, url)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${profileColumns('social_profiles')}`,
          [ctx.organizationId, input.brandId, input.network, input.handle, input.displayName.trim(), input.url ?? null],
        ),
      );
      const created = toSocialProfile(row!);
      await this.events.publish(ctx, new SocialProfileCreated({ profile: created }));
      return created;
    });
  }

  async update(ctx: RequestContext, input: UpdateSocialProfileInput): Promise<SocialProfile> {
    return this.db.transaction(async () => {
      const current = await this.lock(ctx, input.id, 'input.id');
      const handle = input.handle ?? current.handle;
      const row = await this.unique(current.network, handle, () =>
        this.db.queryOne<SocialProfileRow>(
          `UPDATE social_profiles SET handle = $3, display_name = $4, url = $5, updated_at = now()
            WHERE organization_id = $1 AND id = $2 RETURNING ${profileColumns('social_profiles')}`,
          [ctx.organizationId, current.id, handle, input.displayName?.trim() ?? current.displayName, input.url === undefined ? current.url : input.url],
        ),
      );
      const updated = toSocialProfile(row!);
      await this.events.publish(ctx, new SocialProfileUpdated({ before: current, after: updated }));
      return updated;
    });
  }

  /** Moves a profile to `target`, or fails naming the transitions its status allows. */
  async transition(ctx: RequestContext, id: string, target: SocialProfileStatus): Promise<SocialProfile> {
    return this.db.transaction(async () => {
      const current = await this.lock(ctx, id, 'id');
      if (!ENTERED_FROM[target].includes(current.status)) {
        const allowed = allowedTransitions(current.status);
        throw new BadUserInputError(
          `Cannot ${ACTION[target]} a ${current.status} profile; ` +
            (allowed.length ? `from ${current.status} it may go to ${allowed.join(', ')}` : `${current.status} is final`),
          [{ field: 'id', message: `profile is ${current.status}` }],
        );
      }
      if (target === SocialProfileStatus.LIVE) await this.assertLaunchReady(ctx, current, scopeOf(current));
      const row = await this.db.queryOne<SocialProfileRow>(
        `UPDATE social_profiles
            SET status = $3::social_profile_status, updated_at = now(),
                launched_at = CASE WHEN $3::social_profile_status = 'LIVE' THEN coalesce(launched_at, now()) ELSE launched_at END
          WHERE organization_id = $1 AND id = $2 RETURNING ${profileColumns('social_profiles')}`,
        [ctx.organizationId, id, target],
      );
      const moved = toSocialProfile(row!);
      await this.events.publish(ctx, new ENTERED[target]({ from: current.status, profile: moved }));
      return moved;
    });
  }

  /** A profile of a brand the caller may read; NOT_FOUND otherwise. */
  async findById(ctx: RequestContext, id: string): Promise<SocialProfile> {
    const found = await ctx
      .loader<string, { profile: SocialProfile; brand: BrandScope } | null>('profiles.byId', async (ids) => {
        const rows = await this.db.query<ScopedProfileRow>(
          `SELECT ${profileColumns('p')}, b.ancestor_ids AS brand_ancestor_ids
             FROM social_profiles p JOIN brands b ON b.id = p.brand_id
            WHERE p.organization_id = $1 AND p.id = ANY($2::uuid[])`,
          [ctx.organizationId, ids],
        );
        const byId = new Map(rows.map((r) => [r.id, { profile: toSocialProfile(r), brand: brandScope(r) }]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!found || !this.access.canSee(ctx, found.brand)) throw new NotFoundError('SocialProfile', id);
    return found.profile;
  }

  /** A page of a brand's profiles by network and handle; batched across brands. */
  forBrand(ctx: RequestContext, brandId: string, args: BrandProfilesArgs): Promise<Connection<SocialProfile>> {
    const after = decodeKeyset(args.after, ['string', 'string', 'uuid']);
    if (after && !(Object.values(SocialNetwork) as unknown[]).includes(after[0])) throw BadUserInputError.field('after', 'is not a valid cursor');
    const key = `profiles.byBrand:${JSON.stringify([args.first, args.after ?? null, args.status ?? null, args.network ?? null])}`;
    return ctx
      .loader<string, Connection<SocialProfile>>(key, async (brandIds) => {
        const rows = await this.db.query<SocialProfileRow & { page_brand: string; total: number }>(
          `WITH matching AS (
             SELECT p.* FROM social_profiles p
              WHERE p.organization_id = $1 AND p.brand_id = ANY($2::uuid[])
                AND (CASE WHEN $3::social_profile_status IS NULL THEN p.status <> 'ARCHIVED' ELSE p.status = $3 END)
                AND ($4::social_network IS NULL OR p.network = $4)
           ), totals AS (
             SELECT brand_id, count(*)::int AS total FROM matching GROUP BY brand_id
           ), paged AS (
             SELECT m.*, row_number() OVER (PARTITION BY m.brand_id ORDER BY m.network, lower(m.handle), m.id) AS rn
               FROM matching m
              WHERE $5::social_network IS NULL OR (m.network, lower(m.handle), m.id) > ($5::social_network, $6::text, $7::uuid)
           )
           SELECT t.brand_id AS page_brand, t.total, ${profileColumns('p')}
             FROM totals t LEFT JOIN paged p ON p.brand_id = t.brand_id AND p.rn <= $8
            ORDER BY t.brand_id, p.rn`,
          [ctx.organizationId, brandIds, args.status ?? null, args.network ?? null, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, args.first + 1],
        );
        const pages = new Map<string, { total: number; profiles: SocialProfile[] }>();
        for (const row of rows) {
          const page = pages.get(row.page_brand) ?? { total: row.total, profiles: [] };
          if (row.id) page.profiles.push(toSocialProfile(row));
          pages.set(row.page_brand, page);
        }
        return brandIds.map((id) => {
          const page = pages.get(id) ?? { total: 0, profiles: [] };
          return toConnection(page.profiles, args, page.total, profileCursor);
        });
      })
      .load(brandId);
  }

  /**
   * LAUNCH_READINESS ("start with good content"): a profile goes LIVE only with enough
   * approved or scheduled posts ready for it.
   */
  private async assertLaunchReady(ctx: RequestContext, profile: SocialProfile, brand: BrandScope): Promise<void> {
    const rules = await this.policies.effectiveRules(ctx, brand);
    if (!rules.some((r) => r.type === 'LAUNCH_READINESS' && r.enabled)) return;
    const [{ ready }] = await this.db.query<{ ready: number }>(
      // A post's profiles are its brand's own, so brand_id (btree) narrows first: row-level
      // security keeps the planner from the GIN index of `profile_ids @>`.
      `SELECT count(*)::int AS ready FROM posts
        WHERE organization_id = $1 AND brand_id = $3 AND profile_ids @> ARRAY[$2::uuid] AND status IN ('APPROVED', 'SCHEDULED')`,
      [ctx.organizationId, profile.id, profile.brandId],
    );
    const violations = blocking(launchReadiness(rules, ready));
    if (violations.length) throw new PolicyViolationError(violations.map((v) => ({ ...v, field: v.field ?? null })));
  }

  /** Locks a profile the caller may manage: NOT_FOUND when they cannot see its brand, FORBIDDEN when they cannot manage it. */
  private async lock(ctx: RequestContext, id: string, field: string): Promise<SocialProfile> {
    const row = await this.db.queryOne<ScopedProfileRow>(
      `SELECT ${profileColumns('p')}, b.ancestor_ids AS brand_ancestor_ids
         FROM social_profiles p JOIN brands b ON b.id = p.brand_id
        WHERE p.organization_id = $1 AND p.id = $2
          FOR UPDATE OF p`,
      [ctx.organizationId, id],
    );
    if (!row || !this.access.canSee(ctx, brandScope(row))) throw new NotFoundError('SocialProfile', id, field);
    this.access.assert(ctx, Permission.PROFILE_MANAGE, brandScope(row));
    return Object.assign(toSocialProfile(row), { brandAncestorIds: row.brand_ancestor_ids });
  }

  private async unique<T>(network: SocialNetwork, handle: string, statement: () => Promise<T>): Promise<T> {
    try {
      return await statement();
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_social_profiles_handle')) throw handleTaken(network, handle);
      throw error;
    }
  }
}
