import { Injectable, OnModuleInit } from '@nestjs/common';
import { BadUserInputError, ConflictError, NotFoundError, PolicyViolationError, RequestContext } from '../../libs/core';
import { AccessService, Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { blocking, PostTag, warnings } from '../../libs/policy-engine';
import { AfterDecision, ApprovalOutcome, ApprovalRequestsService, ApprovalSubjectHandler, ApprovalSubjects, ApprovalSubjectState, ApprovalSubjectType } from '../approvals';
import { PrincipalType } from '../access';
import { PolicyViolation } from '../policies';
import { EventPublisher } from '../audit';
import { ReplyToInboxItemInput } from './dto/reply.inputs';
import { InboxItemStatus, InboxReplyStatus } from './inbox.enums';
import { ITEM_FROM, ITEM_SELECT, InboxItemRow, REPLY_COLUMNS, ReplyRow, toInboxItem, toReply } from './inbox.mapper';
import { InboxItem } from './inbox.types';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxItemReplyPending, InboxItemReplyRejected } from './reply.events';
import { ReplyPolicies, toPolicyViolation } from './reply-policies';
import { ClaimedReply, ReplySender, UNANSWERABLE } from './reply-sender';
import { ReplyCheck, ReplyResult } from './reply.types';
import { SavedRepliesService } from './saved-replies/saved-replies.service';

/** What a closed approval request leaves a reply that did not go out. */
const NOT_SENT: Record<Exclude<ApprovalOutcome, 'APPROVED'>, InboxReplyStatus> = {
  REJECTED: InboxReplyStatus.REJECTED,
  CHANGES_REQUESTED: InboxReplyStatus.CHANGES_REQUESTED,
};

/**
 * Replying to inbox items (docs/guide/inbox.md, "Replying"): governed like posts (BLOCK refuses,
 * WARN warns), sent at once or after an approval request, retried by hand when the connector
 * failed. Every change takes the item's row lock first, then the reply's: the order approvals
 * keep too (this service is the INBOX_REPLY subject handler), so decisions, retries and new
 * replies on one item serialize.
 */
@Injectable()
export class InboxRepliesService implements ApprovalSubjectHandler, OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly locks: InboxItemLocks,
    private readonly policies: ReplyPolicies,
    private readonly savedReplies: SavedRepliesService,
    private readonly sender: ReplySender,
    private readonly approvals: ApprovalRequestsService,
    private readonly approvalSubjects: ApprovalSubjects,
    private readonly events: EventPublisher,
  ) {}

  onModuleInit(): void {
    this.approvalSubjects.register(ApprovalSubjectType.INBOX_REPLY, this);
  }

  async reply(ctx: RequestContext, input: ReplyToInboxItemInput): Promise<ReplyResult> {
    const step = await this.db.transaction(async (): Promise<{ send: ClaimedReply; warned: PolicyViolation[] } | { result: ReplyResult }> => {
      const item = await this.locks.lockFor(ctx, input.itemId, 'input.itemId');
      this.assertAnswerable(ctx, item, 'input.itemId');
      let body = input.body ?? null;
      let tags = input.tags ?? null;
      if (input.savedReplyId) {
        const saved = await this.savedReplies.inForce(ctx, { id: item.brandId, ancestorIds: item.brandAncestorIds }, input.savedReplyId, 'input.savedReplyId');
        body ??= saved.body;
        tags ??= saved.tags;
      }
      if (body === null) throw BadUserInputError.field('input.body', 'give the reply text, or a savedReplyId to answer with');
      const verdict = await this.policies.judge(ctx, item, body, tags ?? []);
      if (blocking(verdict.violations).length) throw new PolicyViolationError(verdict.violations.map(toPolicyViolation));
      const warned = warnings(verdict.violations).map(toPolicyViolation);
      const principal = ctx.requirePrincipal;
      const pending = verdict.workflows.length > 0;
      const row = await this.db.queryOne<ReplyRow>(
        `INSERT INTO inbox_replies AS r (organization_id, item_id, conversation_id, brand_id, profile_id, author_id, author_type, body, tags, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${REPLY_COLUMNS}`,
        [
          ctx.organizationId, item.id, item.conversationId, item.brandId, item.profileId, principal.id,
          principal.kind === 'API_KEY' ? PrincipalType.API_KEY : PrincipalType.USER, body, tags ?? [],
          pending ? InboxReplyStatus.PENDING_APPROVAL : InboxReplyStatus.SENDING,
        ],
      );
      if (!pending) return { send: await this.sender.claim(ctx, row!.id), warned };
      const reply = toReply(row!);
      const subject = { type: ApprovalSubjectType.INBOX_REPLY, id: reply.id, brandId: item.brandId, brandAncestorIds: item.brandAncestorIds, authorId: principal.id, revision: 1 };
      const request = await this.approvals.open(ctx, subject, verdict.workflows.map((w) => w.workflowId));
      await this.events.publish(ctx, new InboxItemReplyPending({ item, reply, requestId: request.id }));
      return { result: { reply, item, approvalRequestId: request.id, warnings: warned } };
    });
    if ('result' in step) return step.result;
    // The reply is committed SENDING before the network is called (ReplySender).
    return { ...(await this.sender.deliver(ctx, step.send)), approvalRequestId: null, warnings: step.warned };
  }

  /**
   * Sends a FAILED reply again, as written (and approved): same id, so the same idempotency key,
   * so a send whose answer was lost is not repeated on the network. The BLOCK policies are checked
   * again (they may have tightened); approval is not asked again.
   */
  async retry(ctx: RequestContext, id: string): Promise<ReplyResult> {
    const { send, warned } = await this.db.transaction(async () => {
      const ref = await this.db.queryOne<{ item_id: string }>(`SELECT item_id FROM inbox_replies WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id]);
      if (!ref) throw new NotFoundError('InboxReply', id, 'id');
      const item = await this.locks.lockFor(ctx, ref.item_id, 'id');
      const reply = await this.lockReply(ctx, id);
      if (reply.status !== InboxReplyStatus.FAILED) {
        throw new BadUserInputError(`Only a FAILED reply can be retried; this one is ${reply.status}`, [{ field: 'id', message: `reply is ${reply.status}` }]);
      }
      this.assertAnswerable(ctx, item, 'id');
      const verdict = await this.policies.judge(ctx, item, reply.body, reply.tags as PostTag[], []);
      if (blocking(verdict.violations).length) throw new PolicyViolationError(verdict.violations.map(toPolicyViolation));
      return { send: await this.sender.claim(ctx, reply.id), warned: warnings(verdict.violations).map(toPolicyViolation) };
    });
    return { ...(await this.sender.deliver(ctx, send)), approvalRequestId: null, warnings: warned };
  }

  /** The dry run: what the policies say about the text on this item, and whether it would wait for approval. Writes nothing. */
  async check(ctx: RequestContext, itemId: string, body: string, tags: PostTag[]): Promise<ReplyCheck> {
    const item = await this.itemFor(ctx, itemId);
    const verdict = await this.policies.judge(ctx, item, body, tags);
    return {
      violations: blocking(verdict.violations).map(toPolicyViolation),
      warnings: warnings(verdict.violations).map(toPolicyViolation),
      approvalRequired: verdict.workflows.length > 0,
      workflows: verdict.workflows,
    };
  }

  /** Approvals' lock: the item's row, then the reply's (the order every reply change keeps). */
  async lock(ctx: RequestContext, replyId: string): Promise<ApprovalSubjectState | null> {
    const ref = await this.db.queryOne<{ item_id: string }>(`SELECT item_id FROM inbox_replies WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, replyId]);
    if (!ref) return null;
    await this.db.query(`SELECT id FROM inbox_items WHERE organization_id = $1 AND id = $2 FOR UPDATE`, [ctx.organizationId, ref.item_id]);
    const row = await this.db.queryOne<{ id: string; brand_id: string; author_id: string; ancestor_ids: string[] }>(
      `SELECT r.id, r.brand_id, r.author_id, b.ancestor_ids FROM inbox_replies r JOIN brands b ON b.id = r.brand_id
        WHERE r.organization_id = $1 AND r.id = $2 FOR UPDATE OF r`,
      [ctx.organizationId, replyId],
    );
    return row ? { id: row.id, brandId: row.brand_id, brandAncestorIds: row.ancestor_ids, authorId: row.author_id, revision: 1 } : null;
  }

  /**
   * A decision closed the reply's request (in the deciding transaction, both locks held): APPROVED
   * claims it for sending, and sends it once the decision has committed; unless the item was
   * closed, hidden or marked spam meanwhile (then it is FAILED with why, to retry once the item
   * is reopened); a rejection or a request for changes keeps it unsent.
   */
  async closed(ctx: RequestContext, replyId: string, outcome: ApprovalOutcome): Promise<AfterDecision | void> {
    const reply = await this.lockReply(ctx, replyId);
    if (reply.status !== InboxReplyStatus.PENDING_APPROVAL) return;
    const row = await this.db.queryOne<InboxItemRow>(`SELECT ${ITEM_SELECT} FROM ${ITEM_FROM} WHERE i.organization_id = $1 AND i.id = $2`, [ctx.organizationId, reply.itemId]);
    const item = toInboxItem(row!);
    if (outcome !== 'APPROVED') {
      const after = await this.sender.setReply(ctx, replyId, `status = $3::inbox_reply_status`, [NOT_SENT[outcome]]);
      await this.events.publish(ctx, new InboxItemReplyRejected({ item, before: reply, reply: after }));
    } else if (UNANSWERABLE.includes(item.status)) {
      await this.sender.fail(ctx, item, replyId, `Approved, but the item is ${item.status} now: reopen or unhide it, then retry the reply`);
    } else {
      const send = await this.sender.claim(ctx, replyId);
      return async () => {
        await this.sender.deliver(ctx, send);
      };
    }
  }

  /** Refuses a reply to an item nobody should answer now, or that another agent holds. */
  private assertAnswerable(ctx: RequestContext, item: InboxItem, field: string): void {
    if (UNANSWERABLE.includes(item.status)) {
      const how = item.status === InboxItemStatus.CLOSED ? 'reopen it first (reopenInboxItem)' : 'unhide it first (unhideInboxItem)';
      throw new BadUserInputError(`The item is ${item.status}: ${how}`, [{ field, message: `item is ${item.status}` }]);
    }
    // No two agents answer the same customer blind: the holder answers, or someone takes it over first.
    if (item.assigneeId && item.assigneeId !== ctx.requirePrincipal.id) {
      throw new ConflictError('The item is assigned to another agent: take it over with assignInboxItem before answering', { assigneeId: item.assigneeId });
    }
  }

  private async lockReply(ctx: RequestContext, id: string) {
    const row = await this.db.queryOne<ReplyRow>(`SELECT ${REPLY_COLUMNS} FROM inbox_replies r WHERE r.organization_id = $1 AND r.id = $2 FOR UPDATE`, [ctx.organizationId, id]);
    if (!row) throw new NotFoundError('InboxReply', id, 'id');
    return toReply(row);
  }

  /** An item for the dry run: readable and answerable by the caller (inbox:respond), no lock taken. */
  private async itemFor(ctx: RequestContext, id: string): Promise<InboxItem> {
    const row = await this.db.queryOne<InboxItemRow>(`SELECT ${ITEM_SELECT} FROM ${ITEM_FROM} WHERE i.organization_id = $1 AND i.id = $2`, [ctx.organizationId, id]);
    const scope = row && { id: row.brand_id, ancestorIds: row.brand_ancestor_ids };
    if (!scope || !this.access.canSee(ctx, scope)) throw new NotFoundError('InboxItem', id, 'itemId');
    this.access.assert(ctx, Permission.INBOX_RESPOND, scope);
    return toInboxItem(row!);
  }
}
