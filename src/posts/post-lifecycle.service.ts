import { DomainEvent } from '../../libs/events';
import { EventPublisher } from '../audit';
import { PostPublished, PostPublishFailed, PostScheduled, PostSubmitted } from './post.events';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { BadUserInputError, ConflictError, PolicyViolationError, RequestContext } from '../../libs/core';
import { Permission } from '../../libs/auth';
import { Db } from '../../libs/database';
import { blocking, EvaluationStage, Violation, warnings } from '../../libs/policy-engine';
import { ApprovalOutcome, ApprovalRequestsService, ApprovalSubjectHandler, ApprovalSubjects, ApprovalSubjectState, ApprovalSubjectType } from '../approvals';
import { PolicyViolation } from '../policies';
import { PublishingService } from '../publishing';
import { PostStatus } from './post.entities';
import { PostEvaluator } from './post-evaluator.service';
import { Post, PostActionPayload } from './post.types';
import { illegalStatus, PostsService } from './posts.service';

const SUBMITTABLE = [PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED, PostStatus.REJECTED];
const SCHEDULABLE = [PostStatus.APPROVED, PostStatus.SCHEDULED];
/** A schedule needs a little lead time so the scheduler can honour it. */
const MIN_LEAD_MS = 60_000;

/** Where a post goes when its approval request closes. */
const AFTER_APPROVAL: Record<ApprovalOutcome, PostStatus> = {
  APPROVED: PostStatus.APPROVED,
  REJECTED: PostStatus.REJECTED,
  CHANGES_REQUESTED: PostStatus.CHANGES_REQUESTED,
};

export const toViolation = (v: Violation): PolicyViolation => ({ ...v, field: v.field ?? null });

/** Moving a post towards publication: submit, schedule, publish. Every step checks the policies first. */
@Injectable()
export class PostLifecycleService implements ApprovalSubjectHandler, OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly posts: PostsService,
    private readonly evaluator: PostEvaluator,
    private readonly approvals: ApprovalRequestsService,
    private readonly publishing: PublishingService,
    private readonly events: EventPublisher,
    private readonly approvalSubjects: ApprovalSubjects,
  ) {}

  onModuleInit(): void {
    this.approvalSubjects.register(ApprovalSubjectType.POST, this);
  }

  /** A decision is about to be recorded on the post's request: the post's row lock comes first (edits take it too). */
  async lock(ctx: RequestContext, postId: string): Promise<ApprovalSubjectState | null> {
    const post = await this.db.queryOne<{ id: string; brand_id: string; author_id: string; revision: number; ancestor_ids: string[] }>(
      `SELECT p.id, p.brand_id, p.author_id, p.revision, b.ancestor_ids FROM posts p JOIN brands b ON b.id = p.brand_id
        WHERE p.organization_id = $1 AND p.id = $2 FOR UPDATE OF p`,
      [ctx.organizationId, postId],
    );
    return post ? { id: post.id, brandId: post.brand_id, brandAncestorIds: post.ancestor_ids, authorId: post.author_id, revision: post.revision } : null;
  }

  /** A decision closed the post's request (inside the deciding transaction): the post follows it. */
  closed(ctx: RequestContext, postId: string, outcome: ApprovalOutcome): Promise<void> {
    return this.setStatus(ctx, postId, AFTER_APPROVAL[outcome]);
  }

  /** The policy check of a post as it stands, at its planned time (or now): a dry run for editors. */
  async check(ctx: RequestContext, post: Post): Promise<PolicyViolation[]> {
    const { violations } = await this.evaluator.evaluate(ctx, post, 'CHECK', post.scheduledAt ?? new Date());
    return violations.map(toViolation);
  }

  /**
   * Submits the current revision: POLICY_VIOLATION if a BLOCK policy is broken; otherwise an
   * approval request when an APPROVAL_REQUIRED policy applies (IN_REVIEW), else APPROVED.
   */
  async submit(ctx: RequestContext, id: string): Promise<PostActionPayload> {
    return this.db.transaction(async () => {
      const post = await this.posts.lockFor(ctx, id, Permission.POST_CREATE, 'id');
      if (!SUBMITTABLE.includes(post.status)) throw illegalStatus('submit', post.status, SUBMITTABLE);
      const { violations, rules } = await this.gate(ctx, post, 'SUBMIT', new Date());
      const workflows = this.evaluator.workflowsFor(post, rules);
      if (workflows.length) {
        await this.setStatus(ctx, post.id, PostStatus.IN_REVIEW);
        await this.approvals.open(ctx, { type: ApprovalSubjectType.POST, id: post.id, brandId: post.brandId, brandAncestorIds: post.brandAncestorIds, authorId: post.authorId, revision: post.revision }, workflows.map((w) => w.workflowId));
      } else {
        await this.setStatus(ctx, post.id, PostStatus.APPROVED);
      }
      return this.done(ctx, (before, after) => new PostSubmitted({ before, after }), post, violations);
    });
  }

  async schedule(ctx: RequestContext, id: string, at: Date): Promise<PostActionPayload> {
    if (at.getTime() < Date.now() + MIN_LEAD_MS) throw BadUserInputError.field('at', 'must be at least a minute in the future');
    return this.db.transaction(async () => {
      const post = await this.posts.lockFor(ctx, id, Permission.POST_SCHEDULE, 'id');
      if (!SCHEDULABLE.includes(post.status)) throw illegalStatus('schedule', post.status, SCHEDULABLE);
      const { violations } = await this.gate(ctx, post, 'SCHEDULE', at);
      await this.db.query(
        `UPDATE posts SET status = 'SCHEDULED', scheduled_at = $3, next_attempt_at = NULL, publish_error = NULL, updated_at = now() WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, post.id, at],
      );
      return this.done(ctx, (before, after) => new PostScheduled({ before, after }), post, violations);
    });
  }

  /**
   * Publishes now through the profiles' connectors. A connector failure does not fail the
   * call: it is recorded on the post (publishError) with an automatic retry. The claim is
   * committed before any network call, the answer recorded after (PublishingService); a post
   * another replica is publishing right now is CONFLICT.
   */
  async publish(ctx: RequestContext, id: string): Promise<PostActionPayload> {
    const { post, claim, violations } = await this.db.transaction(async () => {
      const post = await this.posts.lockFor(ctx, id, Permission.POST_PUBLISH, 'id');
      if (!SCHEDULABLE.includes(post.status)) throw illegalStatus('publish', post.status, SCHEDULABLE);
      const { violations } = await this.gate(ctx, post, 'PUBLISH', new Date());
      const claim = await this.publishing.claim(ctx, post.id);
      if (!claim) throw new ConflictError('The post is being published right now; read it again in a moment', { id: post.id });
      return { post, claim, violations };
    });
    const error = await this.publishing.send(ctx, post, claim);
    return this.db.transaction(async () => {
      const published = await this.publishing.finish(ctx, post, claim, error);
      const after = await this.posts.lock(ctx, post.id);
      if (published) await this.events.publish(ctx, error === null ? new PostPublished({ before: post, after, by: 'caller' }) : new PostPublishFailed({ before: post, after }));
      return { post: after, warnings: warnings(violations).map(toViolation) };
    });
  }

  /**
   * The scheduler's publication of a due post it has claimed (PostScheduler): the PUBLISH-stage
   * policies are checked again (the week may have filled up since it was scheduled); a block
   * is recorded, not retried. Sends happen outside any transaction; true when it was published.
   */
  async publishClaimed(ctx: RequestContext, id: string, claim: string): Promise<boolean> {
    const post = await this.db.transaction(async () => {
      const post = await this.posts.lock(ctx, id);
      if (post.status !== PostStatus.SCHEDULED) {
        await this.publishing.release(ctx, id, claim);
        return null;
      }
      const { violations } = await this.evaluator.evaluate(ctx, post, 'PUBLISH', new Date());
      const blocked = blocking(violations);
      if (!blocked.length) return post;
      await this.db.query(
        `UPDATE posts SET publish_error = $3, next_attempt_at = NULL, updated_at = now() WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, id, `Blocked by policy at publication: ${blocked.map((v) => v.message).join(' ')}`],
      );
      await this.publishing.release(ctx, id, claim);
      return null;
    });
    if (!post) return false;
    const error = await this.publishing.send(ctx, post, claim);
    return this.db.transaction(async () => {
      if (!(await this.publishing.finish(ctx, post, claim, error))) return false;
      const after = await this.posts.lock(ctx, id);
      await this.events.publish(ctx, error === null ? new PostPublished({ before: post, after, by: 'scheduler' }) : new PostPublishFailed({ before: post, after }));
      return error === null;
    });
  }

  /** Publishes the step's event and answers with the post as it now stands. */
  private async done(ctx: RequestContext, step: (before: Post, after: Post) => DomainEvent, before: Post, violations: Violation[]): Promise<PostActionPayload> {
    const after = await this.posts.lock(ctx, before.id);
    await this.events.publish(ctx, step(before, after));
    return { post: after, warnings: warnings(violations).map(toViolation) };
  }

  /** Evaluates the post; throws POLICY_VIOLATION (with every violation) when a BLOCK policy is broken. */
  private async gate(ctx: RequestContext, post: Post, stage: EvaluationStage, at: Date) {
    const result = await this.evaluator.evaluate(ctx, post, stage, at);
    if (blocking(result.violations).length) throw new PolicyViolationError(result.violations.map(toViolation));
    return result;
  }

  private async setStatus(ctx: RequestContext, id: string, status: PostStatus): Promise<void> {
    await this.db.query(`UPDATE posts SET status = $3::post_status, updated_at = now() WHERE organization_id = $1 AND id = $2`, [ctx.organizationId, id, status]);
  }
}
