export { HealthModule, type HealthOptions } from './health.module';
