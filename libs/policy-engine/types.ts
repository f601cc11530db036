// The vocabulary of governance policies (docs/guide/policies.md). Plain data only: the engine
// is pure, so the posts and policies features map their rows onto these shapes and back.

import { SocialNetwork } from '../core/social-network';

export enum PolicyType {
  APPROVAL_REQUIRED = 'APPROVAL_REQUIRED',
  BANNED_TERMS = 'BANNED_TERMS',
  REQUIRED_DISCLOSURE = 'REQUIRED_DISCLOSURE',
  CONTENT_LENGTH = 'CONTENT_LENGTH',
  POSTING_CADENCE = 'POSTING_CADENCE',
  ORIGINAL_CONTENT_RATIO = 'ORIGINAL_CONTENT_RATIO',
  LAUNCH_READINESS = 'LAUNCH_READINESS',
  RESPONSE_SLA = 'RESPONSE_SLA',
  SOURCE_VERIFICATION = 'SOURCE_VERIFICATION',
  SPECULATION_LABEL = 'SPECULATION_LABEL',
  INTERNAL_AUDIENCE_TEST = 'INTERNAL_AUDIENCE_TEST',
}

/** BLOCK: the action fails with the violations. WARN: it succeeds and reports them. */
export enum Enforcement {
  BLOCK = 'BLOCK',
  WARN = 'WARN',
}

export enum PostFormat {
  TEXT = 'TEXT',
  IMAGE = 'IMAGE',
  VIDEO = 'VIDEO',
  BLOG_POST = 'BLOG_POST',
  INTERVIEW = 'INTERVIEW',
  LINK = 'LINK',
}

export enum PostTag {
  HUMOR = 'HUMOR',
  PROMOTION = 'PROMOTION',
  SPECULATION = 'SPECULATION',
  OPINION = 'OPINION',
  CURATED = 'CURATED',
  ORIGINAL = 'ORIGINAL',
  CUSTOMER_STORY = 'CUSTOMER_STORY',
}

/** The verification checklist for reshared third-party content (the article's tip 22). */
export enum SourceCheck {
  SOURCE_BIO = 'SOURCE_BIO',
  ACCOUNT_AGE = 'ACCOUNT_AGE',
  FOLLOWERS = 'FOLLOWERS',
  LOCATION = 'LOCATION',
  TIMING = 'TIMING',
  CORROBORATION = 'CORROBORATION',
}

/** What an incoming inbox item is (docs/guide/inbox.md); RESPONSE_SLA targets and reply approvals select by it. */
export enum InboxItemKind {
  COMMENT = 'COMMENT',
  REPLY = 'REPLY',
  MENTION = 'MENTION',
  DIRECT_MESSAGE = 'DIRECT_MESSAGE',
  REVIEW = 'REVIEW',
  SHARE = 'SHARE',
}

/** What an inbox item is about: set at ingest, by a moderation rule or by an agent. */
export enum InboxAbout {
  QUESTION = 'QUESTION',
  COMPLAINT = 'COMPLAINT',
  PRAISE = 'PRAISE',
  OTHER = 'OTHER',
}

/** The policy engine's name for the networks a profile can be on (libs/core's SocialNetwork). */
export const Network = SocialNetwork;
export type Network = SocialNetwork;

/**
 * When a post is evaluated. CHECK is a dry run (a "what would fail" query) and sees every
 * rule; SUBMIT has no planned time yet, so the time-window rules (cadence, original ratio)
 * wait for SCHEDULE or PUBLISH.
 */
export type EvaluationStage = 'CHECK' | 'SUBMIT' | 'SCHEDULE' | 'PUBLISH';

/**
 * One length limit. `format` and `network` narrow where it applies (both absent: every
 * post); every bound is inclusive.
 */
export interface ContentLengthRule {
  format?: PostFormat;
  network?: Network;
  minWords?: number;
  maxWords?: number;
  minChars?: number;
  maxChars?: number;
  minDurationSeconds?: number;
  maxDurationSeconds?: number;
}

/**
 * When a brand's response clock runs: on `days` (ISO weekdays, 1 = Monday .. 7 = Sunday)
 * from `start` to `end` ('HH:MM' wall time in `timeZone`, an IANA name; `end` may be '24:00').
 */
export interface BusinessHours {
  timeZone: string;
  days: number[];
  start: string;
  end: string;
}

/** A response target for the items of some kinds and/or about some things (absent: any). */
export interface ResponseTarget {
  kinds?: InboxItemKind[];
  abouts?: InboxAbout[];
  minutes: number;
}

/**
 * Minutes to a first response. The first target matching an item wins, else `minutes`;
 * with businessHours the minutes are business minutes, else the clock runs 24/7.
 */
export interface ResponseSlaConfig {
  minutes: number;
  targets?: ResponseTarget[];
  businessHours?: BusinessHours;
}

/**
 * Which inbox replies need approval: any of always, a listed `about` of the item, or an
 * author holding a listed role. `workflowId` defaults to the policy's.
 */
export interface ReplyApprovalConfig {
  workflowId?: string;
  always?: boolean;
  abouts?: InboxAbout[];
  authorRoles?: string[];
}

/** The config of each policy type; validatePolicyConfig checks a stored or submitted one. */
export interface PolicyConfigs {
  /** `replies` absent: replies need no approval (the policy routes posts only). */
  APPROVAL_REQUIRED: { workflowId: string; always?: boolean; tags?: PostTag[]; formats?: PostFormat[]; replies?: ReplyApprovalConfig };
  BANNED_TERMS: { terms: string[] };
  REQUIRED_DISCLOSURE: { tags: PostTag[]; text: string };
  CONTENT_LENGTH: { rules: ContentLengthRule[] };
  POSTING_CADENCE: { minPerWeek?: number; maxPerWeek?: number };
  ORIGINAL_CONTENT_RATIO: { minOriginalPercent: number; windowDays: number };
  LAUNCH_READINESS: { minApprovedPosts: number };
  RESPONSE_SLA: ResponseSlaConfig;
  SOURCE_VERIFICATION: { requiredChecks: SourceCheck[] };
  /** The post must carry one of `labels` visibly (in its label field or at the start of its body). */
  SPECULATION_LABEL: { tags: PostTag[]; labels: string[] };
  INTERNAL_AUDIENCE_TEST: { tags: PostTag[] };
}

export interface PolicyRule<T extends PolicyType = PolicyType> {
  id: string;
  brandId: string;
  type: T;
  enforcement: Enforcement;
  /** No brand below may override it (see effectivePolicies). */
  locked: boolean;
  /** A disabled policy switches its type off on its brand's subtree (unless an ancestor locked it). */
  enabled: boolean;
  config: PolicyConfigs[T];
}

/** A policy in force on a brand, with the brand it comes from. */
export type EffectivePolicy = PolicyRule & { inheritedFrom: string };

export interface PostContent {
  body: string;
  format: PostFormat;
  tags: PostTag[];
  durationSeconds: number | null;
  /** Third-party content being reshared. */
  source: { url: string; verification: Partial<Record<SourceCheck, boolean>> } | null;
  /** A visible label, e.g. "Opinion". */
  label: string | null;
  internalTest: { passed: boolean; notes?: string | null } | null;
  profiles: { id: string; network: Network }[];
}

/** The profile's OTHER scheduled/published posts: the post being evaluated is not in it. */
export interface ProfileActivity {
  profileId: string;
  posts: { at: Date; original: boolean }[];
}

export interface EvaluationContext {
  stage: EvaluationStage;
  /** When the post goes out: its planned time, or now. */
  at: Date;
  activity: ProfileActivity[];
}

export interface Violation {
  policyId: string;
  brandId: string;
  type: PolicyType;
  enforcement: Enforcement;
  message: string;
  /** The post field at fault, e.g. 'body', 'tags', 'durationSeconds', 'source.verification.FOLLOWERS', 'label', 'internalTest'. */
  field: string | null;
}

export interface RequiredWorkflow {
  policyId: string;
  brandId: string;
  workflowId: string;
}

/** An inbox reply as reply approval sees it: what its item is about, and the role keys its author holds on the item's brand. */
export interface ReplyForApproval {
  about: InboxAbout;
  authorRoleKeys: readonly string[];
}
