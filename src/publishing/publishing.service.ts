import { Injectable, Logger } from '@nestjs/common';
import { RequestContext, SocialNetwork } from '../../libs/core';
import { Db } from '../../libs/database';
import { ConnectorRegistry } from './connector-registry';
import { publicationKey } from './publication-key';
import { PublishablePost } from './publication.types';

export const MAX_PUBLISH_ATTEMPTS = 8;
/** 30 s, 1 min, 2 min, ... capped at an hour. */
export const retryDelayMs = (attempt: number) => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);

/**
 * Sends a post to each of its profiles through their network's connector, recording what
 * was sent. Profiles that already got this revision are skipped, so a retry after a partial
 * failure sends nothing twice.
 */
@Injectable()
export class PublishingService {
  private readonly logger = new Logger('Publishing');

  constructor(
    private readonly db: Db,
    private readonly connectors: ConnectorRegistry,
  ) {}

  async publish(ctx: RequestContext, post: PublishablePost): Promise<boolean> {
    const profiles = await this.db.query<{ id: string; network: SocialNetwork; handle: string; sent: boolean }>(
      `SELECT sp.id, sp.network, sp.handle,
              EXISTS (SELECT 1 FROM post_publications pp WHERE pp.post_id = $2 AND pp.profile_id = sp.id AND (pp.payload ->> 'revision')::int = $4) AS sent
         FROM social_profiles sp WHERE sp.organization_id = $1 AND sp.id = ANY($3::uuid[])`,
      [ctx.organizationId, post.id, post.profileIds, post.revision],
    );
    try {
      for (const profile of profiles.filter((p) => !p.sent)) {
        const connector = this.connectors.for(profile.network);
        const request = {
          organizationId: ctx.organizationId,
          postId: post.id,
          revision: post.revision,
          profile: { id: profile.id, network: profile.network, handle: profile.handle },
          title: post.title,
          body: post.body,
          format: post.format,
          idempotencyKey: publicationKey(ctx.organizationId, post.id, profile.id, post.revision),
        };
        const { externalId } = await connector.publish(request);
        await this.db.query(
          `INSERT INTO post_publications (organization_id, post_id, profile_id, connector, payload, external_id) VALUES ($1, $2, $3, $4, $5, $6)`,
          [ctx.organizationId, post.id, profile.id, connector.name, request, externalId],
        );
      }
    } catch (error) {
      const attempts = post.publishAttempts + 1;
      const giveUp = attempts >= MAX_PUBLISH_ATTEMPTS;
      const message = `${(error as Error).message}${giveUp ? ` (gave up after ${attempts} attempts)` : ''}`;
      this.logger.warn(`post ${post.id}: publishing failed (attempt ${attempts}): ${message}`);
      await this.db.query(
        `UPDATE posts SET status = 'SCHEDULED', scheduled_at = coalesce(scheduled_at, now()), publish_attempts = $3, publish_error = $4,
                next_attempt_at = $5, updated_at = now() WHERE organization_id = $1 AND id = $2`,
        [ctx.organizationId, post.id, attempts, message, giveUp ? null : new Date(Date.now() + retryDelayMs(attempts))],
      );
      return false;
    }
    await this.db.query(
      `UPDATE posts SET status = 'PUBLISHED', published_at = now(), publish_attempts = publish_attempts + 1, publish_error = NULL, next_attempt_at = NULL, updated_at = now()
        WHERE organization_id = $1 AND id = $2`,
      [ctx.organizationId, post.id],
    );
    return true;
  }
}
