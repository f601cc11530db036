import { DynamicModule, Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { IdentityModule } from '../identity';
import { SocialProfilesModule } from '../profiles';
import { PublishingModule } from '../publishing';
import { InboxIngestService } from './inbox-ingest.service';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxConversationResolver, InboxItemFieldsResolver } from './inbox-item.resolver';
import { InboxReader } from './inbox-reader.service';
import { InboxTriage } from './inbox-triage';
import { InboxResolver } from './inbox.resolver';
import { BrandModerationRulesResolver, ModerationRulesResolver } from './moderation-rules.resolver';
import { ModerationRulesService } from './moderation-rules.service';
import { ModerationTriage } from './moderation-triage';

@Module({})
export class InboxModule {
  /** `postsModule` is the app's PostsModule.forRoot(...) (one instance of the scheduler), as the demo takes it. */
  static forRoot(postsModule: DynamicModule): DynamicModule {
    return {
      module: InboxModule,
      imports: [BrandsModule, SocialProfilesModule, IdentityModule, PublishingModule, postsModule],
      providers: [InboxItemLocks, InboxReader, InboxIngestService, InboxTriage, InboxResolver, InboxItemFieldsResolver, InboxConversationResolver,
        ModerationTriage, ModerationRulesService, ModerationRulesResolver, BrandModerationRulesResolver],
      exports: [InboxItemLocks, InboxReader, InboxIngestService, InboxTriage],
    };
  }
}
