import { Initial1795700854300 } from './1795700854300-Initial';

/** Every migration, in order. TypeORM runs them by timestamp; keep this list complete. */
export const MIGRATIONS: Function[] = [Initial1795700854300];
