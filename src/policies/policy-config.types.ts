import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Enforcement, InboxAbout, InboxItemKind, PolicyType, PostFormat, PostTag, SourceCheck } from '../../libs/policy-engine';
import { SocialNetwork } from '../../libs/core';

registerEnumType(PolicyType, { name: 'PolicyType' });
registerEnumType(Enforcement, { name: 'Enforcement', description: 'BLOCK: the action fails with the violations. WARN: it succeeds and reports them.' });
registerEnumType(PostFormat, { name: 'PostFormat' });
registerEnumType(PostTag, { name: 'PostTag' });
registerEnumType(SourceCheck, { name: 'SourceCheck', description: 'The verification checklist for reshared third-party content.' });
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

@InputType('ReplyApprovalConfigInput')
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

@InputType('ApprovalRequiredConfigInput')
@ObjectType('ApprovalRequiredConfig')
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

@InputType('BannedTermsConfigInput')
@ObjectType('BannedTermsConfig')
export class BannedTermsConfig {
  @Field(() => [String], { description: 'Words or phrases, matched as whole words, case-insensitively.' })
  terms: string[];
}

@InputType('RequiredDisclosureConfigInput')
@ObjectType('RequiredDisclosureConfig')
export class RequiredDisclosureConfig {
  @Field(() => [PostTag])
  tags: PostTag[];

  @Field({ description: 'Text that must appear, e.g. "#ad".' })
  text: string;
}

@InputType('ContentLengthRuleInput')
@ObjectType('ContentLengthRule')
export class ContentLengthRule {
  @Field(() => PostFormat, { nullable: true })
  format?: PostFormat | null;

  @Field(() => SocialNetwork, { nullable: true, description: 'Applies when the post goes to a profile on this network.' })
  network?: SocialNetwork | null;

  @Field(() => Int, { nullable: true })
  minWords?: number | null;

  @Field(() => Int, { nullable: true })
  maxWords?: number | null;

  @Field(() => Int, { nullable: true })
  minChars?: number | null;

  @Field(() => Int, { nullable: true })
  maxChars?: number | null;

  @Field(() => Int, { nullable: true })
  minDurationSeconds?: number | null;

  @Field(() => Int, { nullable: true })
  maxDurationSeconds?: number | null;
}

@InputType('ContentLengthConfigInput')
@ObjectType('ContentLengthConfig')
export class ContentLengthConfig {
  @Field(() => [ContentLengthRule])
  rules: ContentLengthRule[];
}

@InputType('PostingCadenceConfigInput')
@ObjectType('PostingCadenceConfig')
export class PostingCadenceConfig {
  @Field(() => Int, { nullable: true })
  minPerWeek?: number | null;

  @Field(() => Int, { nullable: true })
  maxPerWeek?: number | null;
}

@InputType('OriginalContentRatioConfigInput')
@ObjectType('OriginalContentRatioConfig')
export class OriginalContentRatioConfig {
  @Field(() => Float)
  minOriginalPercent: number;

  @Field(() => Int)
  windowDays: number;
}

@InputType('LaunchReadinessConfigInput')
@ObjectType('LaunchReadinessConfig')
export class LaunchReadinessConfig {
  @Field(() => Int, { description: 'Approved or scheduled posts ready for the profile before it may go LIVE (the article says 3 to 5).' })
  minApprovedPosts: number;
}

@InputType('ResponseSlaTargetInput')
@ObjectType('ResponseSlaTarget', { description: 'A response target for some inbox items: the first target that matches an item sets its minutes.' })
export class ResponseSlaTarget {
  @Field(() => [InboxItemKind], { nullable: true, description: 'Items of any of these kinds; absent: any kind.' })
  kinds?: InboxItemKind[] | null;

  @Field(() => [InboxAbout], { nullable: true, description: 'Items about any of these; absent: anything.' })
  abouts?: InboxAbout[] | null;

  @Field(() => Int, { description: 'Minutes to the first response for the matching items.' })
  minutes: number;
}

@InputType('BusinessHoursInput')
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

@InputType('ResponseSlaConfigInput')
@ObjectType('ResponseSlaConfig')
export class ResponseSlaConfig {
  @Field(() => Int, { description: 'Minutes to the first response for the items no target matches.' })
  minutes: number;

  @Field(() => [ResponseSlaTarget], { nullable: true, description: 'Targets by kind and about, tried in order; the first that matches an item wins.' })
  targets?: ResponseSlaTarget[] | null;

  @Field(() => BusinessHours, { nullable: true, description: 'The clock runs only inside these hours (the minutes are business minutes); absent: around the clock.' })
  businessHours?: BusinessHours | null;
}

@InputType('SourceVerificationConfigInput')
@ObjectType('SourceVerificationConfig')
export class SourceVerificationConfig {
  @Field(() => [SourceCheck])
  requiredChecks: SourceCheck[];
}

@InputType('SpeculationLabelConfigInput')
@ObjectType('SpeculationLabelConfig')
export class SpeculationLabelConfig {
  @Field(() => [PostTag])
  tags: PostTag[];

  @Field(() => [String], { description: 'Accepted labels, e.g. "Opinion", "Speculation".' })
  labels: string[];
}

@InputType('InternalAudienceTestConfigInput')
@ObjectType('InternalAudienceTestConfig')
export class InternalAudienceTestConfig {
  @Field(() => [PostTag])
  tags: PostTag[];
}

/** Exactly the member named after the policy's type is set. */
@InputType('PolicyConfigInput', { description: 'Give exactly the member that matches the policy type.' })
@ObjectType('PolicyConfig', { description: 'The member that matches the policy type is set; the others are null.' })
export class PolicyConfig {
  @Field(() => ApprovalRequiredConfig, { nullable: true })
  approvalRequired?: ApprovalRequiredConfig | null;

  @Field(() => BannedTermsConfig, { nullable: true })
  bannedTerms?: BannedTermsConfig | null;

  @Field(() => RequiredDisclosureConfig, { nullable: true })
  requiredDisclosure?: RequiredDisclosureConfig | null;

  @Field(() => ContentLengthConfig, { nullable: true })
  contentLength?: ContentLengthConfig | null;

  @Field(() => PostingCadenceConfig, { nullable: true })
  postingCadence?: PostingCadenceConfig | null;

  @Field(() => OriginalContentRatioConfig, { nullable: true })
  originalContentRatio?: OriginalContentRatioConfig | null;

  @Field(() => LaunchReadinessConfig, { nullable: true })
  launchReadiness?: LaunchReadinessConfig | null;

  @Field(() => ResponseSlaConfig, { nullable: true })
  responseSla?: ResponseSlaConfig | null;

  @Field(() => SourceVerificationConfig, { nullable: true })
  sourceVerification?: SourceVerificationConfig | null;

  @Field(() => SpeculationLabelConfig, { nullable: true })
  speculationLabel?: SpeculationLabelConfig | null;

  @Field(() => InternalAudienceTestConfig, { nullable: true })
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
