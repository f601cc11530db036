// The idempotency feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { IdempotencyKeyEntity } from './idempotency-key.entity';
export { idempotencyPlugin } from './idempotency.plugin';
export type { IdempotencyPluginOptions } from './idempotency.plugin';
