import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Enforcement, PolicyType, PostFormat, PostTag, SourceCheck } from '../../libs/policy-engine';
import { SocialNetwork } from '../../libs/core';

registerEnumType(PolicyType, { name: 'PolicyType' });
registerEnumType(Enforcement, { name: 'Enforcement', description: 'BLOCK: the action fails with the violations. WARN: it succeeds and reports them.' });
registerEnumType(PostFormat, { name: 'PostFormat' });
registerEnumType(PostTag, { name: 'PostTag' });
registerEnumType(SourceCheck, { name: 'SourceCheck', description: 'The verification checklist for reshared third-party content.' });

// Each config class is both the input (…Input) and the output type: one shape, one place.
// Ranges and cross-field rules are checked by libs/policy-engine's validatePolicyConfig.

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

@InputType('ResponseSlaConfigInput')
@ObjectType('ResponseSlaConfig')
export class ResponseSlaConfig {
  @Field(() => Int, { description: 'Questions and complaints are answered within this many minutes.' })
  minutes: number;
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
