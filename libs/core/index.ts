export * from './errors';
export * from './cursor';
export * from './pagination';
export * from './request-context';
export * from './slug';
