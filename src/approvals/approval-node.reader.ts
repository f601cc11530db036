import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { ApprovalDecisionKind, WorkflowStage } from './approval.entities';
import { ApprovalDecision, ApprovalRequest, ApprovalWorkflow } from './approval.types';
import { REQUEST_COLUMNS, RequestRow, toRequest } from './approval-request-rows';

type Scoped<T> = T & { brand_id: string; brand_ancestor_ids: string[] };
type DecisionRow = { id: string; request_id: string; stage: number; decider_id: string; decision: ApprovalDecisionKind; comment: string | null; created_at: Date };
type WorkflowRow = { id: string; name: string; description: string | null; stages: WorkflowStage[]; created_at: Date };

/**
 * Approval objects by id, for `node(id)`, each with the access of the read it is reached by: a
 * workflow as `approvalWorkflowsConnection` (brand:read somewhere: workflows are the
 * organization's), a request as its subject (`Post.approvalRequest`, `InboxReply.approvalRequest`:
 * brand:read on the request's brand), a decision as its request. NOT_FOUND otherwise. Each type
 * has its loader, so `nodes` reads many of a type in one statement.
 */
@Injectable()
export class ApprovalNodeReader {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  async workflow(ctx: RequestContext, id: string): Promise<ApprovalWorkflow> {
    const reach = this.access.reach(ctx, Permission.BRAND_READ);
    const row = reach.orgWide || reach.brandIds.length
      ? await this.load<WorkflowRow>(ctx, 'approvals.workflows.node', `SELECT w.id, w.name, w.description, w.stages, w.created_at FROM approval_workflows w WHERE w.organization_id = $1 AND w.id = ANY($2::uuid[])`, id)
      : null;
    if (!row) throw new NotFoundError('ApprovalWorkflow', id, 'id');
    return { id: row.id, name: row.name, description: row.description, stages: row.stages, createdAt: row.created_at };
  }

  async request(ctx: RequestContext, id: string): Promise<ApprovalRequest> {
    const row = await this.load<Scoped<RequestRow>>(ctx, 'approvals.requests.node', `SELECT ${REQUEST_COLUMNS('r')}, b.ancestor_ids AS brand_ancestor_ids
        FROM approval_requests r JOIN brands b ON b.organization_id = r.organization_id AND b.id = r.brand_id WHERE r.organization_id = $1 AND r.id = ANY($2::uuid[])`, id);
    return toRequest(this.visible(ctx, row, 'ApprovalRequest', id));
  }

  async decision(ctx: RequestContext, id: string): Promise<ApprovalDecision> {
    const row = await this.load<Scoped<DecisionRow>>(ctx, 'approvals.decisions.node', `SELECT d.id, d.request_id, d.stage, d.decider_id, d.decision, d.comment, d.created_at, r.brand_id, b.ancestor_ids AS brand_ancestor_ids
        FROM approval_decisions d JOIN approval_requests r ON r.organization_id = d.organization_id AND r.id = d.request_id
        JOIN brands b ON b.organization_id = r.organization_id AND b.id = r.brand_id WHERE d.organization_id = $1 AND d.id = ANY($2::uuid[])`, id);
    const r = this.visible(ctx, row, 'ApprovalDecision', id);
    return { id: r.id, requestId: r.request_id, stage: r.stage, deciderId: r.decider_id, decision: r.decision, comment: r.comment, createdAt: r.created_at };
  }

  private load<T extends { id: string }>(ctx: RequestContext, key: string, sql: string, id: string): Promise<T | null> {
    return ctx
      .loader<string, T | null>(key, async (ids) => {
        const rows = await this.db.query<T>(sql, [ctx.organizationId, ids]);
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
  }

  private visible<T>(ctx: RequestContext, row: Scoped<T> | null, type: string, id: string): Scoped<T> {
    if (!row || !this.access.canSee(ctx, { id: row.brand_id, ancestorIds: row.brand_ancestor_ids })) throw new NotFoundError(type, id, 'id');
    return row;
  }
}
