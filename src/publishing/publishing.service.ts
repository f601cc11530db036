import { Inject, Injectable, Logger } from '@nestjs/common';
import { PARASOL_CONFIG, ParasolConfig } from '../../libs/config';
import { RequestContext, SocialNetwork } from '../../libs/core';
import { Db } from '../../libs/database';
import { ConnectorRegistry } from './connector-registry';
import { NetworkConnector, PublishRequest } from './network-connector';
import { publicationKey } from './publication-key';
import { PublishablePost } from './publication.types';

export const MAX_PUBLISH_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min, ... capped at an hour. */
export const retryDelayMs = (attempt: number) => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
/** How an unknown outcome was settled (post_publications.reconciled, inbox_replies.reconciled). */
export type Reconciliation = 'FOUND' | 'SENT_AGAIN' | 'RESENT_UNCHECKED';

/** The claim on a post ended (lapsed and taken by another replica): this claimant stops, changing nothing. */
class LeaseLostError extends Error {}

/**
 * Sends a post revision to each of its profiles, exactly once as far as the network allows
 * (docs/guide/posts-and-approvals.md, "Publishing"):
 * 1. `claim` (in the caller's transaction) takes the post with a lease, so no other replica
 *    publishes it while its sends are in flight;
 * 2. `send`, outside any transaction, for each profile: records the send (a post_publications
 *    row, unique per post, profile and revision) and commits it, calls the connector with the
 *    row's idempotency key, then commits the network's answer. A row an earlier attempt left
 *    unsettled (a crash, or a failure whose outcome is unknown) is reconciled first: the
 *    connector's `lookup` says whether the network has it; without `lookup` it is sent again
 *    with the same key, and the row says so;
 * 3. `finish` (in the caller's transaction) marks the post PUBLISHED, or schedules a retry with
 *    backoff, and ends the claim; a claimant whose lease was taken over changes nothing.
 */
@Injectable()
export class PublishingService {
  private readonly logger = new Logger('Publishing');
  /**
   * How long a claim on a post holds without renewal (SEND_LEASE_SECONDS); renewed before each
   * profile's send. A connector must give up well within it: once it lapses, another replica may
   * reconcile the sends.
   */
  private readonly leaseMs: number;

  constructor(
    private readonly db: Db,
    private readonly connectors: ConnectorRegistry,
    @Inject(PARASOL_CONFIG) config: ParasolConfig,
  ) {
    this.leaseMs = config.leases.sendMs;
  }

  /**
   * Claims the post for publishing unless another claim holds it (null then): counts an attempt
   * and makes it SCHEDULED (due now if it was not scheduled), so that if this claimant dies, the
   * scheduler takes the post up again once the lease lapses and reconciles its sends.
   */
  async claim(ctx: RequestContext, postId: string): Promise<string | null> {
    const row = await this.db.queryOne<{ publish_claim: string }>(
      `UPDATE posts SET publish_claim = gen_random_uuid(), publish_lease_until = now() + $3 * interval '1 millisecond', publish_attempts = publish_attempts + 1,
              status = 'SCHEDULED', scheduled_at = coalesce(scheduled_at, now()), updated_at = now()
        WHERE organization_id = $1 AND id = $2 AND (publish_lease_until IS NULL OR publish_lease_until < now())
       RETURNING publish_claim`,
      [ctx.organizationId, postId, this.leaseMs],
    );
    return row?.publish_claim ?? null;
  }

  /**
   * Sends the post's revision to every profile that has not got it, one committed step at a
   * time, never inside a transaction (in a request, what it wrote so far is committed first).
   * Returns null when every profile has it, else the error that stopped it.
   */
  async send(ctx: RequestContext, post: PublishablePost, claim: string): Promise<string | null> {
    await this.db.commitSoFar();
    const profiles = await this.db.query<{ id: string; network: SocialNetwork; handle: string }>(
      `SELECT id, network, handle FROM social_profiles WHERE organization_id = $1 AND id = ANY($2::uuid[]) ORDER BY id`,
      [ctx.organizationId, post.profileIds],
    );
    for (const profile of profiles) {
      const request: PublishRequest = {
        organizationId: ctx.organizationId,
        postId: post.id,
        revision: post.revision,
        profile: { id: profile.id, network: profile.network, handle: profile.handle },
        title: post.title,
        body: post.body,
        format: post.format,
        idempotencyKey: publicationKey(ctx.organizationId, post.id, profile.id, post.revision),
      };
      try {
        await this.sendOne(ctx, claim, this.connectors.for(profile.network), request);
      } catch (error) {
        return (error as Error).message || String(error);
      }
    }
    return null;
  }

  /**
   * Ends the claim (in the caller's transaction): PUBLISHED when `error` is null, else SCHEDULED
   * with the error and a retry with backoff (none after MAX_PUBLISH_ATTEMPTS). False, changing
   * nothing but the claim, when the claim was taken over or the post was edited meanwhile.
   */
  async finish(ctx: RequestContext, post: PublishablePost, claim: string, error: string | null): Promise<boolean> {
    const current = await this.db.queryOne<{ publish_attempts: number; revision: number }>(
      `SELECT publish_attempts, revision FROM posts WHERE organization_id = $1 AND id = $2 AND publish_claim = $3 FOR UPDATE`,
      [ctx.organizationId, post.id, claim],
    );
    if (!current) return false;
    if (current.revision !== post.revision) {
      await this.release(ctx, post.id, claim);
      return false;
    }
    if (error === null) {
      await this.db.query(
        `UPDATE posts SET status = 'PUBLISHED', published_at = now(), publish_error = NULL, next_attempt_at = NULL, publish_claim = NULL, publish_lease_until = NULL,
                updated_at = now() WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, post.id],
      );
      return true;
    }
    const attempts = current.publish_attempts;
    const giveUp = attempts >= MAX_PUBLISH_ATTEMPTS;
    const message = `${error}${giveUp ? ` (gave up after ${attempts} attempts)` : ''}`;
    this.logger.warn(`post ${post.id}: publishing failed (attempt ${attempts}): ${message}`);
    await this.db.query(
      `UPDATE posts SET status = 'SCHEDULED', publish_error = $3, next_attempt_at = $4, publish_claim = NULL, publish_lease_until = NULL, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [ctx.organizationId, post.id, message, giveUp ? null : new Date(Date.now() + retryDelayMs(attempts))],
    );
    return true;
  }

  /** Gives the claim up without publishing (the post is no longer due, or a policy blocks it). */
  async release(ctx: RequestContext, postId: string, claim: string): Promise<void> {
    await this.db.query(`UPDATE posts SET publish_claim = NULL, publish_lease_until = NULL WHERE organization_id = $1 AND id = $2 AND publish_claim = $3`, [
      ctx.organizationId,
      postId,
      claim,
    ]);
  }

  /** One profile: record, (reconcile,) send, record the answer; each record committed before the network is asked. */
  private async sendOne(ctx: RequestContext, claim: string, connector: NetworkConnector, request: PublishRequest): Promise<void> {
    const row = await this.step(async () => {
      await this.renew(ctx, request.postId, claim);
      const fresh = await this.db.queryOne<{ id: string }>(
        `INSERT INTO post_publications (organization_id, post_id, profile_id, revision, status, idempotency_key, attempts, connector, payload)
         VALUES ($1, $2, $3, $4, 'SENDING', $5, 1, $6, $7) ON CONFLICT (organization_id, post_id, profile_id, revision) DO NOTHING RETURNING id`,
        [ctx.organizationId, request.postId, request.profile.id, request.revision, request.idempotencyKey, connector.name, request],
      );
      if (fresh) return { id: fresh.id, fresh: true, status: 'SENDING' };
      const existing = await this.db.queryOne<{ id: string; status: string }>(
        `SELECT id, status FROM post_publications WHERE organization_id = $1 AND post_id = $2 AND profile_id = $3 AND revision = $4 FOR UPDATE`,
        [ctx.organizationId, request.postId, request.profile.id, request.revision],
      );
      return { ...existing!, fresh: false };
    });
    if (row.status === 'SENT') return;
    let reconciled: Reconciliation | null = null;
    if (!row.fresh) {
      // An earlier attempt handed it to the connector and never learnt the outcome (it crashed, or the call failed): ask first.
      if (connector.lookup) {
        const found = await connector.lookup({ organizationId: ctx.organizationId, kind: 'publish', profile: request.profile, idempotencyKey: request.idempotencyKey });
        if (found) {
          this.logger.log(`post ${request.postId} on profile ${request.profile.id}: the network already has it (${found.externalId}); not sent again`);
          await this.step(() => this.markSent(ctx, row.id, found.externalId, 'FOUND'));
          return;
        }
        reconciled = 'SENT_AGAIN';
      } else {
        reconciled = 'RESENT_UNCHECKED';
        this.logger.warn(`post ${request.postId} on profile ${request.profile.id}: ${connector.name} cannot look sends up; sending again with the same idempotency key`);
      }
      await this.step(async () => {
        await this.renew(ctx, request.postId, claim);
        await this.db.query(
          `UPDATE post_publications SET status = 'SENDING', attempts = attempts + 1, reconciled = $3, error = NULL, connector = $4, payload = $5, updated_at = now()
            WHERE organization_id = $1 AND id = $2`,
          [ctx.organizationId, row.id, reconciled, connector.name, request],
        );
      });
    }
    let externalId: string;
    try {
      ({ externalId } = await connector.publish(request));
    } catch (error) {
      const message = (error as Error).message || String(error);
      await this.step(() =>
        this.db.query(`UPDATE post_publications SET status = 'FAILED', error = $3, updated_at = now() WHERE organization_id = $1 AND id = $2 AND status = 'SENDING'`, [
          ctx.organizationId,
          row.id,
          message,
        ]),
      );
      throw error;
    }
    await this.step(() => this.markSent(ctx, row.id, externalId, reconciled));
  }

  private async markSent(ctx: RequestContext, id: string, externalId: string, reconciled: Reconciliation | null): Promise<void> {
    await this.db.query(
      `UPDATE post_publications SET status = 'SENT', external_id = $3, sent_at = now(), error = NULL, reconciled = coalesce($4, reconciled), updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [ctx.organizationId, id, externalId, reconciled],
    );
  }

  /** Extends the claim's lease before a send; throws when another replica has taken the post over. */
  private async renew(ctx: RequestContext, postId: string, claim: string): Promise<void> {
    const held = await this.db.queryOne(
      `UPDATE posts SET publish_lease_until = now() + $4 * interval '1 millisecond' WHERE organization_id = $1 AND id = $2 AND publish_claim = $3 RETURNING id`,
      [ctx.organizationId, postId, claim, this.leaseMs],
    );
    if (!held) throw new LeaseLostError(`post ${postId}: its publishing lease lapsed and another claimant took it over; this one stopped`);
  }

  /** A step of its own, committed before anything is sent (in a request too: Db.commitSoFar). */
  private async step<T>(work: () => Promise<T>): Promise<T> {
    const result = await this.db.transaction(work);
    await this.db.commitSoFar();
    return result;
  }
}
