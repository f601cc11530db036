export * from './logger';
export * from './request-id';
export * from './metrics';
export * from './operation-log.plugin';
