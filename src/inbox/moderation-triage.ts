import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { BrandScope } from '../../libs/auth';
import { Db } from '../../libs/database';
import { PostTag } from '../../libs/policy-engine';
import { ConnectorRegistry } from '../publishing';
import { SocialNetwork } from '../../libs/core';
import { ModerationActionData } from './inbox.entities';
import { InboxAbout, InboxAboutSource, InboxItemKind, InboxItemStatus, InboxPriority } from './inbox.enums';
import { CompiledModerationRules, compileRules, EffectiveModerationRule, moderate, moderatedStatus, ModerationItem, ModerationOutcome } from './moderation';
import { BrandAgents, effectiveRows, ModerationStore } from './moderation-store';

// Moderation rules at ingest (docs/guide/inbox.md, "Moderation rules"): the part of InboxTriage
// that runs the rules in force on each item's brand. Its reads are one statement each for the
// whole batch (the rules of every brand and its ancestors; the agents when a rule assigns; the
// round-robin turns when a rule takes turns), so a call costs the same for 10 items as for 500.

/** What moderation reads of an ingested item (InboxTriage's TriageItem has all of it). */
export interface ModeratedItem {
  brandId: string;
  /** Root first. */
  brandAncestorIds: readonly string[];
  profileId: string;
  profileHandle: string;
  network: SocialNetwork;
  networkId: string;
  kind: InboxItemKind;
  body: string;
  contactSeenBefore: boolean;
  postTags: readonly string[];
  about: InboxAbout;
}

/** What moderation decides for one item: TriageOutcome less the due time. */
export interface ModerationDecision {
  status: InboxItemStatus;
  about: InboxAbout;
  aboutSetBy: InboxAboutSource;
  priority: InboxPriority;
  labels: string[];
  assigneeId: string | null;
  moderation: ModerationActionData[];
}

/** The rules in force on one brand, compiled once per call. */
export interface BrandRules {
  rules: EffectiveModerationRule[];
  compiled: CompiledModerationRules;
  /** Some rule assigns (ASSIGN or ROUND_ROBIN): the brand's agents are needed. */
  assigns: boolean;
  roundRobin: boolean;
}

export function brandRules(rules: EffectiveModerationRule[]): BrandRules {
  const types = new Set(rules.flatMap((r) => r.actions.map((a) => a.type)));
  return { rules, compiled: compileRules(rules), assigns: types.has('ASSIGN') || types.has('ROUND_ROBIN'), roundRobin: types.has('ROUND_ROBIN') };
}

/**
 * An ASSIGN to someone who cannot answer the brand's inbox (deactivated, or their role revoked
 * since the rule was set) is not applied: the item stays unassigned, and its trail says why.
 */
export function withEligibleAssignee(outcome: ModerationOutcome, agents: BrandAgents | undefined): ModerationOutcome {
  const id = outcome.assigneeId;
  if (id === undefined || outcome.roundRobin || agents?.eligible.has(id)) return outcome;
  const text = `assign to ${id}`;
  const trail = outcome.trail.map((e) => ({ ...e, actions: e.actions.map((a) => (a === text ? `${a} (not applied: not an active user with inbox:respond on the brand)` : a)) }));
  const { assigneeId: _dropped, ...rest } = outcome;
  return { ...rest, trail };
}

/** The item's fields for triage, from the moderation outcome. */
export function outcomeFields(outcome: ModerationOutcome, about: InboxAbout): Omit<ModerationDecision, 'moderation'> {
  return {
    status: moderatedStatus(outcome) as InboxItemStatus,
    about: (outcome.about ?? about) as InboxAbout,
    aboutSetBy: outcome.about === undefined ? InboxAboutSource.INGEST : InboxAboutSource.RULE,
    priority: (outcome.priority ?? InboxPriority.NORMAL) as InboxPriority,
    labels: outcome.labels,
    assigneeId: outcome.assigneeId ?? null,
  };
}

const moderationItem = (item: ModeratedItem): ModerationItem => ({
  body: item.body,
  kind: item.kind,
  network: item.network,
  about: item.about,
  authorSeenBefore: item.contactSeenBefore,
  postTags: item.postTags as PostTag[],
});

/** Connector calls run a few at a time: a batch of 500 spam items must not open 500 requests at once. */
const NETWORK_CONCURRENCY = 8;
const MAX_ERROR_LENGTH = 500;

@Injectable()
export class ModerationTriage {
  constructor(
    private readonly db: Db,
    private readonly connectors: ConnectorRegistry,
  ) {}

  /** One decision per item, in order: what the rules decided, with the trail (`at`: now). */
  async decide(ctx: RequestContext, batch: readonly ModeratedItem[]): Promise<ModerationDecision[]> {
    const store = new ModerationStore(this.db, ctx.organizationId);
    const scopes = new Map<string, BrandScope>(batch.map((i) => [i.brandId, { id: i.brandId, ancestorIds: i.brandAncestorIds }]));
    const chains = await store.chains([...scopes.values()]);
    const rulesOf = new Map([...chains].map(([brandId, chain]) => [brandId, brandRules(effectiveRows(chain).map((r) => r.effective))]));

    const assigning = [...scopes.values()].filter((b) => rulesOf.get(b.id)!.assigns);
    const agents = assigning.length ? await store.agents(assigning) : new Map<string, BrandAgents>();
    const context = (brandId: string, offset: number) => ({ agentIds: agents.get(brandId)?.agents ?? [], roundRobinOffset: offset });

    let outcomes = batch.map((item) => moderate(moderationItem(item), rulesOf.get(item.brandId)!.compiled, context(item.brandId, 0)));
    // Whether an item takes a turn does not depend on whose turn it is: count the turns with
    // offset 0, reserve them, then run the items that took one again with their own turn.
    if ([...rulesOf.values()].some((r) => r.roundRobin)) {
      const counts = new Map<string, number>();
      outcomes.forEach((o, i) => o.roundRobin && counts.set(batch[i].brandId, (counts.get(batch[i].brandId) ?? 0) + 1));
      const next = await store.reserveTurns(counts);
      outcomes = outcomes.map((o, i) => {
        if (!o.roundRobin) return o;
        const brandId = batch[i].brandId;
        const turn = next.get(brandId)!;
        next.set(brandId, turn + 1);
        return moderate(moderationItem(batch[i]), rulesOf.get(brandId)!.compiled, context(brandId, turn));
      });
    }
    outcomes = outcomes.map((o, i) => withEligibleAssignee(o, agents.get(batch[i].brandId)));

    const at = new Date().toISOString();
    const results = batch.map((item, i): ModerationDecision => ({
      ...outcomeFields(outcomes[i], item.about),
      moderation: outcomes[i].trail.map((entry): ModerationActionData => ({ ...entry, at })),
    }));
    await this.moderateOnNetworks(ctx, batch, results, rulesOf);
    return results;
  }

  /**
   * Hides or reports as spam, on the network, the items the rules hid or marked spam. A failed
   * call does not fail the ingest: the item stays HIDDEN or SPAM in Parasol (the public must not
   * wait on a network outage to be protected from it in our own views) and the trail entry of
   * the rule that decided it gets the error, so an agent can retry (hideInboxItem, markSpam).
   */
  private async moderateOnNetworks(ctx: RequestContext, batch: readonly ModeratedItem[], results: ModerationDecision[], rulesOf: Map<string, BrandRules>): Promise<void> {
    const todo = results.flatMap((r, i) => (r.status === InboxItemStatus.HIDDEN || r.status === InboxItemStatus.SPAM ? [i] : []));
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const i = todo[next++];
        const item = batch[i];
        const action = results[i].status === InboxItemStatus.SPAM ? 'SPAM' : 'HIDE';
        try {
          await this.connectors.for(item.network).moderate({
            organizationId: ctx.organizationId,
            profile: { id: item.profileId, network: item.network, handle: item.profileHandle },
            networkId: item.networkId,
            action,
          });
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
          // The rule that decided: the first to mark spam, or (for HIDDEN) the first to hide.
          const wanted = action === 'SPAM' ? 'MARK_SPAM' : 'HIDE';
          const rules = rulesOf.get(item.brandId)!.rules;
          const entry = results[i].moderation.find((e) => rules.find((r) => r.id === e.ruleId)?.actions.some((a) => a.type === wanted));
          if (entry) entry.networkError = message;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(NETWORK_CONCURRENCY, todo.length) }, worker));
  }
}
