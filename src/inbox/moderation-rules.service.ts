import { Injectable } from '@nestjs/common';
import { BadUserInputError, ForbiddenError, NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, BrandScope, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { PostTag } from '../../libs/policy-engine';
import { EventPublisher } from '../audit';
import { InboxAbout } from './inbox.enums';
import { ModerationCheckInput, SetModerationRuleInput } from './dto/moderation-rule.inputs';
import { lockingRule, moderate, normalizeModerationRule, validateModerationRule } from './moderation';
import { ModerationCheckResult, ModerationRule } from './moderation-rule.types';
import { ModerationRuleRemoved, ModerationRuleSet } from './moderation.events';
import { effectiveRows, ModerationRuleRow, ModerationStore, RULE_COLUMNS, toModerationRule, toRuleData } from './moderation-store';
import { brandRules, outcomeFields, withEligibleAssignee } from './moderation-triage';

/** Moderation rules on brands: set, removed, listed as in force, and dry-run over a text. */
@Injectable()
export class ModerationRulesService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
  ) {}

  /**
   * Creates or replaces the brand's rule of that name. Refused with FORBIDDEN, naming the
   * brand, when an ancestor locked that name (as setPolicy refuses a locked type).
   */
  async set(ctx: RequestContext, input: SetModerationRuleInput): Promise<ModerationRule> {
    const { brandId, ...rule } = input;
    const problems = validateModerationRule(rule);
    if (problems.length) {
      const fields = problems.map((p) => ({ field: p.field ? `input.${p.field}` : 'input', message: p.message }));
      throw new BadUserInputError(`Invalid moderation rule: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`, fields);
    }
    const clean = normalizeModerationRule(rule as unknown as Record<string, unknown>);
    clean.name = clean.name.normalize('NFC');
    return this.db.transaction(async () => {
      const store = new ModerationStore(this.db, ctx.organizationId);
      const brand = await this.brandScope(ctx, brandId, 'input.brandId');
      this.access.assert(ctx, Permission.POLICY_MANAGE, brand, 'Brand', 'input.brandId');
      await this.assertAssignees(store, brand, clean.actions);
      const chain = (await store.chains([brand])).get(brand.id)!;
      const lock = lockingRule(chain.map((level) => level.map(toRuleData)), clean.name);
      if (lock && lock.brandId !== brand.id) {
        const [{ name }] = await this.db.query<{ name: string }>(`SELECT name FROM brands WHERE id = $1`, [lock.brandId]);
        throw new ForbiddenError(`The moderation rule "${lock.name}" is locked by ${name}; brands below it cannot override it`, {
          lockedBy: { brandId: lock.brandId, brandName: name, ruleId: lock.id },
        });
      }
      const row = await this.db.queryOne<ModerationRuleRow>(
        `INSERT INTO moderation_rules AS t (organization_id, brand_id, name, position, enabled, locked, match, conditions, actions, stop, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (organization_id, brand_id, lower(name)) DO UPDATE
            SET name = excluded.name, position = excluded.position, enabled = excluded.enabled, locked = excluded.locked, match = excluded.match,
                conditions = excluded.conditions, actions = excluded.actions, stop = excluded.stop, version = t.version + 1, updated_at = now()
         RETURNING ${RULE_COLUMNS('t')}`,
        [
          ctx.organizationId, brand.id, clean.name, clean.position, clean.enabled, clean.locked, clean.match,
          JSON.stringify(clean.conditions), JSON.stringify(clean.actions), clean.stop, ctx.requirePrincipal.id,
        ],
      );
      const saved = toModerationRule(row!);
      await this.events.publish(ctx, new ModerationRuleSet({ rule: saved }));
      return saved;
    });
  }

  async remove(ctx: RequestContext, id: string): Promise<ModerationRule> {
    return this.db.transaction(async () => {
      const row = await this.db.queryOne<ModerationRuleRow & { ancestor_ids: string[] }>(
        `SELECT ${RULE_COLUMNS('r')}, b.ancestor_ids FROM moderation_rules r JOIN brands b ON b.id = r.brand_id
          WHERE r.organization_id = $1 AND r.id = $2 FOR UPDATE OF r`,
        [ctx.organizationId, id],
      );
      const scope = row ? { id: row.brand_id, ancestorIds: row.ancestor_ids } : null;
      if (!row || !this.access.canSee(ctx, scope!)) throw new NotFoundError('ModerationRule', id, 'id');
      this.access.assert(ctx, Permission.POLICY_MANAGE, scope);
      await this.db.query(`DELETE FROM moderation_rules WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      const removed = toModerationRule(row);
      await this.events.publish(ctx, new ModerationRuleRemoved({ rule: removed }));
      return removed;
    });
  }

  /** The rules in force on the brand, in run order, each with the brand it comes from. */
  async effective(ctx: RequestContext, brandId: string): Promise<ModerationRule[]> {
    const brand = await this.brandScope(ctx, brandId, 'brandId');
    const chain = (await new ModerationStore(this.db, ctx.organizationId).chains([brand])).get(brand.id)!;
    return effectiveRows(chain).map(({ row, effective }) => toModerationRule(row, effective.inheritedFrom));
  }

  /** The rules in force on a brand already read (Brand.moderationRules), batched per request: one statement for a page of brands. */
  effectiveOn(ctx: RequestContext, brand: BrandScope): Promise<ModerationRule[]> {
    return ctx
      .loader<BrandScope, ModerationRule[]>('moderationRules.effective', async (brands) => {
        const chains = await new ModerationStore(this.db, ctx.organizationId).chains(brands);
        return brands.map((b) => effectiveRows(chains.get(b.id)!).map(({ row, effective }) => toModerationRule(row, effective.inheritedFrom)));
      }, (b) => b.id)
      .load(brand);
  }

  /**
   * What the rules in force on the brand would do to an item with this text, as ingest would
   * decide it (ROUND_ROBIN names whose turn it is now), without writing anything.
   */
  async check(ctx: RequestContext, input: ModerationCheckInput): Promise<ModerationCheckResult> {
    const brand = await this.brandScope(ctx, input.brandId, 'input.brandId');
    const store = new ModerationStore(this.db, ctx.organizationId);
    const rules = brandRules(effectiveRows((await store.chains([brand])).get(brand.id)!).map((r) => r.effective));
    const agents = rules.assigns ? (await store.agents([brand])).get(brand.id) : undefined;
    const turn = rules.roundRobin ? await store.turnsTaken(brand.id) : 0;
    const about = input.about ?? InboxAbout.OTHER;
    const item = {
      body: input.body,
      kind: input.kind,
      // Without a network, NETWORK conditions have nothing to match.
      network: (input.network ?? null) as never,
      about,
      authorSeenBefore: input.authorSeenBefore ?? false,
      postTags: (input.postTags ?? []) as PostTag[],
    };
    const outcome = withEligibleAssignee(moderate(item, rules.compiled, { agentIds: agents?.agents ?? [], roundRobinOffset: turn }), agents);
    const { status, about: decided, priority, labels, assigneeId } = outcomeFields(outcome, about);
    const at = new Date();
    return { status, about: decided, priority, labels, assigneeId, trail: outcome.trail.map((entry) => ({ ...entry, at })) };
  }

  /** Every ASSIGN must name an active user of the organization holding inbox:respond on the brand. */
  private async assertAssignees(store: ModerationStore, brand: BrandScope, actions: { type: string; principalId?: string }[]): Promise<void> {
    const named = actions.map((a, i) => ({ id: a.principalId, i })).filter((a): a is { id: string; i: number } => a.id !== undefined);
    if (named.length === 0) return;
    const eligible = (await store.agents([brand])).get(brand.id)!.eligible;
    const wrong = named.filter((a) => !eligible.has(a.id));
    if (wrong.length) {
      const fields = wrong.map((a) => ({ field: `input.actions.${a.i}.principalId`, message: 'no active user holding inbox:respond on this brand' }));
      throw new BadUserInputError(`Cannot assign to ${wrong.map((a) => a.id).join(', ')}: no active user holding inbox:respond on this brand`, fields);
    }
  }

  /** A brand of the organization the caller can see; NOT_FOUND otherwise (unknown, foreign and out of reach read the same). */
  private async brandScope(ctx: RequestContext, brandId: string, field: string): Promise<BrandScope> {
    const row = await this.db.queryOne<{ ancestor_ids: string[] }>(`SELECT ancestor_ids FROM brands WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, brandId]);
    const scope = row ? { id: brandId, ancestorIds: row.ancestor_ids } : null;
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('Brand', brandId, field);
    return scope;
  }
}
