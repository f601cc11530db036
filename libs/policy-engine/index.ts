// The policy engine: pure functions over plain data, no NestJS and no database. The
// policies feature resolves and validates policies with it; the posts feature evaluates
// posts and finds their approval workflows (and the inbox its replies'); profiles check
// launch readiness.
export * from './types';
export { decidingRules, effectivePolicies, lockingPolicy } from './inheritance';
export { blocking, evaluatePost, isOriginal, launchReadiness, requiredWorkflows, warnings } from './evaluate';
export { requiredReplyWorkflows } from './reply-approval';
export { CONFIG_LIMITS, validatePolicyConfig } from './validate';
export { isKnownTimeZone } from './validate-inbox';
