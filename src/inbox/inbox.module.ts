import { DynamicModule, Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { IdentityModule } from '../identity';
import { SocialProfilesModule } from '../profiles';
import { InboxIngestService } from './inbox-ingest.service';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxPromotionResolver } from './inbox-promotion.resolver';
import { InboxPromotionService } from './inbox-promotion.service';
import { InboxConversationResolver, InboxItemFieldsResolver } from './inbox-item.resolver';
import { InboxReader } from './inbox-reader.service';
import { InboxTriage } from './inbox-triage';
import { InboxResolver } from './inbox.resolver';

@Module({})
export class InboxModule {
  /** `postsModule` is the app's PostsModule.forRoot(...) (one instance of the scheduler), as the demo takes it. */
  static forRoot(postsModule: DynamicModule): DynamicModule {
    return {
      module: InboxModule,
      imports: [BrandsModule, SocialProfilesModule, IdentityModule, postsModule],
      providers: [InboxItemLocks, InboxReader, InboxIngestService, InboxTriage, InboxResolver, InboxItemFieldsResolver, InboxConversationResolver,
        InboxPromotionService, InboxPromotionResolver],
      exports: [InboxItemLocks, InboxReader, InboxIngestService, InboxTriage],
    };
  }
}
