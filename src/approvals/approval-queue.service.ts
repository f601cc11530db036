import { Injectable } from '@nestjs/common';
import { Connection, RequestContext } from '../../libs/core';
import { Permission } from '../../libs/auth';
import { Db, keysetPage } from '../../libs/database';
import { ApprovalDecisionKind, ApprovalSubjectType } from './approval.entities';
import { ApprovalDecision, ApprovalRequest } from './approval.types';
import { REQUEST_COLUMNS, RequestRow, SUBJECT_COLUMN, toRequest } from './approval-request-rows';
import { ApprovalQueueArgs } from './dto/approval.inputs';

/** Approval reads: the caller's queue, a subject's latest request and a request's decisions (batched). */
@Injectable()
export class ApprovalQueueService {
  constructor(private readonly db: Db) {}

  /** Requests the caller can decide now: open, on a brand where they approve, at a stage naming one of their roles (or escalated to them), not their own, not yet decided by them; of one subject type when asked. */
  async queue(ctx: RequestContext, args: ApprovalQueueArgs): Promise<Connection<ApprovalRequest>> {
    const principal = ctx.requirePrincipal;
    const approving = principal.grants.filter((g) => g.permissions.has(Permission.POST_APPROVE));
    return keysetPage(this.db, {
      with: `grants AS (SELECT * FROM unnest($2::text[], $3::uuid[]) AS g(role_key, brand_id))`,
      matching: `SELECT ${REQUEST_COLUMNS('r')} FROM approval_requests r
           JOIN brands b ON b.id = r.brand_id
          WHERE r.organization_id = $1 AND r.status = 'OPEN' AND r.author_id <> $4 AND ($5::approval_subject IS NULL OR r.subject_type = $5)
            AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.request_id = r.id AND d.stage = r.current_stage AND d.decider_id = $4)
            AND EXISTS (
              SELECT 1 FROM grants g
               WHERE (g.brand_id IS NULL OR g.brand_id = r.brand_id OR g.brand_id = ANY(b.ancestor_ids))
                 AND (g.role_key IN (SELECT jsonb_array_elements_text(r.stages -> r.current_stage -> 'approverRoles'))
                      OR (r.escalated_at IS NOT NULL AND (g.brand_id IS NULL OR g.brand_id = ANY(b.ancestor_ids)))))`,
      params: [ctx.organizationId, approving.map((g) => g.roleKey), approving.map((g) => g.brandId), principal.id, args.subjectType ?? null],
      order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: 'asc',
      map: toRequest,
    }, args);
  }

  /** The latest request of each subject of a type (a post by default), batched per request. */
  latestFor(ctx: RequestContext, subjectId: string, subjectType: ApprovalSubjectType = ApprovalSubjectType.POST): Promise<ApprovalRequest | null> {
    const column = SUBJECT_COLUMN[subjectType];
    return ctx
      .loader<string, ApprovalRequest | null>(`approvals.latestBy.${subjectType}`, async (ids) => {
        const rows = await this.db.query<RequestRow>(
          `SELECT DISTINCT ON (r.${column}) ${REQUEST_COLUMNS('r')} FROM approval_requests r
            WHERE r.organization_id = $1 AND r.${column} = ANY($2::uuid[]) ORDER BY r.${column}, r.created_at DESC, r.id DESC`,
          [ctx.organizationId, ids],
        );
        const bySubject = new Map(rows.map((r) => [r[column], toRequest(r)]));
        return ids.map((id) => bySubject.get(id) ?? null);
      })
      .load(subjectId);
  }

  decisions(ctx: RequestContext, requestId: string): Promise<ApprovalDecision[]> {
    return ctx
      .loader<string, ApprovalDecision[]>('approvals.decisions', async (ids) => {
        const rows = await this.db.query<{ id: string; request_id: string; stage: number; decider_id: string; decision: ApprovalDecisionKind; comment: string | null; created_at: Date }>(
          `SELECT id, request_id, stage, decider_id, decision, comment, created_at FROM approval_decisions
            WHERE organization_id = $1 AND request_id = ANY($2::uuid[]) ORDER BY created_at, id`,
          [ctx.organizationId, ids],
        );
        return ids.map((id) =>
          rows.filter((r) => r.request_id === id).map((r) => ({ id: r.id, requestId: r.request_id, stage: r.stage, deciderId: r.decider_id, decision: r.decision, comment: r.comment, createdAt: r.created_at })),
        );
      })
      .load(requestId);
  }
}
