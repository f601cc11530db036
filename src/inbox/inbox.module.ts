import { DynamicModule, Module } from '@nestjs/common';
import { ApprovalsModule } from '../approvals';
import { BrandsModule } from '../brands';
import { IdentityModule } from '../identity';
import { PoliciesModule } from '../policies';
import { SocialProfilesModule } from '../profiles';
import { PublishingModule } from '../publishing';
import { InboxChanges } from './inbox-changes';
import { InboxIngestService } from './inbox-ingest.service';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxPromotionResolver } from './inbox-promotion.resolver';
import { InboxPromotionService } from './inbox-promotion.service';
import { InboxConversationResolver, InboxItemFieldsResolver } from './inbox-item.resolver';
import { InboxReader } from './inbox-reader.service';
import { InboxNodeReader } from './inbox-node.reader';
import { InboxTriage } from './inbox-triage';
import { InboxResolver } from './inbox.resolver';
import { InboxStatsResolver } from './inbox-stats.resolver';
import { InboxStatsService } from './inbox-stats.service';
import { InboxSlaWatch } from './sla-watch';
import { SlaTriage } from './sla-triage';
import { InboxRepliesResolver } from './inbox-replies.resolver';
import { InboxRepliesService } from './inbox-replies.service';
import { ReplyPolicies } from './reply-policies';
import { ReplySender } from './reply-sender';
import { ReplySendReconciler } from './reply-reconciler';
import { SavedRepliesResolver } from './saved-replies/saved-replies.resolver';
import { SavedRepliesService } from './saved-replies/saved-replies.service';
import { BrandModerationRulesResolver, ModerationRulesResolver } from './moderation-rules.resolver';
import { ModerationRulesService } from './moderation-rules.service';
import { ModerationTriage } from './moderation-triage';
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
      imports: [BrandsModule, SocialProfilesModule, IdentityModule, postsModule, ApprovalsModule, PoliciesModule, PublishingModule],
      providers: [
        InboxItemLocks, InboxReader, InboxNodeReader, InboxIngestService, InboxTriage, InboxResolver, InboxItemFieldsResolver, InboxConversationResolver,
        ModerationTriage, ModerationRulesService, ModerationRulesResolver, BrandModerationRulesResolver,
        SlaTriage, InboxSlaWatch, InboxStatsService, InboxStatsResolver,
        InboxItemWrites, InboxItemActions, InboxItemEdits, InboxChanges, InboxItemActionsResolver,
        InboxPromotionService, InboxPromotionResolver,
        ReplyPolicies, ReplySender, ReplySendReconciler, InboxRepliesService, InboxRepliesResolver, SavedRepliesService, SavedRepliesResolver,
      ],
      exports: [InboxItemLocks, InboxReader, InboxNodeReader, InboxIngestService, InboxTriage, InboxSlaWatch, InboxChanges, ModerationRulesService, InboxItemEdits, InboxRepliesService, ReplySendReconciler],
    };
  }
}
