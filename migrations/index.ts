import { Initial1795700854300 } from './1795700854300-Initial';
import { RolesAndApiKeys1795701639844 } from './1795701639844-RolesAndApiKeys';
import { TenantRowLevelSecurity1795701700000 } from './1795701700000-TenantRowLevelSecurity';
import { PostsPoliciesApprovals1795702612433 } from './1795702612433-PostsPoliciesApprovals';
import { AuditAndOutbox1795703176985 } from './1795703176985-AuditAndOutbox';
import { ExternalRefs1795703947882 } from './1795703947882-ExternalRefs';
import { IdempotencyKeys1795704210586 } from './1795704210586-IdempotencyKeys';
import { Webhooks1795704277617 } from './1795704277617-Webhooks';
import { SessionsAndLoginLimits1795705100000 } from './1795705100000-SessionsAndLoginLimits';
import { ApprovalSubjects1795706000000 } from './1795706000000-ApprovalSubjects';
import { Inbox1795706100000 } from './1795706100000-Inbox';
import { ModerationRules1795706300000 } from './1795706300000-ModerationRules';
import { SavedReplies1795706400000 } from './1795706400000-SavedReplies';
import { InboxSlaWatch1795706500000 } from './1795706500000-InboxSlaWatch';
import { ExactlyOnceSends1795710000000 } from './1795710000000-ExactlyOnceSends';
import { RetentionIndexes1795711000000 } from './1795711000000-RetentionIndexes';
import { TenantKeys1795715000000 } from './1795715000000-TenantKeys';

/** Every migration, in order. TypeORM runs them by timestamp; keep this list complete. */
export const MIGRATIONS: Function[] = [
  Initial1795700854300, RolesAndApiKeys1795701639844, TenantRowLevelSecurity1795701700000, PostsPoliciesApprovals1795702612433,
  AuditAndOutbox1795703176985,
  ExternalRefs1795703947882,
  IdempotencyKeys1795704210586,
  Webhooks1795704277617,
  SessionsAndLoginLimits1795705100000,
  ApprovalSubjects1795706000000,
  Inbox1795706100000,
  ModerationRules1795706300000,
  SavedReplies1795706400000,
  InboxSlaWatch1795706500000,
  ExactlyOnceSends1795710000000,
  RetentionIndexes1795711000000,
  TenantKeys1795715000000,
];
