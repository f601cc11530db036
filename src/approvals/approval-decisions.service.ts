import { Injectable } from '@nestjs/common';
import { ConflictError, ForbiddenError, NotFoundError, RequestContext } from '../../libs/core';
import { AccessService, BrandScope } from '../../libs/auth';
import { Db, isUniqueViolation } from '../../libs/database';
import { EventPublisher } from '../audit';
import { DECIDED, QueueState } from './approval.events';
import { ApprovalDecisionKind, ApprovalRequestStatus } from './approval.entities';
import { ApprovalDecision, ApprovalRequest } from './approval.types';
import { queueChanged, REQUEST_COLUMNS, RequestRow, subjectIdOf, toRequest } from './approval-request-rows';
import { AfterDecision, ApprovalSubjects, SUBJECT_NOUN } from './approval-subjects';
import { canDecideStage } from './approval-rules';
import { DecideApprovalInput } from './dto/approval.inputs';

/**
 * Deciding a request: who may decide which stage, and what a decision does to the request and,
 * through ApprovalSubjects, to its subject (a post, an inbox reply). Decisions lock the subject's
 * row first, then the request, so two approvers racing for one stage, or a decision racing an
 * edit, serialize: the loser gets CONFLICT.
 */
@Injectable()
export class ApprovalDecisionsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly events: EventPublisher,
    private readonly subjects: ApprovalSubjects,
  ) {}

  async decide(ctx: RequestContext, input: DecideApprovalInput): Promise<{ request: ApprovalRequest; decision: ApprovalDecision }> {
    // What the subject asked to do once the decision has committed (an approved reply's send).
    const afterCommit: AfterDecision[] = [];
    const result = await this.db.transaction(async () => {
      const located = await this.db.queryOne<Pick<RequestRow, 'subject_type' | 'post_id' | 'inbox_reply_id'>>(
        `SELECT subject_type, post_id, inbox_reply_id FROM approval_requests WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, input.requestId],
      );
      if (!located) throw new NotFoundError('ApprovalRequest', input.requestId, 'input.requestId');
      // Lock order: the subject, then the request (the same order the subject's edits use).
      const subject = await this.subjects.lock(ctx, located.subject_type, subjectIdOf(located));
      const scope: BrandScope | null = subject && { id: subject.brandId, ancestorIds: subject.brandAncestorIds };
      if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('ApprovalRequest', input.requestId, 'input.requestId');
      const request = (await this.db.queryOne<RequestRow>(
        `SELECT ${REQUEST_COLUMNS('r')} FROM approval_requests r WHERE r.organization_id = $1 AND r.id = $2 FOR UPDATE`,
        [ctx.organizationId, input.requestId],
      ))!;
      if (request.status !== ApprovalRequestStatus.OPEN) {
        throw new ConflictError(`The request is already ${request.status}; nothing was recorded`, { status: request.status });
      }
      const principal = ctx.requirePrincipal;
      if (request.author_id === principal.id) throw new ForbiddenError(`An author never approves their own ${SUBJECT_NOUN[request.subject_type]}`);
      const stage = request.stages[request.current_stage];
      if (!canDecideStage(principal.grants, scope, stage, request.escalated_at !== null)) {
        throw new ForbiddenError(`Deciding this stage needs post:approve and one of the roles ${stage.approverRoles.join(', ')} on the brand or above`, {
          approverRoles: stage.approverRoles,
        });
      }
      const before = await this.state(ctx, request);
      let decision: ApprovalDecision;
      try {
        const row = await this.db.queryOne<{ id: string; created_at: Date }>(
          `INSERT INTO approval_decisions (organization_id, request_id, stage, decider_id, decision, comment) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
          [ctx.organizationId, request.id, request.current_stage, principal.id, input.decision, input.comment ?? null],
        );
        decision = { id: row!.id, requestId: request.id, stage: request.current_stage, deciderId: principal.id, decision: input.decision, comment: input.comment ?? null, createdAt: row!.created_at };
      } catch (error) {
        if (isUniqueViolation(error, 'UQ_approval_decisions_once')) throw new ConflictError('You already decided this stage; a person counts once per stage');
        throw error;
      }
      const updated = await this.advance(ctx, request, input.decision, afterCommit);
      const after: QueueState = {
        status: updated.status,
        stage: updated.stages[updated.current_stage] ?? null,
        escalated: updated.escalated_at !== null,
        deciderIds: updated.current_stage === request.current_stage ? [...before.deciderIds, principal.id] : [],
      };
      const decided = { type: request.subject_type, ...subject!, authorId: request.author_id };
      await this.events.publish(ctx, queueChanged(ctx.organizationId, decided, before, updated, after));
      await this.events.publish(ctx, new DECIDED[input.decision]({
        requestId: request.id,
        subjectType: request.subject_type,
        postId: request.post_id,
        inboxReplyId: request.inbox_reply_id,
        brandId: subject!.brandId,
        decision: input.decision,
        comment: input.comment ?? null,
        before: { status: request.status, currentStage: request.current_stage },
        after: { status: updated.status, currentStage: updated.current_stage },
      }));
      return { request: toRequest(updated), decision };
    });
    for (const work of afterCommit) {
      await this.db.commitSoFar();
      await work();
    }
    return result;
  }

  /** Applies a decision: a reject or a request for changes ends the request; enough approvals advance it. */
  private async advance(ctx: RequestContext, request: RequestRow, decision: ApprovalDecisionKind, afterCommit: AfterDecision[]): Promise<RequestRow> {
    let status = ApprovalRequestStatus.OPEN;
    let stage = request.current_stage;
    if (decision === ApprovalDecisionKind.REJECT) status = ApprovalRequestStatus.REJECTED;
    else if (decision === ApprovalDecisionKind.REQUEST_CHANGES) status = ApprovalRequestStatus.CHANGES_REQUESTED;
    else {
      const [{ approvals }] = await this.db.query<{ approvals: number }>(
        `SELECT count(*)::int AS approvals FROM approval_decisions WHERE request_id = $1 AND stage = $2 AND decision = 'APPROVE'`,
        [request.id, stage],
      );
      if (approvals >= request.stages[stage].quorum) {
        if (stage + 1 >= request.stages.length) status = ApprovalRequestStatus.APPROVED;
        else stage += 1;
      }
    }
    const row = await this.db.queryOne<RequestRow>(
      `UPDATE approval_requests
          SET status = $3::approval_request_status, current_stage = $4,
              stage_started_at = CASE WHEN $4 <> current_stage THEN now() ELSE stage_started_at END,
              escalated_at = CASE WHEN $4 <> current_stage THEN NULL ELSE escalated_at END,
              closed_at = CASE WHEN $3::approval_request_status <> 'OPEN' THEN now() ELSE NULL END
        WHERE organization_id = $1 AND id = $2 RETURNING ${REQUEST_COLUMNS('approval_requests')}`,
      [ctx.organizationId, request.id, status, stage],
    );
    if (status !== ApprovalRequestStatus.OPEN) {
      const after = await this.subjects.closed(ctx, request.subject_type, subjectIdOf(request), status);
      if (after) afterCommit.push(after);
    }
    return row!;
  }

  /** The request's queue state before this decision: who already decided its current stage. */
  private async state(ctx: RequestContext, row: RequestRow): Promise<QueueState> {
    const deciders = await this.db.query<{ decider_id: string }>(
      `SELECT decider_id FROM approval_decisions WHERE organization_id = $1 AND request_id = $2 AND stage = $3`,
      [ctx.organizationId, row.id, row.current_stage],
    );
    return { status: row.status, stage: row.stages[row.current_stage] ?? null, escalated: row.escalated_at !== null, deciderIds: deciders.map((d) => d.decider_id) };
  }
}
