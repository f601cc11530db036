export { BrandConsoleModule } from './brand-console.module';
export { BrandConsoleReader } from './brand-console.reader';
export { brandTreeSql } from './statement';
export type { LevelPlan } from './plan';
