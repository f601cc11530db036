import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext, SocialNetwork } from '../../libs/core';
import { covers } from '../../libs/auth';
import { Db } from '../../libs/database';
import { evaluatePost, PostFormat, PostTag, requiredReplyWorkflows, RequiredWorkflow, Violation } from '../../libs/policy-engine';
import { PoliciesService, PolicyViolation } from '../policies';
import { ConnectorProfile } from '../publishing';
import { InboxItem } from './inbox.types';

/** What the policies say about one reply. */
export interface ReplyVerdict {
  violations: Violation[];
  workflows: RequiredWorkflow[];
  profile: ConnectorProfile;
}

export const toPolicyViolation = (v: Violation): PolicyViolation => ({ ...v, field: v.field ?? null });

/**
 * A reply is content the brand publishes: the item's brand's effective policies judge it with the
 * same engine as posts (a TEXT post with the reply's tags on the item's profile), at stage SUBMIT so
 * the posting-cadence and original-ratio rules, which count posts, stay out of it. Which approval
 * workflows it needs is APPROVAL_REQUIRED's `replies` member, from what the item is about and the
 * roles its author holds on the item's brand or above.
 */
@Injectable()
export class ReplyPolicies {
  constructor(
    private readonly db: Db,
    private readonly policies: PoliciesService,
  ) {}

  async judge(ctx: RequestContext, item: InboxItem, body: string, tags: PostTag[], authorRoleKeys = this.roleKeysOn(ctx, item)): Promise<ReplyVerdict> {
    const profile = await this.db.queryOne<ConnectorProfile>(`SELECT id, network, handle FROM social_profiles WHERE organization_id = $1 AND id = $2`, [
      ctx.organizationId,
      item.profileId,
    ]);
    if (!profile) throw new NotFoundError('SocialProfile', item.profileId);
    const rules = await this.policies.effectiveRules(ctx, { id: item.brandId, ancestorIds: item.brandAncestorIds });
    const content = {
      body, format: PostFormat.TEXT, tags, durationSeconds: null, source: null, label: null, internalTest: null,
      profiles: [{ id: profile.id, network: profile.network as SocialNetwork }],
    };
    const violations = evaluatePost(content, rules, { stage: 'SUBMIT', at: new Date(), activity: [] });
    const workflows = requiredReplyWorkflows({ about: item.about, authorRoleKeys }, rules);
    return { violations, workflows, profile };
  }

  /** The caller's roles on the item's brand or above (org-wide ones included). */
  roleKeysOn(ctx: RequestContext, item: InboxItem): string[] {
    const scope = { id: item.brandId, ancestorIds: item.brandAncestorIds };
    return [...new Set(ctx.requirePrincipal.grants.filter((g) => covers(g, scope)).map((g) => g.roleKey))];
  }
}
