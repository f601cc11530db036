import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { ApprovalQueueChanged } from './approval.events';
import { ApprovalRequestStatus, WorkflowStage } from './approval.entities';
import { ApprovalRequest } from './approval.types';
import { PostForApproval, queueChanged, REQUEST_COLUMNS, RequestRow, toRequest } from './approval-request-rows';

/**
 * A request's life outside decisions: the posts feature opens one on submission and voids it on
 * an edit or archive (inside its own transaction, holding the post's lock); the scheduler escalates
 * stages past their SLA. Each change publishes the queue change it makes.
 */
@Injectable()
export class ApprovalRequestsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventPublisher,
  ) {}

  /** Opens the request for the post's current revision, with the stages of every workflow that applies. */
  async open(ctx: RequestContext, post: PostForApproval, workflowIds: string[]): Promise<ApprovalRequest> {
    const workflows = await this.db.query<{ id: string; stages: WorkflowStage[] }>(
      `SELECT id, stages FROM approval_workflows WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [ctx.organizationId, workflowIds],
    );
    const ordered = workflowIds.map((id) => workflows.find((w) => w.id === id)).filter((w) => w !== undefined);
    const stages = ordered.flatMap((w) => w.stages);
    const row = await this.db.queryOne<RequestRow>(
      `INSERT INTO approval_requests (organization_id, post_id, brand_id, revision, workflow_ids, stages, submitted_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${REQUEST_COLUMNS('approval_requests')}`,
      [ctx.organizationId, post.id, post.brandId, post.revision, ordered.map((w) => w.id), JSON.stringify(stages), ctx.requirePrincipal.id],
    );
    await this.events.publish(ctx, queueChanged(ctx.organizationId, post, null, row!));
    return toRequest(row!);
  }

  /**
   * An edit or archive after submission voids the open request. An edit also voids an
   * approved one (pass APPROVED too): the approval was of a revision that is no longer current.
   */
  async voidOpen(ctx: RequestContext, postId: string, statuses: ApprovalRequestStatus[] = [ApprovalRequestStatus.OPEN]): Promise<void> {
    const rows = await this.db.query<RequestRow & { old_status: ApprovalRequestStatus; author_id: string; brand_ancestor_ids: string[] }>(
      `UPDATE approval_requests r SET status = 'VOID', closed_at = now()
         FROM approval_requests prior, posts p JOIN brands b ON b.id = p.brand_id
        WHERE prior.id = r.id AND prior.organization_id = $1 AND prior.post_id = $2 AND prior.status = ANY($3::approval_request_status[]) AND p.id = r.post_id
       RETURNING ${REQUEST_COLUMNS('r')}, prior.status AS old_status, p.author_id, b.ancestor_ids AS brand_ancestor_ids`,
      [ctx.organizationId, postId, statuses],
    );
    for (const row of rows) {
      const post = { id: row.post_id, brandId: row.brand_id, brandAncestorIds: row.brand_ancestor_ids, authorId: row.author_id, revision: row.revision };
      await this.events.publish(ctx, queueChanged(ctx.organizationId, post, { ...row, status: row.old_status }, row));
    }
  }

  /** Marks open stages past their SLA as escalated (the scheduler calls this; all tenants). */
  async escalateOverdue(): Promise<number> {
    const rows = await this.db.query<RequestRow & { organization_id: string; author_id: string; brand_ancestor_ids: string[] }>(
      `UPDATE approval_requests r SET escalated_at = now()
         FROM posts p JOIN brands b ON b.id = p.brand_id
        WHERE p.id = r.post_id AND r.status = 'OPEN' AND r.escalated_at IS NULL
          AND (r.stages -> r.current_stage ->> 'slaHours') IS NOT NULL
          AND r.stage_started_at + make_interval(hours => (r.stages -> r.current_stage ->> 'slaHours')::int) < now()
       RETURNING ${REQUEST_COLUMNS('r')}, r.organization_id, p.author_id, b.ancestor_ids AS brand_ancestor_ids`,
    );
    for (const row of rows) {
      const deciders = await this.db.query<{ decider_id: string }>(`SELECT decider_id FROM approval_decisions WHERE request_id = $1 AND stage = $2`, [row.id, row.current_stage]);
      const state = { status: row.status, stage: row.stages[row.current_stage], deciderIds: deciders.map((d) => d.decider_id) };
      // Every tenant's at once, no caller: not audited, so no context is needed.
      await this.events.publish(null, new ApprovalQueueChanged({
        organizationId: row.organization_id,
        requestId: row.id,
        postId: row.post_id,
        brandId: row.brand_id,
        brandAncestorIds: row.brand_ancestor_ids,
        authorId: row.author_id,
        before: { ...state, escalated: false },
        after: { ...state, escalated: true },
      }));
    }
    return rows.length;
  }
}
