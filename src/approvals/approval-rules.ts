import { Grant } from '../../libs/core';
import { covers, Permission, BrandScope } from '../../libs/auth';
import { QueueState } from './approval.events';
import { ApprovalRequestStatus, WorkflowStage } from './approval.entities';

/**
 * Whether grants allow deciding a stage on a brand: post:approve there and one of the
 * stage's roles there; once escalated, post:approve on an ancestor (or org-wide) suffices.
 */
export function canDecideStage(grants: readonly Grant[], scope: BrandScope, stage: WorkflowStage | null, escalated: boolean): boolean {
  if (!stage) return false;
  const approving = grants.filter((g) => g.permissions.has(Permission.POST_APPROVE) && covers(g, scope));
  return approving.some((g) => stage.approverRoles.includes(g.roleKey) || (escalated && g.brandId !== scope.id));
}

/** Whether a principal could decide a request in this state (queue membership, for subscriptions). */
export function inQueue(principalId: string, grants: readonly Grant[], scope: BrandScope, authorId: string, state: QueueState | null): boolean {
  if (!state || state.status !== ApprovalRequestStatus.OPEN || principalId === authorId || state.deciderIds.includes(principalId)) return false;
  return canDecideStage(grants, scope, state.stage, state.escalated);
}
