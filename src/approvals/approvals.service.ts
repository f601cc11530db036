import { EventPublisher } from '../audit';
import { ApprovalQueueChanged, ApprovalWorkflowCreated, DECIDED, QueueState } from './approval.events';
import { Injectable } from '@nestjs/common';
import { BadUserInputError, ConflictError, Connection, ForbiddenError, Grant, NotFoundError, RequestContext } from '../../libs/core';
import { covers, Permission, AccessService, BrandScope } from '../../libs/auth';
import { Db, keysetPage, isUniqueViolation } from '../../libs/database';
import { RolesService } from '../access';
import { ApprovalOutcomes } from './approval-outcomes';
import { ApprovalDecisionKind, ApprovalRequestStatus, WorkflowStage } from './approval.entities';
import { ApprovalDecision, ApprovalRequest, ApprovalWorkflow } from './approval.types';
import { ApprovalQueueArgs, CreateApprovalWorkflowInput, DecideApprovalInput } from './dto/approval.inputs';

interface RequestRow {
  id: string;
  post_id: string;
  brand_id: string;
  revision: number;
  workflow_ids: string[];
  stages: WorkflowStage[];
  status: ApprovalRequestStatus;
  current_stage: number;
  stage_started_at: Date;
  escalated_at: Date | null;
  submitted_by_id: string;
  created_at: Date;
  closed_at: Date | null;
}

const REQUEST_COLUMNS = (a: string) =>
  ['id', 'post_id', 'brand_id', 'revision', 'workflow_ids', 'stages', 'status', 'current_stage', 'stage_started_at', 'escalated_at', 'submitted_by_id', 'created_at', 'closed_at']
    .map((c) => `${a}.${c}`)
    .join(', ');

const toRequest = (r: RequestRow): ApprovalRequest => ({
  id: r.id,
  postId: r.post_id,
  brandId: r.brand_id,
  revision: r.revision,
  workflowIds: r.workflow_ids,
  stages: r.stages.map((s) => ({ ...s, slaHours: s.slaHours ?? null })),
  status: r.status,
  currentStage: r.current_stage,
  stageStartedAt: r.stage_started_at,
  escalatedAt: r.escalated_at,
  submittedById: r.submitted_by_id,
  createdAt: r.created_at,
  closedAt: r.closed_at,
});

/** What the post row needs to say about the request deciding it. */
interface PostForApproval {
  id: string;
  brandId: string;
  brandAncestorIds: string[];
  authorId: string;
  revision: number;
}

/**
 * Approval workflows and requests: who may decide what, in which order, and what a decision
 * does to the post. Decisions lock the post row first, then the request, so two approvers
 * racing for one stage, or a decision racing an edit, serialize: the loser gets CONFLICT.
 */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly roles: RolesService,
    private readonly events: EventPublisher,
    private readonly outcomes: ApprovalOutcomes,
  ) {}

  /** policy:manage somewhere is the guard's (@Allow); a workflow takes effect only through a policy on a brand. */
  async createWorkflow(ctx: RequestContext, input: CreateApprovalWorkflowInput): Promise<ApprovalWorkflow> {
    for (const [i, stage] of input.stages.entries()) {
      for (const [j, key] of stage.approverRoles.entries()) {
        if (!(await this.roles.find(ctx, key))) throw BadUserInputError.field(`input.stages.${i}.approverRoles.${j}`, `no role ${key} in this organization`);
      }
    }
    const stages: WorkflowStage[] = input.stages.map((s) => ({ name: s.name.trim(), approverRoles: [...new Set(s.approverRoles)], quorum: s.quorum, slaHours: s.slaHours ?? null }));
    return this.db.transaction(() => this.insertWorkflow(ctx, input, stages));
  }

  private async insertWorkflow(ctx: RequestContext, input: CreateApprovalWorkflowInput, stages: WorkflowStage[]): Promise<ApprovalWorkflow> {
    try {
      const row = await this.db.queryOne<{ id: string; name: string; description: string | null; stages: WorkflowStage[]; created_at: Date }>(
        `INSERT INTO approval_workflows (organization_id, name, description, stages) VALUES ($1, $2, $3, $4) RETURNING id, name, description, stages, created_at`,
        [ctx.organizationId, input.name.trim(), input.description ?? null, JSON.stringify(stages)],
      );
      const workflow = { id: row!.id, name: row!.name, description: row!.description, stages: row!.stages, createdAt: row!.created_at };
      await this.events.publish(ctx, new ApprovalWorkflowCreated({ workflow }));
      return workflow;
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_approval_workflows_name')) throw new ConflictError(`A workflow named "${input.name}" already exists`, { field: 'input.name' });
      throw error;
    }
  }

  async workflows(ctx: RequestContext): Promise<ApprovalWorkflow[]> {
    const rows = await this.db.query<{ id: string; name: string; description: string | null; stages: WorkflowStage[]; created_at: Date }>(
      `SELECT id, name, description, stages, created_at FROM approval_workflows WHERE organization_id = $1 ORDER BY name`,
      [ctx.organizationId],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, stages: r.stages, createdAt: r.created_at }));
  }

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
    await this.publish(ctx, post, null, row!);
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
      await this.publish(ctx, { id: row.post_id, brandId: row.brand_id, brandAncestorIds: row.brand_ancestor_ids, authorId: row.author_id, revision: row.revision }, { ...row, status: row.old_status }, row);
    }
  }

  async decide(ctx: RequestContext, input: DecideApprovalInput): Promise<{ request: ApprovalRequest; decision: ApprovalDecision }> {
    return this.db.transaction(async () => {
      const located = await this.db.queryOne<{ post_id: string }>(`SELECT post_id FROM approval_requests WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, input.requestId]);
      if (!located) throw new NotFoundError('ApprovalRequest', input.requestId, 'input.requestId');
      // Lock order: the post, then the request (the same order edits use).
      const post = await this.db.queryOne<{ id: string; brand_id: string; author_id: string; revision: number; status: string; ancestor_ids: string[] }>(
        `SELECT p.id, p.brand_id, p.author_id, p.revision, p.status, b.ancestor_ids FROM posts p JOIN brands b ON b.id = p.brand_id
          WHERE p.organization_id = $1 AND p.id = $2 FOR UPDATE OF p`,
        [ctx.organizationId, located.post_id],
      );
      const scope: BrandScope = { id: post!.brand_id, ancestorIds: post!.ancestor_ids };
      if (!this.access.canSee(ctx, scope)) throw new NotFoundError('ApprovalRequest', input.requestId, 'input.requestId');
      const request = (await this.db.queryOne<RequestRow>(
        `SELECT ${REQUEST_COLUMNS('r')} FROM approval_requests r WHERE r.organization_id = $1 AND r.id = $2 FOR UPDATE`,
        [ctx.organizationId, input.requestId],
      ))!;
      if (request.status !== ApprovalRequestStatus.OPEN) {
        throw new ConflictError(`The request is already ${request.status}; nothing was recorded`, { status: request.status });
      }
      const principal = ctx.requirePrincipal;
      if (post!.author_id === principal.id) throw new ForbiddenError('An author never approves their own post');
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
      const updated = await this.advance(ctx, request, input.decision);
      const after: QueueState = {
        status: updated.status,
        stage: updated.stages[updated.current_stage] ?? null,
        escalated: updated.escalated_at !== null,
        deciderIds: updated.current_stage === request.current_stage ? [...before.deciderIds, principal.id] : [],
      };
      await this.publish(ctx, { id: post!.id, brandId: post!.brand_id, brandAncestorIds: post!.ancestor_ids, authorId: post!.author_id, revision: post!.revision }, before, updated, after);
      await this.events.publish(ctx, new DECIDED[input.decision]({
        requestId: request.id,
        postId: post!.id,
        brandId: post!.brand_id,
        decision: input.decision,
        comment: input.comment ?? null,
        before: { status: request.status, currentStage: request.current_stage },
        after: { status: updated.status, currentStage: updated.current_stage },
      }));
      return { request: toRequest(updated), decision };
    });
  }

  /** Applies a decision: a reject or a request for changes ends the request; enough approvals advance it. */
  private async advance(ctx: RequestContext, request: RequestRow, decision: ApprovalDecisionKind): Promise<RequestRow> {
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
    if (status !== ApprovalRequestStatus.OPEN) await this.outcomes.closed(ctx, request.post_id, status);
    return row!;
  }

  /** Requests the caller can decide now: open, on a brand where they approve, at a stage naming one of their roles (or escalated to them), not their own post, not yet decided by them. */
  async queue(ctx: RequestContext, args: ApprovalQueueArgs): Promise<Connection<ApprovalRequest>> {
    const principal = ctx.requirePrincipal;
    const approving = principal.grants.filter((g) => g.permissions.has(Permission.POST_APPROVE));
    return keysetPage(this.db, {
      with: `grants AS (SELECT * FROM unnest($2::text[], $3::uuid[]) AS g(role_key, brand_id))`,
      matching: `SELECT ${REQUEST_COLUMNS('r')} FROM approval_requests r
           JOIN posts p ON p.id = r.post_id JOIN brands b ON b.id = r.brand_id
          WHERE r.organization_id = $1 AND r.status = 'OPEN' AND p.author_id <> $4
            AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.request_id = r.id AND d.stage = r.current_stage AND d.decider_id = $4)
            AND EXISTS (
              SELECT 1 FROM grants g
               WHERE (g.brand_id IS NULL OR g.brand_id = r.brand_id OR g.brand_id = ANY(b.ancestor_ids))
                 AND (g.role_key IN (SELECT jsonb_array_elements_text(r.stages -> r.current_stage -> 'approverRoles'))
                      OR (r.escalated_at IS NOT NULL AND (g.brand_id IS NULL OR g.brand_id = ANY(b.ancestor_ids)))))`,
      params: [ctx.organizationId, approving.map((g) => g.roleKey), approving.map((g) => g.brandId), principal.id],
      order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }],
      direction: 'asc',
      map: toRequest,
    }, args);
  }

  /** The latest request of each post, batched per request. */
  latestFor(ctx: RequestContext, postId: string): Promise<ApprovalRequest | null> {
    return ctx
      .loader<string, ApprovalRequest | null>('approvals.latestByPost', async (ids) => {
        const rows = await this.db.query<RequestRow>(
          `SELECT DISTINCT ON (r.post_id) ${REQUEST_COLUMNS('r')} FROM approval_requests r
            WHERE r.organization_id = $1 AND r.post_id = ANY($2::uuid[]) ORDER BY r.post_id, r.created_at DESC, r.id DESC`,
          [ctx.organizationId, ids],
        );
        const byPost = new Map(rows.map((r) => [r.post_id, toRequest(r)]));
        return ids.map((id) => byPost.get(id) ?? null);
      })
      .load(postId);
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

  private async state(ctx: RequestContext, row: RequestRow): Promise<QueueState> {
    const deciders = await this.db.query<{ decider_id: string }>(
      `SELECT decider_id FROM approval_decisions WHERE organization_id = $1 AND request_id = $2 AND stage = $3`,
      [ctx.organizationId, row.id, row.current_stage],
    );
    return { status: row.status, stage: row.stages[row.current_stage] ?? null, escalated: row.escalated_at !== null, deciderIds: deciders.map((d) => d.decider_id) };
  }

  private publish(ctx: RequestContext, post: PostForApproval, before: RequestRow | QueueState | null, after: RequestRow, afterState?: QueueState): Promise<void> {
    const asState = (r: RequestRow | QueueState): QueueState =>
      'current_stage' in r ? { status: r.status, stage: r.stages[r.current_stage] ?? null, escalated: r.escalated_at !== null, deciderIds: [] } : r;
    return this.events.publish(ctx, new ApprovalQueueChanged({
      organizationId: ctx.organizationId,
      requestId: after.id,
      postId: post.id,
      brandId: post.brandId,
      brandAncestorIds: post.brandAncestorIds,
      authorId: post.authorId,
      before: before ? asState(before) : null,
      after: afterState ?? asState(after),
    }));
  }
}

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
