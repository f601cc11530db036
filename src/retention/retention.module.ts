import { Module } from '@nestjs/common';
import { RetentionJob } from './retention-job';

/** The retention job; the database and the configuration come from the app root. */
@Module({ providers: [RetentionJob], exports: [RetentionJob] })
export class RetentionModule {}
