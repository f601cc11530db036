import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { ApprovalRequestStatus, ApprovalSubjectType, WorkflowStage } from './approval.entities';
import { ApprovalRequest } from './approval.types';
import { queueChanged, REQUEST_COLUMNS, RequestRow, SUBJECT_COLUMN, subjectOf, toRequest } from './approval-request-rows';
import { ApprovalSubject } from './approval-subjects';

/** A changed request row, with what it was before and its brand's ancestors (read from brands). */
type ChangedRow = RequestRow & { old_status: ApprovalRequestStatus; brand_ancestor_ids: string[] };

/**
 * A request's life outside decisions: the feature owning a subject (posts, the inbox) opens one
 * on submission and voids it on an edit or withdrawal (inside its own transaction, holding the
 * subject's lock); the scheduler escalates stages past their SLA. Each change publishes the queue
 * change it makes. The request stores its author and brand: nothing here reads a subject's table.
 */
@Injectable()
export class ApprovalRequestsService {
  constructor(
    private readonly db: Db,
    private readonly events: EventPublisher,
  ) {}

  /** Opens the request for the subject as it stands, with the stages of every workflow that applies. */
  async open(ctx: RequestContext, subject: ApprovalSubject, workflowIds: string[]): Promise<ApprovalRequest> {
    const workflows = await this.db.query<{ id: string; stages: WorkflowStage[] }>(
      `SELECT id, stages FROM approval_workflows WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [ctx.organizationId, workflowIds],
    );
    const ordered = workflowIds.map((id) => workflows.find((w) => w.id === id)).filter((w) => w !== undefined);
    const stages = ordered.flatMap((w) => w.stages);
    const row = await this.db.queryOne<RequestRow>(
      `INSERT INTO approval_requests (organization_id, subject_type, ${SUBJECT_COLUMN[subject.type]}, author_id, brand_id, revision, workflow_ids, stages, submitted_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${REQUEST_COLUMNS('approval_requests')}`,
      [ctx.organizationId, subject.type, subject.id, subject.authorId, subject.brandId, subject.revision, ordered.map((w) => w.id), JSON.stringify(stages), ctx.requirePrincipal.id],
    );
    await this.events.publish(ctx, queueChanged(ctx.organizationId, subject, null, row!));
    return toRequest(row!);
  }

  /**
   * An edit or withdrawal after submission voids the open request. An edit also voids an
   * approved one (pass APPROVED too): the approval was of a version that is no longer current.
   */
  async voidOpen(ctx: RequestContext, subjectType: ApprovalSubjectType, subjectId: string, statuses: ApprovalRequestStatus[] = [ApprovalRequestStatus.OPEN]): Promise<void> {
    const rows = await this.db.query<ChangedRow>(
      `UPDATE approval_requests r SET status = 'VOID', closed_at = now()
         FROM approval_requests prior JOIN brands b ON b.id = prior.brand_id
        WHERE prior.id = r.id AND prior.organization_id = $1 AND prior.subject_type = $2 AND prior.${SUBJECT_COLUMN[subjectType]} = $3
          AND prior.status = ANY($4::approval_request_status[])
       RETURNING ${REQUEST_COLUMNS('r')}, prior.status AS old_status, b.ancestor_ids AS brand_ancestor_ids`,
      [ctx.organizationId, subjectType, subjectId, statuses],
    );
    for (const row of rows) {
      await this.events.publish(ctx, queueChanged(ctx.organizationId, subjectOf(row, row.brand_ancestor_ids), { ...row, status: row.old_status }, row));
    }
  }

  /** Marks open stages past their SLA as escalated (the scheduler calls this; all tenants). */
  async escalateOverdue(): Promise<number> {
    const rows = await this.db.query<RequestRow & { organization_id: string; brand_ancestor_ids: string[] }>(
      `UPDATE approval_requests r SET escalated_at = now()
         FROM brands b
        WHERE b.id = r.brand_id AND r.status = 'OPEN' AND r.escalated_at IS NULL
          AND (r.stages -> r.current_stage ->> 'slaHours') IS NOT NULL
          AND r.stage_started_at + make_interval(hours => (r.stages -> r.current_stage ->> 'slaHours')::int) < now()
       RETURNING ${REQUEST_COLUMNS('r')}, r.organization_id, b.ancestor_ids AS brand_ancestor_ids`,
    );
    for (const row of rows) {
      const deciders = await this.db.query<{ decider_id: string }>(`SELECT decider_id FROM approval_decisions WHERE request_id = $1 AND stage = $2`, [row.id, row.current_stage]);
      const state = { status: row.status, stage: row.stages[row.current_stage], deciderIds: deciders.map((d) => d.decider_id) };
      // Every tenant's at once, no caller: not audited, so no context is needed.
      await this.events.publish(null, queueChanged(row.organization_id, subjectOf(row, row.brand_ancestor_ids), { ...state, escalated: false }, row, { ...state, escalated: true }));
    }
    return rows.length;
  }
}
