// The inbox feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { ContactEntity } from './contact.entity';
export { InboxConversationEntity, InboxItemEntity, InboxNoteEntity, InboxReplyEntity } from './inbox.entities';
export type { ModerationActionData } from './inbox.entities';
export * from './inbox.enums';
