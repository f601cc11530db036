import { Injectable, Logger } from '@nestjs/common';
import { BadUserInputError, ConflictError, ForbiddenError, RequestContext, UpstreamUnavailableError } from '../../libs/core';
import { Db } from '../../libs/database';
import { DomainEvent } from '../../libs/events';
import { EventPublisher } from '../audit';
import { ConnectorModerationAction, ConnectorRegistry } from '../publishing';
import { InboxItemLocks } from './inbox-item-locks';
import { InboxItemStatus } from './inbox.enums';
import { InboxItem } from './inbox.types';
import {
  InboxItemAssigned, InboxItemClaimed, InboxItemClosed, InboxItemHidden, InboxItemMarkedSpam, InboxItemReopened, InboxItemUnhidden,
} from './item-action.events';
import { assertCanStart } from './item-refusals';
import { claimOutcome, nextStatus } from './item-transitions';
import { InboxItemWrites } from './item-writes';

/** What claimInboxItem answers: the item, and whether the caller already held it (then nothing changed). */
export interface ItemClaim {
  item: InboxItem;
  alreadyHeld: boolean;
}

/**
 * The actions that move an item through its status machine (item-transitions.ts): assign,
 * claim, close, reopen, and hide, unhide, mark as spam through the profile's connector. Each
 * takes the item's row lock, checks the transition, writes, bumps the version and publishes
 * its event in one transaction.
 */
@Injectable()
export class InboxItemActions {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly db: Db,
    private readonly locks: InboxItemLocks,
    private readonly writes: InboxItemWrites,
    private readonly events: EventPublisher,
    private readonly connectors: ConnectorRegistry,
  ) {}

  /** Hands the item to an active user holding inbox:respond on its brand; null unassigns. */
  assign(ctx: RequestContext, id: string, assigneeId: string | null): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const before = await this.locks.lockFor(ctx, id);
      if (assigneeId === null) {
        assertCanStart('unassign', before);
        if (before.assigneeId === null) return before;
        return this.publish(ctx, InboxItemAssigned, before, { status: nextStatus('unassign', before), assignee_id: null, assigned_at: null, claimed: false });
      }
      assertCanStart('assign', before);
      const agent = await this.writes.agent(ctx, assigneeId, { id: before.brandId, ancestorIds: before.brandAncestorIds });
      if (!agent) throw BadUserInputError.field('assigneeId', `${assigneeId} is not an active user who may answer this item's brand (inbox:respond)`);
      // Already theirs: nothing changes (no event, no new version).
      if (before.assigneeId === assigneeId) return before;
      return this.publish(ctx, InboxItemAssigned, before, { status: nextStatus('assign', before), assignee_id: assigneeId, assigned_at: new Date(), claimed: false });
    });
  }

  /**
   * The caller takes the item. No two agents answer the same customer blind: an item another
   * agent holds is CONFLICT naming them (assign it to take it over); one the caller holds is left as is.
   */
  claim(ctx: RequestContext, id: string): Promise<ItemClaim> {
    return this.db.transaction(async () => {
      const principal = ctx.requirePrincipal;
      if (principal.kind !== 'USER') throw new ForbiddenError('Only a user can claim an inbox item; assign it to one instead');
      const before = await this.locks.lockFor(ctx, id);
      assertCanStart('claim', before);
      const outcome = claimOutcome(before, principal.id);
      if (outcome.kind === 'already-yours') return { item: before, alreadyHeld: true };
      if (outcome.kind === 'held') {
        const assigneeName = await this.writes.userName(ctx, outcome.assigneeId);
        throw new ConflictError(`${assigneeName ?? 'Another agent'} already holds this item`, { assigneeId: outcome.assigneeId, assigneeName });
      }
      const item = await this.publish(ctx, InboxItemClaimed, before, { status: nextStatus('claim', before), assignee_id: principal.id, assigned_at: new Date(), claimed: true });
      return { item, alreadyHeld: false };
    });
  }

  close(ctx: RequestContext, id: string): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const before = await this.locks.lockFor(ctx, id);
      assertCanStart('close', before);
      return this.publish(ctx, InboxItemClosed, before, { status: InboxItemStatus.CLOSED, closed_at: new Date() });
    });
  }

  /** CLOSED back to ASSIGNED when someone holds it, else OPEN. */
  reopen(ctx: RequestContext, id: string): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const before = await this.locks.lockFor(ctx, id);
      assertCanStart('reopen', before);
      return this.publish(ctx, InboxItemReopened, before, { status: nextStatus('reopen', before), closed_at: null });
    });
  }

  hide(ctx: RequestContext, id: string): Promise<InboxItem> {
    return this.moderate(ctx, id, 'hide', 'HIDE', InboxItemHidden, () => ({ status: InboxItemStatus.HIDDEN, hidden_at: new Date() }));
  }

  /** Back in the queue (ASSIGNED or OPEN), from HIDDEN or SPAM. */
  unhide(ctx: RequestContext, id: string): Promise<InboxItem> {
    return this.moderate(ctx, id, 'unhide', 'UNHIDE', InboxItemUnhidden, (before) => ({ status: nextStatus('unhide', before), hidden_at: null, closed_at: null }));
  }

  markSpam(ctx: RequestContext, id: string): Promise<InboxItem> {
    return this.moderate(ctx, id, 'spam', 'SPAM', InboxItemMarkedSpam, () => ({ status: InboxItemStatus.SPAM }));
  }

  /**
   * A moderation the network must do first: the connector is called once the item is locked and
   * the transition checked, and only when it answers is the item changed. A connector that
   * throws leaves the item as it was, and the caller gets UPSTREAM_UNAVAILABLE.
   */
  private async moderate(
    ctx: RequestContext,
    id: string,
    action: 'hide' | 'unhide' | 'spam',
    networkAction: ConnectorModerationAction,
    event: ItemEventClass,
    changes: (before: InboxItem) => Parameters<InboxItemWrites['update']>[2],
  ): Promise<InboxItem> {
    return this.db.transaction(async () => {
      const before = await this.locks.lockFor(ctx, id);
      // A rule hid it (or marked it spam) at ingest but the network refused: doing it again retries the network.
      const retry = action !== 'unhide' && before.status === (action === 'hide' ? InboxItemStatus.HIDDEN : InboxItemStatus.SPAM) && before.moderation.some((m) => m.networkError);
      if (!retry) assertCanStart(action, before);
      const profile = await this.writes.profile(ctx, before.profileId);
      try {
        await this.connectors.for(profile.network).moderate({ organizationId: ctx.organizationId, profile, networkId: before.networkId, action: networkAction });
      } catch (error) {
        // The connector's own words stay in the log: they may name the network's internals.
        this.logger.warn(`${networkAction} of inbox item ${before.id} on ${profile.network} failed: ${(error as Error).message}`);
        throw new UpstreamUnavailableError(`${profile.network} did not ${action === 'spam' ? 'mark as spam' : action} the message; nothing was changed, try again later`, {
          upstream: profile.network,
        });
      }
      const done = retry ? { moderation: JSON.stringify(before.moderation.map(({ networkError: _refused, ...entry }) => entry)) } : changes(before);
      return this.publish(ctx, event, before, done);
    });
  }

  private async publish(ctx: RequestContext, event: ItemEventClass, before: InboxItem, changes: Parameters<InboxItemWrites['update']>[2]): Promise<InboxItem> {
    const after = await this.writes.update(ctx, before.id, changes);
    await this.events.publish(ctx, new event({ before, after }));
    return after;
  }
}

type ItemEventClass = new (payload: { before: InboxItem; after: InboxItem }) => DomainEvent;
