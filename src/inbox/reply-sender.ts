import { Inject, Injectable, Logger } from '@nestjs/common';
import { PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { NotFoundError, RequestContext, SocialNetwork } from '../../libs/core';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { ConnectorRegistry, Reconciliation, ReplyRequest } from '../publishing';
import { InboxReply } from './conversation.types';
import { InboxItemStatus } from './inbox.enums';
import { InboxItemRow, ITEM_FROM, ITEM_SELECT, itemColumns, REPLY_COLUMNS, ReplyRow, toInboxItem, toReply } from './inbox.mapper';
import { InboxItem } from './inbox.types';
import { InboxItemReplied, InboxItemReplyFailed } from './reply.events';

/** A reply the sender has dealt with, and its item as it now stands. */
export interface SendOutcome {
  reply: InboxReply;
  item: InboxItem;
}

/** A reply claimed for sending (`claim`), with all the connector needs, read before any network call. */
export interface ClaimedReply {
  replyId: string;
  itemId: string;
  claim: string;
  /** An earlier attempt handed it to the connector and its outcome is unknown: ask the network before sending. */
  unsettled: boolean;
  request: ReplyRequest;
}

/** Statuses a reply can no longer be sent from: the item must be reopened or unhidden first. */
export const UNANSWERABLE: readonly InboxItemStatus[] = [InboxItemStatus.CLOSED, InboxItemStatus.HIDDEN, InboxItemStatus.SPAM];

/**
 * Sends one reply through its profile's connector, exactly once as far as the network allows
 * (docs/guide/inbox.md, "Replying"): `claim` (in the caller's transaction, the item's lock
 * held) marks the reply SENDING with a claim, a lease and one more attempt; `deliver` commits
 * that before the connector is called (its idempotency key is the reply's id), outside any
 * transaction, then records the answer: SENT with the network's id, or FAILED with the error
 * and nothing else changed. A reply whose last attempt's outcome is unknown (a crash, or a
 * failed call) is looked up on the network first (the connector's `lookup`), and sent again only
 * when the network has nothing. A SENDING reply whose lease lapsed is the reconciler's
 * (ReplySendReconciler). The item's first SENT reply sets its first response (the SLA clock
 * stops), and an OPEN or ASSIGNED item is then WAITING on the customer.
 */
@Injectable()
export class ReplySender {
  private readonly logger = new Logger('InboxReplies');
  /** How long a SENDING reply holds before the reconciler takes it up (SEND_LEASE_SECONDS). */
  private readonly leaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly connectors: ConnectorRegistry,
    private readonly events: EventPublisher,
    @Inject(PARASOL_CONFIG) config: ParasolConfig,
  ) {
    this.leaseMs = config.leases.sendMs;
  }

  /** Claims the reply for a send (in the caller's transaction): SENDING, a fresh claim and lease, one more attempt. */
  async claim(ctx: RequestContext, replyId: string): Promise<ClaimedReply> {
    const row = await this.db.queryOne<ReplyRow & { send_claim: string; attempts: number; in_reply_to: string; network: SocialNetwork; handle: string }>(
      `UPDATE inbox_replies r SET status = 'SENDING', error = NULL, send_claim = gen_random_uuid(), send_lease_until = now() + $3 * interval '1 millisecond', attempts = r.attempts + 1
         FROM inbox_items i, social_profiles sp
        WHERE r.organization_id = $1 AND r.id = $2 AND i.organization_id = $1 AND i.id = r.item_id AND sp.organization_id = $1 AND sp.id = r.profile_id
       RETURNING ${REPLY_COLUMNS}, r.send_claim, r.attempts, i.network_id AS in_reply_to, sp.network, sp.handle`,
      [ctx.organizationId, replyId, this.leaseMs],
    );
    if (!row) throw new NotFoundError('InboxReply', replyId);
    return {
      replyId,
      itemId: row.item_id,
      claim: row.send_claim,
      unsettled: row.attempts > 1,
      request: {
        organizationId: ctx.organizationId,
        itemId: row.item_id,
        replyId,
        profile: { id: row.profile_id, network: row.network, handle: row.handle },
        inReplyToNetworkId: row.in_reply_to,
        body: row.body,
        idempotencyKey: replyId,
      },
    };
  }

  /**
   * Sends a claimed reply: commits the claim (in a request, what it wrote so far), asks the
   * network (after an unknown outcome) or sends, and records the answer in a transaction of its
   * own. A claimant whose lease was taken over records nothing and answers the reply as it stands.
   */
  async deliver(ctx: RequestContext, send: ClaimedReply): Promise<SendOutcome> {
    await this.db.commitSoFar();
    const connector = this.connectors.for(send.request.profile.network as SocialNetwork);
    let externalId: string | null = null;
    let reconciled: Reconciliation | null = null;
    try {
      if (send.unsettled && connector.lookup) {
        const found = await connector.lookup({ organizationId: ctx.organizationId, kind: 'reply', profile: send.request.profile, idempotencyKey: send.request.idempotencyKey });
        externalId = found?.externalId ?? null;
        reconciled = found ? 'FOUND' : 'SENT_AGAIN';
        if (found) this.logger.log(`reply ${send.replyId}: the network already has it (${found.externalId}); not sent again`);
      } else if (send.unsettled) {
        reconciled = 'RESENT_UNCHECKED';
        this.logger.warn(`reply ${send.replyId}: ${connector.name} cannot look sends up; sending again with the same idempotency key`);
      }
      externalId ??= (await connector.reply(send.request)).externalId;
    } catch (error) {
      const message = (error as Error).message || String(error);
      this.logger.warn(`reply ${send.replyId} to item ${send.itemId}: the connector refused it: ${message}`);
      return this.db.transaction(async () => this.fail(ctx, await this.lockItem(ctx, send.itemId), send.replyId, message, send.claim));
    }
    const sentId = externalId;
    return this.db.transaction(() => this.sent(ctx, send, sentId, reconciled));
  }

  /** Marks the reply FAILED with `error` (the item does not change) and says so; with `claim`, only while that claim holds it. */
  async fail(ctx: RequestContext, item: InboxItem, replyId: string, error: string, claim?: string): Promise<SendOutcome> {
    const failed = await this.settle(ctx, replyId, claim, `status = 'FAILED', error = $4`, [error]);
    if (!failed) return { reply: await this.current(ctx, replyId), item };
    await this.events.publish(ctx, new InboxItemReplyFailed({ item, reply: failed }));
    return { reply: failed, item };
  }

  /** Sets the reply's status (and what goes with it) and answers it as it now stands. */
  async setReply(ctx: RequestContext, id: string, set: string, params: unknown[] = []): Promise<InboxReply> {
    const row = await this.db.queryOne<ReplyRow>(`UPDATE inbox_replies r SET ${set} WHERE r.organization_id = $1 AND r.id = $2 RETURNING ${REPLY_COLUMNS}`, [
      ctx.organizationId,
      id,
      ...params,
    ]);
    return toReply(row!);
  }

  /** The network took it: SENT, and the item answered (lock order: the item, then the reply). */
  private async sent(ctx: RequestContext, send: ClaimedReply, externalId: string, reconciled: Reconciliation | null): Promise<SendOutcome> {
    const item = await this.lockItem(ctx, send.itemId);
    const reply = await this.settle(ctx, send.replyId, send.claim, `status = 'SENT', network_id = $4, sent_at = now(), error = NULL, reconciled = coalesce($5, r.reconciled)`, [
      externalId,
      reconciled,
    ]);
    if (!reply) return { reply: await this.current(ctx, send.replyId), item };
    const row = await this.db.queryOne<InboxItemRow>(
      `UPDATE inbox_items i
          SET first_response_at = coalesce(i.first_response_at, (SELECT r.sent_at FROM inbox_replies r WHERE r.organization_id = $1 AND r.id = $3)),
              status = CASE WHEN i.status IN ('OPEN', 'ASSIGNED') THEN 'WAITING'::inbox_item_status ELSE i.status END,
              version = i.version + 1, updated_at = now()
         FROM brands b
        WHERE b.id = i.brand_id AND i.organization_id = $1 AND i.id = $2
       RETURNING ${itemColumns('i')}, b.ancestor_ids AS brand_ancestor_ids`,
      [ctx.organizationId, item.id, reply.id],
    );
    const after = toInboxItem(row!);
    await this.events.publish(ctx, new InboxItemReplied({ before: item, after, reply }));
    return { reply, item: after };
  }

  /** Ends a send (the claim and lease cleared); with `claim`, only a SENDING reply that claim still holds. Null when it held none. */
  private async settle(ctx: RequestContext, id: string, claim: string | undefined, set: string, params: unknown[]): Promise<InboxReply | null> {
    const row = await this.db.queryOne<ReplyRow>(
      `UPDATE inbox_replies r SET ${set}, send_claim = NULL, send_lease_until = NULL
        WHERE r.organization_id = $1 AND r.id = $2 AND ($3::uuid IS NULL OR (r.send_claim = $3 AND r.status = 'SENDING')) RETURNING ${REPLY_COLUMNS}`,
      [ctx.organizationId, id, claim ?? null, ...params],
    );
    return row ? toReply(row) : null;
  }

  private async current(ctx: RequestContext, id: string): Promise<InboxReply> {
    const row = await this.db.queryOne<ReplyRow>(`SELECT ${REPLY_COLUMNS} FROM inbox_replies r WHERE r.organization_id = $1 AND r.id = $2`, [ctx.organizationId, id]);
    return toReply(row!);
  }

  private async lockItem(ctx: RequestContext, id: string): Promise<InboxItem> {
    const row = await this.db.queryOne<InboxItemRow>(`SELECT ${ITEM_SELECT} FROM ${ITEM_FROM} WHERE i.organization_id = $1 AND i.id = $2 FOR UPDATE OF i`, [ctx.organizationId, id]);
    if (!row) throw new NotFoundError('InboxItem', id);
    return toInboxItem(row);
  }
}
