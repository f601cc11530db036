import { RoleAssignmentEntity } from './access/role-assignment.entity';
import { RoleEntity } from './access/role.entity';
import { AuditEventEntity, OutboxEventEntity } from './audit/audit.entities';
import { ApprovalDecisionEntity, ApprovalRequestEntity, ApprovalWorkflowEntity } from './approvals/approval.entities';
import { BrandEntity } from './brands/brand.entity';
import { ApiKeyEntity } from './identity/api-key.entity';
import { ExternalRefEntity } from './integrations/external-ref.entity';
import { IdempotencyKeyEntity } from './idempotency/idempotency-key.entity';
import { UserEntity } from './identity/user.entity';
import { RevokedTokenEntity } from './identity/revoked-token.entity';
import { LoginLimitEntity } from './identity/login-limit.entity';
import { OrganizationEntity } from './organizations/organization.entity';
import { PolicyEntity } from './policies/policy.entity';
import { PostEntity, PostPublicationEntity, PostRevisionEntity } from './posts/post.entities';
import { SocialProfileEntity } from './profiles/social-profile.entity';
import { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhooks/webhook.entities';

/** Every table of the service; migrations must agree with these (CI checks). */
export const ENTITIES = [
  OrganizationEntity, UserEntity, BrandEntity, SocialProfileEntity, RoleEntity, RoleAssignmentEntity, ApiKeyEntity,
  PolicyEntity, ApprovalWorkflowEntity, PostEntity, PostRevisionEntity, PostPublicationEntity, ApprovalRequestEntity, ApprovalDecisionEntity,
  AuditEventEntity, OutboxEventEntity, ExternalRefEntity, IdempotencyKeyEntity,
  WebhookEndpointEntity, WebhookDeliveryEntity,
  RevokedTokenEntity, LoginLimitEntity,
];
