import { Injectable } from '@nestjs/common';
import { BadUserInputError, NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, brandSubtreeIds, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { isKnownTimeZone } from '../../libs/policy-engine';
import { InboxStatsArgs } from './dto/inbox-stats.args';
import { InboxStats, InboxStatsGroupBy, InboxStatsRow } from './inbox-stats.types';
import { AWAITING_ANSWER_SQL } from './sla-watch';

/** The longest range one call counts: a year, leap day included. */
export const MAX_STATS_DAYS = 366;
const DAY_MS = 86_400_000;

/** Per grouping: the group key of an item `i` (text), and the label of a group `g` (parameters as in the statement). */
const GROUPS: Record<InboxStatsGroupBy, { key: string; label: string }> = {
  BRAND: { key: 'i.brand_id::text', label: `(SELECT l.name FROM brands l WHERE l.organization_id = $1 AND l.id = g.group_key::uuid)` },
  PROFILE: { key: 'i.profile_id::text', label: `(SELECT l.handle FROM social_profiles l WHERE l.organization_id = $1 AND l.id = g.group_key::uuid)` },
  AGENT: { key: 'i.assignee_id::text', label: `coalesce((SELECT l.display_name FROM users l WHERE l.organization_id = $1 AND l.id = g.group_key::uuid), 'Unassigned')` },
  DAY: { key: `to_char(timezone($7, i.received_at), 'YYYY-MM-DD')`, label: 'g.group_key' },
};

/** Seconds from arrival to first response of an item `x`; null while unanswered (percentile_cont skips nulls). */
const RESPONSE_SECONDS = `extract(epoch FROM x.first_response_at - x.received_at)`;

/**
 * One statement whatever the number of brands and items: the brand (and whether the caller
 * may read it), its subtree walked down parent_id, the items received in the range, and every
 * group's figures with the total (GROUPING SETS), each group labelled. Without the brand or
 * the caller's reach over it, no row: NOT_FOUND.
 */
const statsSql = (groupBy: InboxStatsGroupBy) => `
  WITH root AS (
    SELECT b.id, b.ancestor_ids FROM brands b
     WHERE b.organization_id = $1 AND b.id = $2 AND ($3::boolean OR b.id = ANY($4::uuid[]) OR b.ancestor_ids && $4::uuid[])
  ), items AS (
    SELECT ${GROUPS[groupBy].key} AS group_key, i.received_at, i.first_response_at, i.due_at, i.status, i.thanked_at
      FROM inbox_items i
     WHERE i.organization_id = $1 AND i.brand_id = ANY(${brandSubtreeIds('$1', 'ARRAY(SELECT id FROM root)')})
       AND i.received_at >= $5 AND i.received_at < $6
  ), grouped AS (
    SELECT GROUPING(x.group_key) = 1 AS is_total, x.group_key,
           count(*)::int AS received,
           count(x.first_response_at)::int AS answered,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${RESPONSE_SECONDS}) AS median_seconds,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY ${RESPONSE_SECONDS}) AS p90_seconds,
           count(*) FILTER (WHERE x.first_response_at <= x.due_at)::int AS sla_met,
           count(*) FILTER (WHERE x.first_response_at > x.due_at)::int AS sla_missed,
           count(*) FILTER (WHERE ${AWAITING_ANSWER_SQL('x')} AND x.due_at < now())::int AS sla_overdue,
           count(*) FILTER (WHERE x.status = 'HIDDEN')::int AS hidden,
           count(*) FILTER (WHERE x.status = 'SPAM')::int AS spam,
           count(x.thanked_at)::int AS thanked
      FROM items x
     GROUP BY GROUPING SETS ((x.group_key), ())
  )
  SELECT r.ancestor_ids AS root_ancestor_ids, g.*, CASE WHEN g.is_total THEN 'Total' ELSE ${GROUPS[groupBy].label} END AS label
    FROM root r LEFT JOIN grouped g ON true
   ORDER BY g.is_total, g.group_key IS NULL, label, g.group_key`;

interface StatsRow {
  root_ancestor_ids: string[];
  is_total: boolean;
  group_key: string | null;
  label: string | null;
  received: number;
  answered: number;
  median_seconds: number | null;
  p90_seconds: number | null;
  sla_met: number;
  sla_missed: number;
  sla_overdue: number;
  hidden: number;
  spam: number;
  thanked: number;
}

/** inboxStats: the response figures of a brand's subtree (docs/guide/inbox.md, "Stats"). */
@Injectable()
export class InboxStatsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async stats(ctx: RequestContext, args: InboxStatsArgs): Promise<InboxStats> {
    const timeZone = args.timeZone ?? 'UTC';
    if (args.to.getTime() <= args.from.getTime()) throw BadUserInputError.field('to', 'must be after from');
    if (args.to.getTime() - args.from.getTime() > MAX_STATS_DAYS * DAY_MS) throw BadUserInputError.field('to', `the range may span at most ${MAX_STATS_DAYS} days`);
    if (!isKnownTimeZone(timeZone)) throw BadUserInputError.field('timeZone', 'must be an IANA time zone name such as Europe/Warsaw');
    const reach = this.access.reach(ctx, Permission.BRAND_READ);
    const rows = await this.db.query<StatsRow>(statsSql(args.groupBy), [
      ctx.organizationId, args.brandId, reach.orgWide, reach.orgWide ? [] : reach.brandIds, args.from, args.to, timeZone,
    ]);
    // The statement already left out a brand out of reach; the check here is the one every read makes.
    if (!rows.length || !this.access.canSee(ctx, { id: args.brandId, ancestorIds: rows[0].root_ancestor_ids })) throw new NotFoundError('Brand', args.brandId, 'brandId');
    const total = rows.find((r) => r.is_total)!;
    return {
      brandId: args.brandId,
      from: args.from,
      to: args.to,
      groupBy: args.groupBy,
      timeZone,
      rows: rows.filter((r) => !r.is_total).map(toStatsRow),
      total: toStatsRow(total),
    };
  }
}

function toStatsRow(r: StatsRow): InboxStatsRow {
  const judged = r.sla_met + r.sla_missed + r.sla_overdue;
  return {
    key: r.is_total ? null : r.group_key,
    label: r.label ?? r.group_key ?? '',
    received: r.received,
    answered: r.answered,
    responseRate: r.received ? r.answered / r.received : null,
    medianFirstResponseSeconds: r.median_seconds,
    p90FirstResponseSeconds: r.p90_seconds,
    slaMet: r.sla_met,
    slaMissed: r.sla_missed,
    slaOverdue: r.sla_overdue,
    slaMetPercent: judged ? (100 * r.sla_met) / judged : null,
    hidden: r.hidden,
    spam: r.spam,
    thanked: r.thanked,
  };
}
