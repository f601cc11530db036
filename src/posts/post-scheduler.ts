import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { systemContext } from '../../libs/auth';
import { Db } from '../../libs/database';
import { ApprovalRequestsService } from '../approvals';
import { MAX_PUBLISH_ATTEMPTS } from '../publishing';
import { PostLifecycleService } from './post-lifecycle.service';

export const SCHEDULER_INTERVAL_MS = Symbol('SCHEDULER_INTERVAL_MS');
const BATCH = 20;

/**
 * Publishes scheduled posts when due (retrying failures with backoff) and escalates approval
 * stages past their SLA. Each tick claims due posts with FOR UPDATE SKIP LOCKED, so any
 * number of replicas can run it side by side without publishing a post twice.
 */
@Injectable()
export class PostScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: Db,
    private readonly lifecycle: PostLifecycleService,
    private readonly approvals: ApprovalRequestsService,
    @Inject(SCHEDULER_INTERVAL_MS) private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.tick()
        .catch((error: Error) => this.logger.error(`tick failed: ${error.stack ?? error.message}`))
        .finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass: escalate overdue stages, then publish the due posts. Returns how many were published. */
  async tick(): Promise<number> {
    await this.approvals.escalateOverdue();
    let published = 0;
    for (;;) {
      const done = await this.db.transaction(async () => {
        const due = await this.db.query<{ id: string; organization_id: string }>(
          `SELECT id, organization_id FROM posts
            WHERE status = 'SCHEDULED' AND scheduled_at <= now() AND publish_attempts < $1
              AND (next_attempt_at IS NULL OR next_attempt_at <= now()) AND (publish_error IS NULL OR next_attempt_at IS NOT NULL)
            ORDER BY scheduled_at LIMIT $2
            FOR UPDATE SKIP LOCKED`,
          [MAX_PUBLISH_ATTEMPTS, BATCH],
        );
        for (const post of due) if (await this.lifecycle.publishDue(systemContext(post.organization_id), post.id)) published += 1;
        return due.length < BATCH;
      });
      if (done) return published;
    }
  }
}
