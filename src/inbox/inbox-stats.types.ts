import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

/** What inboxStats makes one row of. */
export enum InboxStatsGroupBy {
  BRAND = 'BRAND',
  PROFILE = 'PROFILE',
  AGENT = 'AGENT',
  DAY = 'DAY',
}

registerEnumType(InboxStatsGroupBy, {
  name: 'InboxStatsGroupBy',
  description: 'How inboxStats groups the items it counts.',
  valuesMap: {
    BRAND: { description: 'One row per brand of the subtree that received items (the brand of the profile at ingest).' },
    PROFILE: { description: 'One row per social profile that received items.' },
    AGENT: { description: 'One row per assignee (the agent holding the item now); items nobody holds make a row with a null key.' },
    DAY: { description: 'One row per day on which items arrived, in the time zone asked for (UTC by default).' },
  },
});

@ObjectType({ description: 'Inbox figures for one group (or for all of them: InboxStats.total), over the items received in the range.' })
export class InboxStatsRow {
  @Field(() => String, { nullable: true, description: 'The group: a brand, profile or user id, or the day (YYYY-MM-DD); null for the unassigned AGENT row and for the total.' })
  key: string | null;

  @Field({ description: 'What the group is called: the brand\'s name, the profile\'s handle, the agent\'s display name, the day (YYYY-MM-DD), "Unassigned" or "Total".' })
  label: string;

  @Field(() => Int, { description: 'Items received in the range.' })
  received: number;

  @Field(() => Int, { description: 'Of those, the items with a first response (a reply that went out).' })
  answered: number;

  @Field(() => Float, { nullable: true, description: 'answered / received, from 0 to 1; null when nothing was received.' })
  responseRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Median seconds from arrival to first response, over the answered items; null when none was answered.' })
  medianFirstResponseSeconds: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile (interpolated) of the seconds from arrival to first response; null when none was answered.' })
  p90FirstResponseSeconds: number | null;

  @Field(() => Int, { description: 'Items with a due time answered by it (slaState MET).' })
  slaMet: number;

  @Field(() => Int, { description: 'Items answered after their due time (slaState MISSED).' })
  slaMissed: number;

  @Field(() => Int, { description: 'Items still awaiting a first answer (OPEN or ASSIGNED) past their due time.' })
  slaOverdue: number;

  @Field(() => Float, { nullable: true, description: 'slaMet / (slaMet + slaMissed + slaOverdue), as a percentage from 0 to 100; null when that is no item.' })
  slaMetPercent: number | null;

  @Field(() => Int, { description: 'Items hidden now (status HIDDEN), by a rule or an agent.' })
  hidden: number;

  @Field(() => Int, { description: 'Items marked as spam (status SPAM).' })
  spam: number;

  @Field(() => Int, { description: 'Items whose author was thanked (thankInboxItem).' })
  thanked: number;
}

@ObjectType({ description: 'Inbox figures of a brand and its subtree over a range of arrival times, grouped, with the total.' })
export class InboxStats {
  @Field(() => ID, { description: 'The brand whose subtree is counted.' })
  brandId: string;

  @Field({ description: 'Items received at or after this instant are counted.' })
  from: Date;

  @Field({ description: 'Items received before this instant are counted.' })
  to: Date;

  @Field(() => InboxStatsGroupBy, { description: 'How the rows are grouped.' })
  groupBy: InboxStatsGroupBy;

  @Field({ description: 'The time zone the DAY groups are days of (UTC unless asked).' })
  timeZone: string;

  @Field(() => [InboxStatsRow], { description: 'One row per group that received items, ordered by label (days in order; the unassigned row last).' })
  rows: InboxStatsRow[];

  @Field(() => InboxStatsRow, { description: 'All the items of the range together (every figure over all of them, not a sum of the rows\' rates).' })
  total: InboxStatsRow;
}
