import { DynamicModule, Module } from '@nestjs/common';
import { ApprovalsModule } from '../approvals';
import { BrandsModule } from '../brands';
import { PoliciesModule } from '../policies';
import { SocialProfilesModule } from '../profiles';
import { PublishingModule } from '../publishing';
import { PostEvaluator } from './post-evaluator.service';
import { PostLifecycleService } from './post-lifecycle.service';
import { PostScheduler, SCHEDULER_INTERVAL_MS } from './post-scheduler';
import { CalendarEntryResolver, PostsResolver } from './posts.resolver';
import { PostsService } from './posts.service';

@Module({})
export class PostsModule {
  /** `schedulerIntervalMs` 0 turns the in-process scheduler off (tests drive it by hand). */
  static forRoot(schedulerIntervalMs: number): DynamicModule {
    return {
      module: PostsModule,
      imports: [ApprovalsModule, BrandsModule, PoliciesModule, SocialProfilesModule, PublishingModule],
      providers: [
        PostsService,
        PostEvaluator,
        PostLifecycleService,
        PostScheduler,
        PostsResolver,
        CalendarEntryResolver,
        { provide: SCHEDULER_INTERVAL_MS, useValue: schedulerIntervalMs },
      ],
      exports: [PostsService, PostLifecycleService, PostScheduler],
    };
  }
}
