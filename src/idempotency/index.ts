export { idempotencyPlugin } from './idempotency.plugin';
export type { IdempotencyPluginOptions } from './idempotency.plugin';
export { IdempotencyKeyEntity, IdempotencyKeyStatus } from './idempotency-key.entity';
