import { Injectable } from '@nestjs/common';
import { RequestContext, SocialNetwork } from '../../libs/core';
import { Db } from '../../libs/database';
import { EvaluationStage, evaluatePost, isOriginal, PolicyRule, ProfileActivity, requiredWorkflows, Violation } from '../../libs/policy-engine';
import { PoliciesService } from '../policies';
import { toEngineContent } from './post.mapper';
import { Post } from './post.types';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Gathers what the pure policy engine needs for one post (effective policies of its brand,
 * its profiles' networks, their other posts in the time windows) and asks it.
 */
@Injectable()
export class PostEvaluator {
  constructor(
    private readonly db: Db,
    private readonly policies: PoliciesService,
  ) {}

  async evaluate(ctx: RequestContext, post: Post, stage: EvaluationStage, at: Date): Promise<{ violations: Violation[]; rules: PolicyRule[] }> {
    const rules = await this.policies.effectiveRules(ctx, { id: post.brandId, ancestorIds: post.brandAncestorIds });
    const networks = await this.networks(ctx, post.profileIds);
    const activity = needsActivity(rules) ? await this.activity(ctx, post, at, windowDays(rules)) : [];
    const violations = evaluatePost(toEngineContent(post, networks), rules, { stage, at, activity });
    return { violations, rules };
  }

  workflowsFor(post: Post, rules: PolicyRule[], networks = new Map<string, SocialNetwork>()) {
    return requiredWorkflows(toEngineContent(post, networks), rules);
  }

  private async networks(ctx: RequestContext, profileIds: string[]): Promise<Map<string, SocialNetwork>> {
    const rows = await this.db.query<{ id: string; network: SocialNetwork }>(
      `SELECT id, network FROM social_profiles WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [ctx.organizationId, profileIds],
    );
    return new Map(rows.map((r) => [r.id, r.network]));
  }

  /**
   * The profiles' other scheduled and published posts around `at`: one statement. A post's
   * profiles are its brand's own (PostsService checks it on every write, and a profile never
   * changes brand), so the posts on them are among the brand's posts: `p.brand_id` puts posts'
   * brand btree first, as row-level security keeps the planner from the GIN index of
   * `profile_ids &&` (array operators are not leakproof).
   */
  private async activity(ctx: RequestContext, post: Post, at: Date, days: number): Promise<ProfileActivity[]> {
    const rows = await this.db.query<{ profile_id: string; at: Date; tags: Post['tags']; source: unknown }>(
      `SELECT pid AS profile_id, coalesce(p.published_at, p.scheduled_at) AS at, p.tags, p.source
         FROM posts p CROSS JOIN LATERAL unnest(p.profile_ids) AS pid
        WHERE p.organization_id = $1 AND p.brand_id = $6 AND p.id <> $2 AND p.profile_ids && $3::uuid[] AND pid = ANY($3::uuid[])
          AND p.status IN ('SCHEDULED', 'PUBLISHED')
          AND coalesce(p.published_at, p.scheduled_at) BETWEEN $4 AND $5`,
      [ctx.organizationId, post.id, post.profileIds, new Date(at.getTime() - days * DAY), new Date(at.getTime() + 7 * DAY), post.brandId],
    );
    return post.profileIds.map((profileId) => ({
      profileId,
      posts: rows.filter((r) => r.profile_id === profileId).map((r) => ({ at: r.at, original: isOriginal({ tags: r.tags, source: r.source as never }) })),
    }));
  }
}

const needsActivity = (rules: PolicyRule[]) => rules.some((r) => r.enabled && (r.type === 'POSTING_CADENCE' || r.type === 'ORIGINAL_CONTENT_RATIO'));
const windowDays = (rules: PolicyRule[]) =>
  Math.max(7, ...rules.filter((r) => r.type === 'ORIGINAL_CONTENT_RATIO').map((r) => Number((r.config as { windowDays?: number }).windowDays ?? 0)));
