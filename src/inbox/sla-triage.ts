import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { decidingRules, PolicyRule, PolicyType, ResponseSlaConfig } from '../../libs/policy-engine';
import { addRule, chainOf, POLICY_COLUMN_NAMES, PolicyRow } from '../policies';
import { InboxAbout, InboxItemKind, InboxItemStatus } from './inbox.enums';
import { dueAt, responseSlaOf, slaTarget } from './sla';

/** What response targets read of a triage item (InboxTriage's TriageItem). */
export interface SlaItem {
  brandId: string;
  /** The brand's ancestors, root first. */
  brandAncestorIds: readonly string[];
  kind: InboxItemKind;
  receivedAt: Date;
}

/** What response targets read and set of a triage outcome (InboxTriage's TriageOutcome). */
export interface SlaOutcome {
  status: InboxItemStatus;
  about: InboxAbout;
  dueAt: Date | null;
}

/**
 * Statuses that leave an item without a due time at ingest: nobody is asked to answer what
 * moderation hid, marked as spam or closed (an agent who reopens or unhides one answers it
 * without a clock; its SLA state reads NO_TARGET).
 */
const NO_RESPONSE_EXPECTED: ReadonlySet<InboxItemStatus> = new Set([InboxItemStatus.HIDDEN, InboxItemStatus.SPAM, InboxItemStatus.CLOSED]);

/**
 * Response targets at ingest: each item's due time from the RESPONSE_SLA in force on its brand
 * (inherited and lockable like every policy), its kind and what it is about after moderation.
 * One statement for the whole batch, whatever the number of items and brands: the RESPONSE_SLA
 * policies set on every brand of the batch and on their ancestors.
 */
@Injectable()
export class SlaTriage {
  constructor(private readonly db: Db) {}

  /** The outcomes with `dueAt` set (a copy of each); `outcomes[i]` is item `batch[i]`'s decision so far. */
  async withDueTimes<O extends SlaOutcome>(ctx: RequestContext, batch: readonly SlaItem[], outcomes: readonly O[]): Promise<O[]> {
    const expecting = batch.filter((_item, i) => !NO_RESPONSE_EXPECTED.has(outcomes[i].status));
    const configs = expecting.length ? await this.responseSlas(ctx, expecting) : new Map<string, ResponseSlaConfig | null>();
    return outcomes.map((outcome, i) => {
      const item = batch[i];
      if (NO_RESPONSE_EXPECTED.has(outcome.status)) return { ...outcome, dueAt: null };
      const config = configs.get(item.brandId) ?? null;
      const minutes = slaTarget(config, { kind: item.kind, about: outcome.about });
      return { ...outcome, dueAt: minutes === null ? null : dueAt(item.receivedAt, minutes, config?.businessHours) };
    });
  }

  /** The RESPONSE_SLA config in force on each brand of the items (null: none), from one statement. */
  private async responseSlas(ctx: RequestContext, items: readonly SlaItem[]): Promise<Map<string, ResponseSlaConfig | null>> {
    const brands = new Map(items.map((item) => [item.brandId, { id: item.brandId, ancestorIds: [...item.brandAncestorIds] }]));
    const ids = [...new Set([...brands.values()].flatMap((b) => [...b.ancestorIds, b.id]))];
    const rows = await this.db.query<PolicyRow>(
      `SELECT ${POLICY_COLUMN_NAMES.map((c) => `p.${c}`).join(', ')} FROM policies p
        WHERE p.organization_id = $1 AND p.type = $2 AND p.brand_id = ANY($3::uuid[])`,
      [ctx.organizationId, PolicyType.RESPONSE_SLA, ids],
    );
    const byBrand = new Map<string, PolicyRule[]>();
    for (const row of rows) addRule(byBrand, row);
    // Only RESPONSE_SLA rows were read; inheritance and locks work per type, so the others cannot change the outcome.
    return new Map([...brands.values()].map((b) => [b.id, responseSlaOf(decidingRules(chainOf(byBrand, b)))]));
  }
}
