import { RoleAssignmentEntity, RoleEntity } from './access';
import { AuditEventEntity, OutboxEventEntity } from './audit';
import { ApprovalDecisionEntity, ApprovalRequestEntity, ApprovalWorkflowEntity } from './approvals';
import { BrandEntity } from './brands';
import { ApiKeyEntity, LoginLimitEntity, RevokedTokenEntity, UserEntity } from './identity';
import { ExternalRefEntity } from './integrations';
import { IdempotencyKeyEntity } from './idempotency';
import { ContactEntity, InboxConversationEntity, InboxItemEntity, InboxNoteEntity, InboxReplyEntity, ModerationRoundRobinEntity, ModerationRuleEntity, SavedReplyEntity } from './inbox';
import { OrganizationEntity } from '../libs/database';
import { PolicyEntity } from './policies';
import { PostEntity, PostPublicationEntity, PostRevisionEntity } from './posts';
import { SocialProfileEntity } from './profiles';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhooks';

/** Every table of the service; migrations must agree with these (CI checks). */
export const ENTITIES = [
  OrganizationEntity, UserEntity, BrandEntity, SocialProfileEntity, RoleEntity, RoleAssignmentEntity, ApiKeyEntity,
  PolicyEntity, ApprovalWorkflowEntity, PostEntity, PostRevisionEntity, PostPublicationEntity, ApprovalRequestEntity, ApprovalDecisionEntity,
  AuditEventEntity, OutboxEventEntity, ExternalRefEntity, IdempotencyKeyEntity,
  WebhookEndpointEntity, WebhookDeliveryEntity,
  RevokedTokenEntity, LoginLimitEntity,
  ContactEntity, InboxConversationEntity, InboxItemEntity, InboxReplyEntity, InboxNoteEntity, SavedReplyEntity,
  ModerationRuleEntity, ModerationRoundRobinEntity,
];
