export * from './data-source-options';
export * from './embedded-postgres';
export * from './statement-counter';
export * from './pg-errors';
export * from './db';
export * from './keyset';
export * from './inline-parameters';
export * from './like';
