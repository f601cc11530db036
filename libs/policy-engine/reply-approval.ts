import { PolicyConfigs, PolicyRule, PolicyType, ReplyForApproval, RequiredWorkflow } from './types';

// Which approval workflows an inbox reply goes through: APPROVAL_REQUIRED's `replies` member,
// the reply counterpart of requiredWorkflows (evaluate.ts) for posts.

/**
 * The workflows a reply must pass, one per workflow, in the order of the policies (the
 * brand's effective ones). A policy without `replies` routes no reply; one with it applies
 * when `always`, when the item is about one of `abouts`, or when the author holds one of
 * `authorRoles` (any of them), through `replies.workflowId`, else the policy's workflowId.
 */
export function requiredReplyWorkflows(reply: ReplyForApproval, policies: readonly PolicyRule[]): RequiredWorkflow[] {
  const result: RequiredWorkflow[] = [];
  for (const policy of policies) {
    if (!policy.enabled || policy.type !== PolicyType.APPROVAL_REQUIRED) continue;
    const config = policy.config as PolicyConfigs[PolicyType.APPROVAL_REQUIRED];
    const replies = config.replies;
    if (replies == null) continue;
    const applies =
      replies.always === true ||
      (replies.abouts ?? []).includes(reply.about) ||
      (replies.authorRoles ?? []).some((role) => reply.authorRoleKeys.includes(role));
    const workflowId = replies.workflowId ?? config.workflowId;
    if (applies && !result.some((w) => w.workflowId === workflowId)) {
      result.push({ policyId: policy.id, brandId: policy.brandId, workflowId });
    }
  }
  return result;
}
