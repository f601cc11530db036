export * from './data-source-options';
export * from './embedded-postgres';
export * from './statement-counter';
export * from './pg-errors';
// Db is the one way in: the request scope, read batcher, transaction runner and prepared
// reads behind it are not exported.
export { Db } from './db';
export { APP_ROLE, TENANT_SETTING, TenantScopeError } from './tenant';
export { type FirstBatchGuard, GuardFailedError } from './first-batch-guard';
export * from './keyset';
export * from './inline-parameters';
export * from './like';
export * from './keyset-page';
export * from './tenant.entity';
export * from './advisory-lock';
export * from './migrate-under-lock';
export * from './tenant-keys';
