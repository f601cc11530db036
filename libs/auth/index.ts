export * from './permissions';
export * from './decorators';
export * from './principal-resolver';
export * from './bearer.strategy';
export * from './access.guard';
export * from './grants';
export * from './dominance';
export * from './subscription-sessions';
