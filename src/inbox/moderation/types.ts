// The vocabulary of moderation rules (docs/guide/inbox.md, "Moderation rules"). Plain data
// only: the engine is pure, so the inbox feature maps its rows and GraphQL inputs onto these
// shapes and back. The inbox enums are written here as string unions (values fixed by the
// inbox design) so this folder depends on libs/ alone; a TypeScript string enum with the same
// values is assignable to them.

// Deep imports on purpose: libs/core's index also registers GraphQL types, and this stays Nest-free.
import { SocialNetwork } from '../../../libs/core/social-network';
import { PostTag } from '../../../libs/policy-engine/types';

export const INBOX_ITEM_KINDS = ['COMMENT', 'REPLY', 'MENTION', 'DIRECT_MESSAGE', 'REVIEW', 'SHARE'] as const;
export type InboxItemKindValue = (typeof INBOX_ITEM_KINDS)[number];

export const INBOX_ABOUTS = ['QUESTION', 'COMPLAINT', 'PRAISE', 'OTHER'] as const;
export type InboxAboutValue = (typeof INBOX_ABOUTS)[number];

export const INBOX_PRIORITIES = ['LOW', 'NORMAL', 'HIGH', 'URGENT'] as const;
export type InboxPriorityValue = (typeof INBOX_PRIORITIES)[number];

export const MODERATION_CONDITION_TYPES = [
  'KEYWORDS',
  'ONLY_MENTIONS',
  'ONLY_EMOJI',
  'HAS_LINK',
  'HAS_CONTACT_DETAILS',
  'WORD_COUNT',
  'KIND',
  'NETWORK',
  'AUTHOR_SEEN_BEFORE',
  'POST_TAG',
  'ABOUT',
] as const;
export type ModerationConditionType = (typeof MODERATION_CONDITION_TYPES)[number];

/** What a rule looks at. Every list condition matches when the item has ANY of the listed values. */
export type ModerationCondition =
  /** Words or phrases, whole words only, case- and diacritics-insensitive ("zolw" finds "Żółw"). */
  | { type: 'KEYWORDS'; terms: string[] }
  /** The body is one or more @mentions and nothing else but whitespace and punctuation. */
  | { type: 'ONLY_MENTIONS' }
  /** The body is one or more emoji and nothing else but whitespace. */
  | { type: 'ONLY_EMOJI' }
  /** An http(s) URL, a www. address or a bare domain with a common TLD (see detectors.ts). */
  | { type: 'HAS_LINK' }
  /** An email address or a phone number (see detectors.ts). */
  | { type: 'HAS_CONTACT_DETAILS' }
  /** Whitespace-separated words; both bounds inclusive, at least one given. */
  | { type: 'WORD_COUNT'; min?: number; max?: number }
  | { type: 'KIND'; kinds: InboxItemKindValue[] }
  | { type: 'NETWORK'; networks: SocialNetwork[] }
  /** true: the author wrote to this organization before; false: a first message. */
  | { type: 'AUTHOR_SEEN_BEFORE'; value: boolean }
  /** The post the item answers carries one of the tags (an item answering no post never matches). */
  | { type: 'POST_TAG'; tags: PostTag[] }
  /** What the item is about, as set at ingest or by an earlier rule's SET_ABOUT. */
  | { type: 'ABOUT'; abouts: InboxAboutValue[] };

export const MODERATION_ACTION_TYPES = [
  'HIDE',
  'MARK_SPAM',
  'LABEL',
  'SET_ABOUT',
  'SET_PRIORITY',
  'ASSIGN',
  'ROUND_ROBIN',
  'CLOSE',
] as const;
export type ModerationActionType = (typeof MODERATION_ACTION_TYPES)[number];

/** What a rule does to an item it matches. */
export type ModerationActionSpec =
  | { type: 'HIDE' }
  | { type: 'MARK_SPAM' }
  | { type: 'LABEL'; label: string }
  | { type: 'SET_ABOUT'; about: InboxAboutValue }
  | { type: 'SET_PRIORITY'; priority: InboxPriorityValue }
  /** To one principal (a user id); the service checks they hold inbox:respond on the brand. */
  | { type: 'ASSIGN'; principalId: string }
  /** To the next of the brand's agents (ModerationContext.agentIds, from roundRobinOffset). */
  | { type: 'ROUND_ROBIN' }
  | { type: 'CLOSE' };

export type ModerationMatch = 'ALL' | 'ANY';

/** A rule as set on one brand (a moderation_rules row). */
export interface ModerationRule {
  id: string;
  brandId: string;
  /** The override key down the brand tree, compared case-insensitively. */
  name: string;
  position: number;
  enabled: boolean;
  locked: boolean;
  match: ModerationMatch;
  conditions: ModerationCondition[];
  actions: ModerationActionSpec[];
  /** When the rule matched, no later rule runs. */
  stop: boolean;
}

/** A rule in force on a brand: where it is set, and how deep that brand is (0: the root). */
export interface EffectiveModerationRule extends ModerationRule {
  inheritedFrom: string;
  depth: number;
}

/** What the rules see of an incoming item. */
export interface ModerationItem {
  body: string;
  kind: InboxItemKindValue;
  network: SocialNetwork;
  /** As set at ingest (OTHER when the integrator did not say). */
  about: InboxAboutValue;
  /** Whether the contact existed before this ingest call. */
  authorSeenBefore: boolean;
  /** The tags of the post the item answers; empty when it answers none. */
  postTags: readonly PostTag[];
}

/** The inputs that are not the item's: kept explicit so the engine stays pure and deterministic. */
export interface ModerationContext {
  /** The candidates for ROUND_ROBIN on the item's brand, in a stable order (e.g. by id). */
  agentIds: readonly string[];
  /** Round-robin assignments made on this brand so far: ROUND_ROBIN picks agentIds[offset % length]. */
  roundRobinOffset: number;
}

/** One rule that matched an item: the element of InboxItem.moderation, less the time (the service adds `at`). */
export interface ModerationTrailEntry {
  ruleId: string;
  ruleName: string;
  /** The brand the rule is set on. */
  brandId: string;
  /** Summaries of the conditions that matched, e.g. 'keyword "scam"', 'has a link'. */
  matched: string[];
  /** Summaries of what the rule did, e.g. 'hide', 'label "vip"'. */
  actions: string[];
}

/** What the rules decided. Absent members: no rule said anything about them. */
export interface ModerationOutcome {
  /** SPAM wins over HIDDEN, whatever the order of the rules. */
  status?: 'HIDDEN' | 'SPAM';
  about?: InboxAboutValue;
  priority?: InboxPriorityValue;
  /** Labels to add, in the order the rules gave them, repeats (case-insensitive) dropped. */
  labels: string[];
  /** Never set on an item the rules hid or marked spam. */
  assigneeId?: string;
  /** True when assigneeId came from ROUND_ROBIN: the caller then advances the brand's offset. */
  roundRobin: boolean;
  closed?: boolean;
  trail: ModerationTrailEntry[];
}
