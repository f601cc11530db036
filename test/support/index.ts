export * from './test-app';
export * from './test-database';
export * from './operation-access';
export * from './schema-operations';
export * from './timeouts';
export * from './builders';
export * from './redis';
