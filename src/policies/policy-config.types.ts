import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Enforcement, InboxAbout, InboxItemKind, PolicyType, PostFormat, PostTag, SourceCheck } from '../../libs/policy-engine';
import { SocialNetwork } from '../../libs/core';

registerEnumType(PolicyType, {
  name: 'PolicyType',
  description: 'The kind of rule a policy sets; its config is the PolicyConfig member of the same name.',
  valuesMap: {
    APPROVAL_REQUIRED: { description: 'Which posts (and inbox replies) go through which approval workflow before they may be published (sent).' },
    BANNED_TERMS: { description: 'Words and phrases a post must not contain (whole words, case-insensitive).' },
    REQUIRED_DISCLOSURE: { description: 'Posts with some tags must carry a text, e.g. "#ad" on PROMOTION posts.' },
    CONTENT_LENGTH: { description: 'Length limits by format and network: words, characters, video duration (inclusive).' },
    POSTING_CADENCE: { description: "Posts per profile in the 7 days up to a post's time: a maximum, and a minimum that only warns." },
    ORIGINAL_CONTENT_RATIO: { description: 'The share of original posts (not CURATED, without a source) per profile over a window of days.' },
    LAUNCH_READINESS: { description: 'How many approved or scheduled posts a profile needs before launchSocialProfile may make it LIVE.' },
    RESPONSE_SLA: { description: "The inbox's response targets: minutes to a first response, by item kind and topic, optionally in business hours." },
    SOURCE_VERIFICATION: { description: 'The checklist a reshare of third-party content must have passed.' },
    SPECULATION_LABEL: { description: 'Posts with some tags (speculation, opinion) must carry one of the accepted labels.' },
    INTERNAL_AUDIENCE_TEST: { description: 'Posts with some tags (humour) must have passed an internal audience test.' },
  },
});
registerEnumType(Enforcement, {
  name: 'Enforcement',
  description: 'BLOCK: the action fails with the violations. WARN: it succeeds and reports them.',
  valuesMap: {
    BLOCK: { description: 'A broken rule stops the action: POLICY_VIOLATION with the violations.' },
    WARN: { description: "A broken rule is reported (in the payload's violations) and the action goes on." },
  },
});
registerEnumType(PostFormat, {
  name: 'PostFormat',
  description: "A post's format: CONTENT_LENGTH rules and approval policies select by it.",
  valuesMap: {
    TEXT: { description: 'Text only.' },
    IMAGE: { description: 'An image with its caption.' },
    VIDEO: { description: 'A video with its caption (durationSeconds counts for CONTENT_LENGTH).' },
    BLOG_POST: { description: 'A blog article.' },
    INTERVIEW: { description: 'An interview.' },
    LINK: { description: 'A link with a comment.' },
  },
});
registerEnumType(PostTag, {
  name: 'PostTag',
  description: 'What kind of content a post is: policies select posts by their tags.',
  valuesMap: {
    HUMOR: { description: 'A joke: INTERNAL_AUDIENCE_TEST policies may require a passed test.' },
    PROMOTION: { description: 'Paid or promotional: REQUIRED_DISCLOSURE policies may require "#ad".' },
    SPECULATION: { description: 'Speculation: SPECULATION_LABEL policies may require a label.' },
    OPINION: { description: 'An opinion: SPECULATION_LABEL policies may require a label.' },
    CURATED: { description: "Someone else's content, reshared: not original for ORIGINAL_CONTENT_RATIO." },
    ORIGINAL: { description: 'Our own content.' },
    CUSTOMER_STORY: { description: "A customer's story, told with their consent." },
  },
});
registerEnumType(SourceCheck, {
  name: 'SourceCheck',
  description: 'The verification checklist for reshared third-party content.',
  valuesMap: {
    SOURCE_BIO: { description: "The source's bio was read: who they are." },
    ACCOUNT_AGE: { description: "The source's account is not newly made." },
    FOLLOWERS: { description: "The source's followers look real." },
    LOCATION: { description: 'The source was where the content says.' },
    TIMING: { description: "The content's time matches the event." },
    CORROBORATION: { description: 'Another independent source confirms it.' },
  },
});
// The inbox's enums are registered here, once, because policy configs (response targets,
// reply approvals) are the first GraphQL types to use them; the inbox feature reuses them.
registerEnumType(InboxItemKind, {
  name: 'InboxItemKind',
  description: 'What an incoming inbox item is.',
  valuesMap: {
    COMMENT: { description: 'A comment on one of the profile\'s posts.' },
    REPLY: { description: 'A reply within a thread, e.g. to a comment or to one of our replies.' },
    MENTION: { description: 'A post elsewhere that mentions the profile.' },
    DIRECT_MESSAGE: { description: 'A private message to the profile.' },
    REVIEW: { description: 'A review or rating of the brand (e.g. a Facebook recommendation).' },
    SHARE: { description: 'A share or repost of one of the profile\'s posts.' },
  },
});
registerEnumType(InboxAbout, {
  name: 'InboxAbout',
  description: 'What an inbox item is about: set at ingest, by a moderation rule or by an agent.',
  valuesMap: {
    QUESTION: { description: 'The customer asks something and expects an answer.' },
    COMPLAINT: { description: 'The customer is unhappy about a product, an order or the brand.' },
    PRAISE: { description: 'The customer says something good: a fan to thank.' },
    OTHER: { description: 'Anything else, or not yet known.' },
  },
});

// Each config class is both the input (…Input) and the output type: one shape, one place.
// Ranges and cross-field rules are checked by libs/policy-engine's validatePolicyConfig.

@InputType('ReplyApprovalConfigInput', { description: 'Which inbox replies need approval: any of always, abouts or authorRoles.' })
@ObjectType('ReplyApprovalConfig', { description: 'Which inbox replies need approval: any of always, abouts or authorRoles.' })
export class ReplyApprovalConfig {
  @Field(() => ID, { nullable: true, description: "The approval workflow replies go through; absent: the policy's workflowId." })
  workflowId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Every reply.' })
  always?: boolean | null;

  @Field(() => [InboxAbout], { nullable: true, description: 'Replies to items about any of these, e.g. COMPLAINT.' })
  abouts?: InboxAbout[] | null;

  @Field(() => [String], { nullable: true, description: 'Replies by an author holding any of these roles on the brand, e.g. CONTENT_CREATOR.' })
  authorRoles?: string[] | null;
}

@InputType('ApprovalRequiredConfigInput', { description: 'Which posts (and inbox replies) go through which approval workflow: every post (always), or those with any of the tags or formats.' })
@ObjectType('ApprovalRequiredConfig', { description: 'Which posts (and inbox replies) go through which approval workflow.' })
export class ApprovalRequiredConfig {
  @Field(() => ID, { description: 'The approval workflow posts matching this policy go through.' })
  workflowId: string;

  @Field(() => Boolean, { nullable: true, description: 'Every post.' })
  always?: boolean | null;

  @Field(() => [PostTag], { nullable: true, description: 'Posts with any of these tags.' })
  tags?: PostTag[] | null;

  @Field(() => [PostFormat], { nullable: true, description: 'Posts in any of these formats.' })
  formats?: PostFormat[] | null;

  @Field(() => ReplyApprovalConfig, { nullable: true, description: 'Which inbox replies need approval; absent: replies need none.' })
  replies?: ReplyApprovalConfig | null;
}

@InputType('BannedTermsConfigInput', { description: 'The words and phrases posts must not contain.' })
@ObjectType('BannedTermsConfig', { description: 'The words and phrases posts must not contain.' })
export class BannedTermsConfig {
  @Field(() => [String], { description: 'Words or phrases, matched as whole words, case-insensitively.' })
  terms: string[];
}

@InputType('RequiredDisclosureConfigInput', { description: 'Posts with any of the tags must contain the text.' })
@ObjectType('RequiredDisclosureConfig', { description: 'Posts with any of the tags must contain the text.' })
export class RequiredDisclosureConfig {
  @Field(() => [PostTag], { description: 'Posts with any of these tags must carry the text.' })
  tags: PostTag[];

  @Field({ description: 'Text that must appear, e.g. "#ad".' })
  text: string;
}

@InputType('ContentLengthRuleInput', { description: 'Length limits (inclusive) for the posts of a format and/or network; a bound left out is not checked.' })
@ObjectType('ContentLengthRule', { description: 'Length limits (inclusive) for the posts of a format and/or network.' })
export class ContentLengthRule {
  @Field(() => PostFormat, { nullable: true, description: 'Applies to posts in this format; absent: any format.' })
  format?: PostFormat | null;

  @Field(() => SocialNetwork, { nullable: true, description: 'Applies when the post goes to a profile on this network.' })
  network?: SocialNetwork | null;

  @Field(() => Int, { nullable: true, description: 'At least this many words.' })
  minWords?: number | null;

  @Field(() => Int, { nullable: true, description: 'At most this many words.' })
  maxWords?: number | null;

  @Field(() => Int, { nullable: true, description: 'At least this many characters (Unicode code points).' })
  minChars?: number | null;

  @Field(() => Int, { nullable: true, description: 'At most this many characters (Unicode code points), e.g. 280 on X.' })
  maxChars?: number | null;

  @Field(() => Int, { nullable: true, description: "A video's shortest duration, in seconds." })
  minDurationSeconds?: number | null;

  @Field(() => Int, { nullable: true, description: "A video's longest duration, in seconds." })
  maxDurationSeconds?: number | null;
}

@InputType('ContentLengthConfigInput', { description: 'Length rules; every rule that applies to a post is checked.' })
@ObjectType('ContentLengthConfig', { description: 'Length rules; every rule that applies to a post is checked.' })
export class ContentLengthConfig {
  @Field(() => [ContentLengthRule], { description: 'The rules, each for a format and/or network.' })
  rules: ContentLengthRule[];
}

@InputType('PostingCadenceConfigInput', { description: "Posts per profile in the 7 days up to a post's time." })
@ObjectType('PostingCadenceConfig', { description: "Posts per profile in the 7 days up to a post's time." })
export class PostingCadenceConfig {
  @Field(() => Int, { nullable: true, description: 'Fewer posts than this only warns, whatever the enforcement.' })
  minPerWeek?: number | null;

  @Field(() => Int, { nullable: true, description: 'More posts than this in 7 days breaks the rule.' })
  maxPerWeek?: number | null;
}

@InputType('OriginalContentRatioConfigInput', { description: 'The share of original posts per profile over a window of days.' })
@ObjectType('OriginalContentRatioConfig', { description: 'The share of original posts per profile over a window of days.' })
export class OriginalContentRatioConfig {
  @Field(() => Float, { description: 'The lowest share of original posts (not CURATED, without a source), 0 to 100.' })
  minOriginalPercent: number;

  @Field(() => Int, { description: 'The days counted back from the post.' })
  windowDays: number;
}

@InputType('LaunchReadinessConfigInput', { description: 'What a profile needs before it may go LIVE.' })
@ObjectType('LaunchReadinessConfig', { description: 'What a profile needs before it may go LIVE.' })
export class LaunchReadinessConfig {
  @Field(() => Int, { description: 'Approved or scheduled posts ready for the profile before it may go LIVE (the article says 3 to 5).' })
  minApprovedPosts: number;
}

@InputType('ResponseSlaTargetInput', { description: 'A response target for some inbox items: the first target that matches an item sets its minutes.' })
@ObjectType('ResponseSlaTarget', { description: 'A response target for some inbox items: the first target that matches an item sets its minutes.' })
export class ResponseSlaTarget {
  @Field(() => [InboxItemKind], { nullable: true, description: 'Items of any of these kinds; absent: any kind.' })
  kinds?: InboxItemKind[] | null;

  @Field(() => [InboxAbout], { nullable: true, description: 'Items about any of these; absent: anything.' })
  abouts?: InboxAbout[] | null;

  @Field(() => Int, { description: 'Minutes to the first response for the matching items.' })
  minutes: number;
}

@InputType('BusinessHoursInput', { description: "When a brand's response clock runs: the same hours on each of the given weekdays, in a time zone." })
@ObjectType('BusinessHours', { description: "When a brand's response clock runs: the same hours on each of the given weekdays, in a time zone." })
export class BusinessHours {
  @Field({ description: 'An IANA time zone name, e.g. Europe/Warsaw; daylight saving time is followed.' })
  timeZone: string;

  @Field(() => [Int], { description: 'ISO weekdays: 1 is Monday, 7 is Sunday.' })
  days: number[];

  @Field({ description: "Opening time, 'HH:MM' local time." })
  start: string;

  @Field({ description: "Closing time, 'HH:MM' local time after start; '24:00' is the end of the day." })
  end: string;
}

@InputType('ResponseSlaConfigInput', { description: "The inbox's response targets: minutes to a first response, by kind and topic." })
@ObjectType('ResponseSlaConfig', { description: "The inbox's response targets: minutes to a first response, by kind and topic." })
export class ResponseSlaConfig {
  @Field(() => Int, { description: 'Minutes to the first response for the items no target matches.' })
  minutes: number;

  @Field(() => [ResponseSlaTarget], { nullable: true, description: 'Targets by kind and about, tried in order; the first that matches an item wins.' })
  targets?: ResponseSlaTarget[] | null;

  @Field(() => BusinessHours, { nullable: true, description: 'The clock runs only inside these hours (the minutes are business minutes); absent: around the clock.' })
  businessHours?: BusinessHours | null;
}

@InputType('SourceVerificationConfigInput', { description: 'The checks a reshare of third-party content must have passed.' })
@ObjectType('SourceVerificationConfig', { description: 'The checks a reshare of third-party content must have passed.' })
export class SourceVerificationConfig {
  @Field(() => [SourceCheck], { description: "Checks the post's source must list as done." })
  requiredChecks: SourceCheck[];
}

@InputType('SpeculationLabelConfigInput', { description: 'Posts with any of the tags must carry one of the labels.' })
@ObjectType('SpeculationLabelConfig', { description: 'Posts with any of the tags must carry one of the labels.' })
export class SpeculationLabelConfig {
  @Field(() => [PostTag], { description: 'Posts with any of these tags need a label.' })
  tags: PostTag[];

  @Field(() => [String], { description: 'Accepted labels, e.g. "Opinion", "Speculation".' })
  labels: string[];
}

@InputType('InternalAudienceTestConfigInput', { description: 'Posts with any of the tags must have passed an internal audience test.' })
@ObjectType('InternalAudienceTestConfig', { description: 'Posts with any of the tags must have passed an internal audience test.' })
export class InternalAudienceTestConfig {
  @Field(() => [PostTag], { description: "Posts with any of these tags need a passed test (the post's internalTest)." })
  tags: PostTag[];
}

/** Exactly the member named after the policy's type is set. */
@InputType('PolicyConfigInput', { description: 'Give exactly the member that matches the policy type.' })
@ObjectType('PolicyConfig', { description: 'The member that matches the policy type is set; the others are null.' })
export class PolicyConfig {
  @Field(() => ApprovalRequiredConfig, { nullable: true, description: 'The config of a APPROVAL_REQUIRED policy.' })
  approvalRequired?: ApprovalRequiredConfig | null;

  @Field(() => BannedTermsConfig, { nullable: true, description: 'The config of a BANNED_TERMS policy.' })
  bannedTerms?: BannedTermsConfig | null;

  @Field(() => RequiredDisclosureConfig, { nullable: true, description: 'The config of a REQUIRED_DISCLOSURE policy.' })
  requiredDisclosure?: RequiredDisclosureConfig | null;

  @Field(() => ContentLengthConfig, { nullable: true, description: 'The config of a CONTENT_LENGTH policy.' })
  contentLength?: ContentLengthConfig | null;

  @Field(() => PostingCadenceConfig, { nullable: true, description: 'The config of a POSTING_CADENCE policy.' })
  postingCadence?: PostingCadenceConfig | null;

  @Field(() => OriginalContentRatioConfig, { nullable: true, description: 'The config of a ORIGINAL_CONTENT_RATIO policy.' })
  originalContentRatio?: OriginalContentRatioConfig | null;

  @Field(() => LaunchReadinessConfig, { nullable: true, description: 'The config of a LAUNCH_READINESS policy.' })
  launchReadiness?: LaunchReadinessConfig | null;

  @Field(() => ResponseSlaConfig, { nullable: true, description: 'The config of a RESPONSE_SLA policy.' })
  responseSla?: ResponseSlaConfig | null;

  @Field(() => SourceVerificationConfig, { nullable: true, description: 'The config of a SOURCE_VERIFICATION policy.' })
  sourceVerification?: SourceVerificationConfig | null;

  @Field(() => SpeculationLabelConfig, { nullable: true, description: 'The config of a SPECULATION_LABEL policy.' })
  speculationLabel?: SpeculationLabelConfig | null;

  @Field(() => InternalAudienceTestConfig, { nullable: true, description: 'The config of a INTERNAL_AUDIENCE_TEST policy.' })
  internalAudienceTest?: InternalAudienceTestConfig | null;
}

/** The PolicyConfig member of each type. */
export const CONFIG_KEY: Record<PolicyType, keyof PolicyConfig> = {
  APPROVAL_REQUIRED: 'approvalRequired',
  BANNED_TERMS: 'bannedTerms',
  REQUIRED_DISCLOSURE: 'requiredDisclosure',
  CONTENT_LENGTH: 'contentLength',
  POSTING_CADENCE: 'postingCadence',
  ORIGINAL_CONTENT_RATIO: 'originalContentRatio',
  LAUNCH_READINESS: 'launchReadiness',
  RESPONSE_SLA: 'responseSla',
  SOURCE_VERIFICATION: 'sourceVerification',
  SPECULATION_LABEL: 'speculationLabel',
  INTERNAL_AUDIENCE_TEST: 'internalAudienceTest',
};
