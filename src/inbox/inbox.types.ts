import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { InboxAbout, InboxAboutSource, InboxItemKind, InboxItemStatus, InboxPriority, InboxSlaState } from './inbox.enums';

// InboxItemKind and InboxAbout are registered with the RESPONSE_SLA config types (src/policies), which name them too.
registerEnumType(InboxAboutSource, {
  name: 'InboxAboutSource',
  description: "Who set an item's about last.",
  valuesMap: { INGEST: { description: 'The integrator that ingested it.' }, RULE: { description: 'A moderation rule.' }, AGENT: { description: 'An agent, by hand.' } },
});
registerEnumType(InboxItemStatus, {
  name: 'InboxItemStatus',
  description: 'OPEN -> ASSIGNED -> WAITING (on the customer) -> CLOSED, plus HIDDEN and SPAM by moderation.',
  valuesMap: {
    OPEN: { description: 'New, nobody holds it.' },
    ASSIGNED: { description: 'An agent holds it.' },
    WAITING: { description: 'Answered; waiting on the customer.' },
    CLOSED: { description: 'Done.' },
    HIDDEN: { description: 'Hidden on the network by moderation.' },
    SPAM: { description: 'Marked as spam.' },
  },
});
registerEnumType(InboxPriority, {
  name: 'InboxPriority',
  description: 'How urgent an item is.',
  valuesMap: { LOW: { description: 'Can wait.' }, NORMAL: { description: 'The default.' }, HIGH: { description: 'Before the normal ones.' }, URGENT: { description: 'First.' } },
});
registerEnumType(InboxSlaState, {
  name: 'InboxSlaState',
  description: 'An item against its response target (RESPONSE_SLA), from its due time, its first response and now.',
  valuesMap: {
    NO_TARGET: { description: 'No response target applies (no due time).' },
    ON_TIME: { description: 'Not answered yet, still before its due time.' },
    OVERDUE: { description: 'Not answered yet, past its due time.' },
    MET: { description: 'First answered by its due time.' },
    MISSED: { description: 'First answered after its due time.' },
  },
});

@ObjectType({ description: 'What one moderation rule did to an item at ingest: why it was hidden, labelled or routed.' })
export class ModerationAction {
  @Field(() => ID, { description: 'The rule.' })
  ruleId: string;

  @Field({ description: 'The rule\'s name (its override key down the brand tree).' })
  ruleName: string;

  @Field(() => ID, { description: 'The brand the rule is set on: the item\'s own or an ancestor.' })
  brandId: string;

  @Field(() => [String], { description: 'The conditions that matched, summarized.' })
  matched: string[];

  @Field(() => [String], { description: 'What the rule did, summarized.' })
  actions: string[];

  @Field({ description: 'When the rule acted.' })
  at: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Why hiding or reporting the item on the network failed (it stays HIDDEN or SPAM in Parasol: retry with hideInboxItem or markSpam); null when it went through or was not asked.',
  })
  networkError?: string | null;
}

@ObjectType({ description: 'One incoming message on one of a brand\'s social profiles: a comment, reply, mention, direct message, review or share.', implements: () => [Node] })
export class InboxItem {
  @Field(() => ID, { description: 'Its id.' })
  id: string;

  @Field(() => ID, { description: 'The brand of the profile when the item came in.' })
  brandId: string;

  @Field(() => ID, { description: 'The profile it came in on.' })
  profileId: string;

  @Field(() => InboxItemKind, { description: 'What kind of message it is.' })
  kind: InboxItemKind;

  @Field(() => InboxAbout, { description: 'What it is about.' })
  about: InboxAbout;

  @Field(() => InboxAboutSource, { description: 'Who set `about` last.' })
  aboutSetBy: InboxAboutSource;

  @Field({ description: 'The message text as the network gave it.' })
  body: string;

  @Field(() => String, { nullable: true, description: 'Its language (a BCP 47 tag) when the network or integrator gave one.' })
  language: string | null;

  @Field(() => ID, { nullable: true, description: 'The post it answers (a comment on one of our posts).' })
  postId: string | null;

  @Field({ description: 'Its id on the network: with the profile, what makes an ingest idempotent.' })
  networkId: string;

  @Field(() => String, { nullable: true, description: 'The network id of the message it answers.' })
  parentNetworkId: string | null;

  @Field(() => String, { nullable: true, description: 'Its address on the network.' })
  permalink: string | null;

  @Field({ description: 'When the network received it.' })
  receivedAt: Date;

  @Field(() => InboxItemStatus, { description: 'Where it stands.' })
  status: InboxItemStatus;

  @Field(() => InboxPriority, { description: 'How urgent it is.' })
  priority: InboxPriority;

  @Field(() => [String], { description: 'Free labels, set by rules or agents.' })
  labels: string[];

  @Field(() => ID, { nullable: true, description: 'The agent who holds it.' })
  assigneeId: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was assigned or claimed.' })
  assignedAt: Date | null;

  @Field({ description: 'True when the assignee took it themselves (claimInboxItem).' })
  claimed: boolean;

  @Field(() => Date, { nullable: true, description: 'When a first response is due (RESPONSE_SLA); null without a target.' })
  dueAt: Date | null;

  @Field(() => InboxSlaState, { description: 'Where it stands against its response target, now.' })
  slaState: InboxSlaState;

  @Field(() => Date, { nullable: true, description: 'When the first reply went out.' })
  firstResponseAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was flagged overdue.' })
  slaBreachedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was closed.' })
  closedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When moderation hid it.' })
  hiddenAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the author was thanked (thankInboxItem).' })
  thankedAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who thanked the author (thankInboxItem): a user or an API key.' })
  thankedById: string | null;

  @Field(() => [ModerationAction], { description: 'What the moderation rules did to it at ingest, in order.' })
  moderation: ModerationAction[];

  @Field(() => ID, { nullable: true, description: 'The customer-story post drafted from it (promoteToPost).' })
  promotedPostId: string | null;

  @Field(() => Int, { description: 'Bumped by every change.' })
  version: number;

  @Field({ description: 'When it was stored.' })
  createdAt: Date;

  @Field({ description: 'When it last changed.' })
  updatedAt: Date;

  /** Not in the schema: what the `author` and `conversation` fields and access checks read. */
  contactId: string;
  conversationId: string;
  brandAncestorIds: string[];
}

export const InboxItemConnection = ConnectionType(InboxItem);
