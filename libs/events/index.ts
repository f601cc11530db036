// Typed domain events: the base every feature's events extend and the catalogue check. No
// NestJS and no database here: publishing (audit, outbox, after-commit listeners) is src/audit's.
export * from './domain-event';
export * from './entity-events';
