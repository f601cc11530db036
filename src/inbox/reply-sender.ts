import { Injectable, Logger } from '@nestjs/common';
import { NotFoundError, RequestContext, SocialNetwork } from '../../libs/core';
import { Db } from '../../libs/database';
import { EventPublisher } from '../audit';
import { ConnectorProfile, ConnectorRegistry } from '../publishing';
import { InboxReply } from './conversation.types';
import { InboxItemStatus } from './inbox.enums';
import { InboxItemRow, itemColumns, REPLY_COLUMNS, ReplyRow, toInboxItem, toReply } from './inbox.mapper';
import { InboxItem } from './inbox.types';
import { InboxItemReplied, InboxItemReplyFailed } from './reply.events';

/** A reply the sender has dealt with, and its item as it now stands. */
export interface SendOutcome {
  reply: InboxReply;
  item: InboxItem;
}

/** Statuses a reply can no longer be sent from: the item must be reopened or unhidden first. */
export const UNANSWERABLE: readonly InboxItemStatus[] = [InboxItemStatus.CLOSED, InboxItemStatus.HIDDEN, InboxItemStatus.SPAM];

/**
 * Sends one reply through its profile's connector, in the caller's transaction, with the item's
 * row lock held: the reply is written SENDING, the connector gets the reply's id as idempotency key
 * (so a retry of a send whose answer was lost returns the first send, never a second), then the
 * reply is SENT with the network's id, or FAILED with the error and nothing else changed. The
 * item's first SENT reply sets its first response (the SLA clock stops), and an OPEN or ASSIGNED
 * item is then WAITING on the customer.
 */
@Injectable()
export class ReplySender {
  private readonly logger = new Logger('InboxReplies');

  constructor(
    private readonly db: Db,
    private readonly connectors: ConnectorRegistry,
    private readonly events: EventPublisher,
  ) {}

  async send(ctx: RequestContext, item: InboxItem, replyId: string): Promise<SendOutcome> {
    const sending = await this.setReply(ctx, replyId, `status = 'SENDING', error = NULL`);
    const profile = await this.db.queryOne<ConnectorProfile>(`SELECT id, network, handle FROM social_profiles WHERE organization_id = $1 AND id = $2`, [
      ctx.organizationId,
      item.profileId,
    ]);
    if (!profile) throw new NotFoundError('SocialProfile', item.profileId);
    let externalId: string;
    try {
      ({ externalId } = await this.connectors.for(profile.network as SocialNetwork).reply({
        organizationId: ctx.organizationId,
        itemId: item.id,
        replyId: sending.id,
        profile: { id: profile.id, network: profile.network, handle: profile.handle },
        inReplyToNetworkId: item.networkId,
        body: sending.body,
        idempotencyKey: sending.id,
      }));
    } catch (error) {
      const message = (error as Error).message || String(error);
      this.logger.warn(`reply ${sending.id} to item ${item.id}: the connector refused it: ${message}`);
      return this.fail(ctx, item, sending.id, message);
    }
    const reply = await this.setReply(ctx, replyId, `status = 'SENT', network_id = $3, sent_at = now(), error = NULL`, [externalId]);
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

  /** Marks the reply FAILED with `error` (the item does not change) and says so. */
  async fail(ctx: RequestContext, item: InboxItem, replyId: string, error: string): Promise<SendOutcome> {
    const reply = await this.setReply(ctx, replyId, `status = 'FAILED', error = $3`, [error]);
    await this.events.publish(ctx, new InboxItemReplyFailed({ item, reply }));
    return { reply, item };
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
}
