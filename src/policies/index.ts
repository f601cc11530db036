// The policies feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { PoliciesService } from './policies.service';
export { PolicyNodeReader } from './policy-node.reader';
export { PolicyConfig } from './policy-config.types';
export { PolicyEntity } from './policy.entity';
export { POLICY_EVENTS } from './policy.events';
export { addRule, chainOf, POLICY_COLUMN_NAMES, toPolicy, toRule, withCoreFields } from './policy.mapper';
export type { PolicyRow } from './policy.mapper';
export { Policy, PolicyViolation } from './policy.type';
export { PoliciesModule } from './policies.module';
