import { Inject, Injectable } from '@nestjs/common';
import { systemContext } from '../../libs/auth';
import { PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { IntervalJob } from '../../libs/core';
import { Db } from '../../libs/database';
import { ReplySender } from './reply-sender';

/**
 * Settles replies left SENDING by a sender that died (or lost its lease) between committing the
 * claim and recording the network's answer: each is claimed afresh (FOR UPDATE SKIP LOCKED, one
 * per transaction, so replicas side by side never take the same one) and delivered, which asks
 * the network first (`lookup`): found, it is SENT with the network's id and nothing is sent; not
 * found, it is sent with the same idempotency key (its id). Runs on the scheduler's interval
 * (PARASOL_SCHEDULER_INTERVAL_MS; 0 turns it off and tests call `tick()`; the timer is IntervalJob's).
 */
@Injectable()
export class ReplySendReconciler extends IntervalJob {
  constructor(
    private readonly db: Db,
    private readonly sender: ReplySender,
    @Inject(PARASOL_CONFIG) config: ParasolConfig,
  ) {
    super('InboxReplies', config.schedulerIntervalMs);
  }

  /** Settles every SENDING reply whose lease has lapsed; returns how many it took up. */
  async tick(): Promise<number> {
    let settled = 0;
    for (;;) {
      const claimed = await this.db.transaction(async () => {
        const row = await this.db.queryOne<{ id: string; organization_id: string }>(
          `SELECT id, organization_id FROM inbox_replies
            WHERE status = 'SENDING' AND (send_lease_until IS NULL OR send_lease_until < now())
            ORDER BY send_lease_until NULLS FIRST LIMIT 1 FOR UPDATE SKIP LOCKED`,
        );
        if (!row) return null;
        const ctx = systemContext(row.organization_id);
        return { ctx, send: await this.sender.claim(ctx, row.id) };
      });
      if (!claimed) return settled;
      this.logger.warn(`reply ${claimed.send.replyId}: its sender stopped before recording the outcome; reconciling`);
      await this.sender.deliver(claimed.ctx, claimed.send);
      settled += 1;
    }
  }
}
