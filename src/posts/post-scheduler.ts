import { Inject, Injectable } from '@nestjs/common';
import { systemContext } from '../../libs/auth';
import { IntervalJob } from '../../libs/core';
import { Db } from '../../libs/database';
import { ApprovalRequestsService } from '../approvals';
import { MAX_PUBLISH_ATTEMPTS, PublishingService } from '../publishing';
import { PostLifecycleService } from './post-lifecycle.service';

export const SCHEDULER_INTERVAL_MS = Symbol('SCHEDULER_INTERVAL_MS');

/**
 * Publishes scheduled posts when due (retrying failures with backoff) and escalates approval
 * stages past their SLA. Any number of replicas can run it side by side: each post is claimed
 * by one of them with a lease, and each of its sends is recorded before the network is called
 * (docs/guide/posts-and-approvals.md, "Publishing"). The timer is IntervalJob's.
 */
@Injectable()
export class PostScheduler extends IntervalJob {
  constructor(
    private readonly db: Db,
    private readonly lifecycle: PostLifecycleService,
    private readonly approvals: ApprovalRequestsService,
    private readonly publishing: PublishingService,
    @Inject(SCHEDULER_INTERVAL_MS) intervalMs: number,
  ) {
    super('Scheduler', intervalMs);
  }

  /**
   * One pass: escalate overdue stages, then publish the due posts, one per transaction: a post
   * is claimed (FOR UPDATE SKIP LOCKED, then a lease) and the claim committed before any of
   * its sends; a post whose claimant died is due again once its lease lapses, and its sends are
   * reconciled (PublishingService). Returns how many were published.
   */
  async tick(): Promise<number> {
    await this.approvals.escalateOverdue();
    let published = 0;
    for (;;) {
      const claimed = await this.db.transaction(async () => {
        const due = await this.db.queryOne<{ id: string; organization_id: string }>(
          `SELECT id, organization_id FROM posts
            WHERE status = 'SCHEDULED' AND scheduled_at <= now() AND publish_attempts < $1
              AND (next_attempt_at IS NULL OR next_attempt_at <= now()) AND (publish_error IS NULL OR next_attempt_at IS NOT NULL)
              AND (publish_lease_until IS NULL OR publish_lease_until < now())
            ORDER BY scheduled_at LIMIT 1
            FOR UPDATE SKIP LOCKED`,
          [MAX_PUBLISH_ATTEMPTS],
        );
        if (!due) return null;
        const ctx = systemContext(due.organization_id);
        const claim = await this.publishing.claim(ctx, due.id);
        return claim ? { ctx, id: due.id, claim } : null;
      });
      if (!claimed) return published;
      if (await this.lifecycle.publishClaimed(claimed.ctx, claimed.id, claimed.claim)) published += 1;
    }
  }
}
