export * from './errors';
export * from './cursor';
export * from './pagination';
export * from './request-context';
export * from './slug';
export * from './fresh-reads.interceptor';
export * from './input-validation.pipe';
export * from './error-formatter';
