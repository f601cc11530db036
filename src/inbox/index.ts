// The inbox feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { ContactEntity } from './contact.entity';
export { InboxConversationEntity, InboxItemEntity, InboxNoteEntity, InboxReplyEntity } from './inbox.entities';
export type { ModerationActionData } from './inbox.entities';
export { ModerationRoundRobinEntity, ModerationRuleEntity } from './moderation-rule.entity';
export * from './inbox.enums';
export { Contact } from './contact.types';
export { INBOX_EVENTS } from './inbox.events';
export { InboxItem } from './inbox.types';
export { InboxReader } from './inbox-reader.service';
export { InboxNodeReader } from './inbox-node.reader';
export { InboxIngestService } from './inbox-ingest.service';
export { InboxPromotionService } from './inbox-promotion.service';
export { InboxTriage } from './inbox-triage';
export type { TriageItem, TriageOutcome } from './inbox-triage';
export { InboxModule } from './inbox.module';
export { InboxSlaWatch } from './sla-watch';
export { InboxStatsService } from './inbox-stats.service';
export { SavedReplyEntity } from './saved-replies/saved-reply.entity';
export { INBOX_CHANGES_TOPIC, InboxChanges } from './inbox-changes';
export type { InboxChangeEvent } from './inbox-changes';
export { ModerationRulesService } from './moderation-rules.service';
export { InboxRepliesService } from './inbox-replies.service';
export { ReplySendReconciler } from './reply-reconciler';
export { InboxItemEdits } from './item-edits.service';
export { ModerationActionType, ModerationConditionType } from './moderation-rule.types';
