// The moderation rule engine: pure functions over plain data, no NestJS and no database
// (docs/guide/inbox.md, "Moderation rules"). The inbox feature resolves a brand's effective
// rules with it, validates rules on write, and runs them over items at ingest.
export * from './types';
export { compareRunOrder, effectiveModerationRules, lockingRule, ruleNameKey } from './inheritance';
export { compileRules, moderate, moderatedStatus } from './engine';
export type { CompiledModerationRules } from './engine';
export { describeAction, describeCondition } from './describe';
export type { ActionEffect, ConditionHit } from './describe';
export { MODERATION_LIMITS, normalizeModerationRule, validateModerationRule } from './validate';
export type { NormalizedModerationRule } from './validate';
export { containsKeyword, foldText } from './fold';
export { contactDetails, hasEmailAddress, hasLink, hasPhoneNumber, isOnlyEmoji, isOnlyMentions } from './detectors';
