export { RetentionModule } from './retention.module';
export { RetentionJob, RETENTION_BATCH, type RetentionRun } from './retention-job';
