export * from './permissions';
export * from './decorators';
export * from './principal-resolver';
export * from './jwt.strategy';
export * from './access.guard';
