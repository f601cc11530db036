import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, SocialNetwork, Node } from '../../libs/core';
import { PostTag } from '../../libs/policy-engine';
import { InboxAbout, InboxItemKind, InboxItemStatus, InboxPriority } from './inbox.enums';
import { ModerationAction } from './inbox.types';

// The GraphQL face of moderation rules (docs/guide/inbox.md, "Moderation rules"). A condition
// and an action are flat objects: `type` says which members apply, the others are null.

export enum ModerationConditionType {
  KEYWORDS = 'KEYWORDS',
  ONLY_MENTIONS = 'ONLY_MENTIONS',
  ONLY_EMOJI = 'ONLY_EMOJI',
  HAS_LINK = 'HAS_LINK',
  HAS_CONTACT_DETAILS = 'HAS_CONTACT_DETAILS',
  WORD_COUNT = 'WORD_COUNT',
  KIND = 'KIND',
  NETWORK = 'NETWORK',
  AUTHOR_SEEN_BEFORE = 'AUTHOR_SEEN_BEFORE',
  POST_TAG = 'POST_TAG',
  ABOUT = 'ABOUT',
}

export enum ModerationActionType {
  HIDE = 'HIDE',
  MARK_SPAM = 'MARK_SPAM',
  LABEL = 'LABEL',
  SET_ABOUT = 'SET_ABOUT',
  SET_PRIORITY = 'SET_PRIORITY',
  ASSIGN = 'ASSIGN',
  ROUND_ROBIN = 'ROUND_ROBIN',
  CLOSE = 'CLOSE',
}

export enum ModerationMatch {
  ALL = 'ALL',
  ANY = 'ANY',
}

registerEnumType(ModerationConditionType, {
  name: 'ModerationConditionType',
  description: 'What a moderation condition looks at; its members are named per value.',
  valuesMap: {
    KEYWORDS: { description: '`terms`: the body contains one as whole words (case- and diacritics-insensitive).' },
    ONLY_MENTIONS: { description: 'The body is @mentions and nothing else but whitespace and punctuation.' },
    ONLY_EMOJI: { description: 'The body is emoji and nothing else but whitespace.' },
    HAS_LINK: { description: 'The body has an http(s) URL, a www. address or a bare domain with a common top-level domain.' },
    HAS_CONTACT_DETAILS: { description: 'The body has an email address or a phone number.' },
    WORD_COUNT: { description: '`min` and/or `max`: the number of words is within the bounds (inclusive).' },
    KIND: { description: '`kinds`: the item is of one of these kinds.' },
    NETWORK: { description: '`networks`: the item came in on a profile of one of these networks.' },
    AUTHOR_SEEN_BEFORE: { description: '`value`: true matches authors who wrote before, false first messages.' },
    POST_TAG: { description: '`tags`: the post the item answers carries one of these tags.' },
    ABOUT: { description: '`abouts`: what the item is about (as ingested or set by an earlier rule) is one of these.' },
  },
});

registerEnumType(ModerationActionType, {
  name: 'ModerationActionType',
  description: 'What a moderation rule does to an item it matches.',
  valuesMap: {
    HIDE: { description: 'Status HIDDEN, and hidden on the network through the profile\'s connector.' },
    MARK_SPAM: { description: 'Status SPAM, and reported as spam on the network; wins over HIDE.' },
    LABEL: { description: '`label`: adds the label.' },
    SET_ABOUT: { description: '`about`: sets what the item is about (aboutSetBy RULE).' },
    SET_PRIORITY: { description: '`priority`: sets the priority.' },
    ASSIGN: { description: '`principalId`: assigns the item to that user (who must hold inbox:respond on the brand).' },
    ROUND_ROBIN: { description: "Assigns the item to the next of the brand's agents, in turn." },
    CLOSE: { description: 'Closes the item.' },
  },
});

registerEnumType(ModerationMatch, {
  name: 'ModerationMatch',
  description: 'How a rule combines its conditions.',
  valuesMap: { ALL: { description: 'Every condition must match.' }, ANY: { description: 'One condition is enough.' } },
});

@ObjectType({ description: 'One condition of a moderation rule: `type` says which members apply.' })
export class ModerationRuleCondition {
  @Field(() => ModerationConditionType, { description: 'What it looks at.' })
  type: ModerationConditionType;

  @Field(() => [String], { nullable: true, description: 'KEYWORDS: the words and phrases.' })
  terms?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'WORD_COUNT: the least number of words.' })
  min?: number | null;

  @Field(() => Int, { nullable: true, description: 'WORD_COUNT: the most words.' })
  max?: number | null;

  @Field(() => [InboxItemKind], { nullable: true, description: 'KIND: the kinds that match.' })
  kinds?: InboxItemKind[] | null;

  @Field(() => [SocialNetwork], { nullable: true, description: 'NETWORK: the networks that match.' })
  networks?: SocialNetwork[] | null;

  @Field(() => Boolean, { nullable: true, description: 'AUTHOR_SEEN_BEFORE: true for returning authors, false for first messages.' })
  value?: boolean | null;

  @Field(() => [PostTag], { nullable: true, description: 'POST_TAG: the post tags that match.' })
  tags?: PostTag[] | null;

  @Field(() => [InboxAbout], { nullable: true, description: 'ABOUT: the subjects that match.' })
  abouts?: InboxAbout[] | null;

  @Field({ description: 'The condition in words, e.g. `one of the keywords "scam", "crypto"`.' })
  summary: string;
}

@ObjectType({ description: 'One action of a moderation rule: `type` says which member applies.' })
export class ModerationRuleAction {
  @Field(() => ModerationActionType, { description: 'What it does.' })
  type: ModerationActionType;

  @Field(() => String, { nullable: true, description: 'LABEL: the label added.' })
  label?: string | null;

  @Field(() => InboxAbout, { nullable: true, description: 'SET_ABOUT: what the item is about.' })
  about?: InboxAbout | null;

  @Field(() => InboxPriority, { nullable: true, description: 'SET_PRIORITY: the priority.' })
  priority?: InboxPriority | null;

  @Field(() => ID, { nullable: true, description: 'ASSIGN: the user the item goes to.' })
  principalId?: string | null;

  @Field({ description: 'The action in words, e.g. `label "spam-link"`.' })
  summary: string;
}

@ObjectType({ description: 'A moderation rule set on a brand: it runs at ingest over the items of the brand and its whole subtree.', implements: () => [Node] })
export class ModerationRule {
  @Field(() => ID, { description: 'Its id.' })
  id: string;

  @Field(() => ID, { description: 'The brand it is set on.' })
  brandId: string;

  @Field({ description: 'Its name: unique per brand (case-insensitively) and the override key down the brand tree.' })
  name: string;

  @Field(() => Int, { description: 'Its place among the rules of its brand (lower first).' })
  position: number;

  @Field({ description: 'A disabled rule switches off an inherited rule of the same name for this subtree.' })
  enabled: boolean;

  @Field({ description: 'Locked: in force everywhere below, and brands below may not set a rule of this name.' })
  locked: boolean;

  @Field(() => ModerationMatch, { description: 'ALL or ANY of the conditions.' })
  match: ModerationMatch;

  @Field(() => [ModerationRuleCondition], { description: 'What it looks for.' })
  conditions: ModerationRuleCondition[];

  @Field(() => [ModerationRuleAction], { description: 'What it does to a matching item.' })
  actions: ModerationRuleAction[];

  @Field({ description: 'When it matched, no later rule runs.' })
  stop: boolean;

  @Field(() => Int, { description: 'Bumped every time the rule is set again.' })
  version: number;

  @Field(() => ID, {
    nullable: true,
    description: 'In moderationRules (the rules in force on a brand): the brand the rule comes from, the asked brand or an ancestor. Null elsewhere.',
  })
  inheritedFrom: string | null;

  @Field({ description: 'When it was first set.' })
  createdAt: Date;

  @Field({ description: 'When it was last set.' })
  updatedAt: Date;
}

@ObjectType({ description: 'What the moderation rules in force on a brand would do to an item (moderationCheck): nothing is stored.' })
export class ModerationCheckResult {
  @Field(() => InboxItemStatus, { description: 'The status the item would get: SPAM, HIDDEN, CLOSED, ASSIGNED or OPEN.' })
  status: InboxItemStatus;

  @Field(() => InboxAbout, { description: 'What it would be about.' })
  about: InboxAbout;

  @Field(() => InboxPriority, { description: 'Its priority.' })
  priority: InboxPriority;

  @Field(() => [String], { description: 'The labels the rules would add.' })
  labels: string[];

  @Field(() => ID, { nullable: true, description: 'Who it would be assigned to (for ROUND_ROBIN: whose turn it is now).' })
  assigneeId: string | null;

  @Field(() => [ModerationAction], { description: 'The rules that matched, in run order: what matched and what they would do.' })
  trail: ModerationAction[];
}

export const ModerationRuleConnection = ConnectionType(ModerationRule);
