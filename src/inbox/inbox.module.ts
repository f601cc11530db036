import { DynamicModule, Module } from '@nestjs/common';
import { BrandsModule } from '../brands';
import { IdentityModule } from '../identity';
import { SocialProfilesModule } from '../profiles';
import { PublishingModule } from '../publishing';
import { InboxChanges } from './inbox-changes';
import { InboxIngestService } from './inbox-ingest.service';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxConversationResolver, InboxItemFieldsResolver } from './inbox-item.resolver';
import { InboxReader } from './inbox-reader.service';
import { InboxTriage } from './inbox-triage';
import { InboxResolver } from './inbox.resolver';
import { InboxItemActions } from './item-actions.service';
import { InboxItemActionsResolver } from './item-actions.resolver';
import { InboxItemEdits } from './item-edits.service';
import { InboxItemWrites } from './item-writes';

@Module({})
export class InboxModule {
  /** `postsModule` is the app's PostsModule.forRoot(...) (one instance of the scheduler), as the demo takes it. */
  static forRoot(postsModule: DynamicModule): DynamicModule {
    return {
      module: InboxModule,
      imports: [BrandsModule, SocialProfilesModule, IdentityModule, PublishingModule, postsModule],
      providers: [
        InboxItemLocks, InboxReader, InboxIngestService, InboxTriage, InboxResolver, InboxItemFieldsResolver, InboxConversationResolver,
        InboxItemWrites, InboxItemActions, InboxItemEdits, InboxChanges, InboxItemActionsResolver,
      ],
      exports: [InboxItemLocks, InboxReader, InboxIngestService, InboxTriage, InboxChanges],
    };
  }
}
