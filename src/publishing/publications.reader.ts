import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { PostPublication } from './publication.types';

/** A post's publications: the sends the network accepted (SENDING and FAILED ones are the publisher's own record). */
@Injectable()
export class PublicationsReader {
  constructor(private readonly db: Db) {}

  forPost(ctx: RequestContext, postId: string): Promise<PostPublication[]> {
    return ctx
      .loader<string, PostPublication[]>('publications.byPost', async (ids) => {
        const rows = await this.db.query<{ id: string; post_id: string; profile_id: string; connector: string; external_id: string | null; created_at: Date }>(
          `SELECT id, post_id, profile_id, connector, external_id, created_at FROM post_publications
            WHERE organization_id = $1 AND post_id = ANY($2::uuid[]) AND status = 'SENT' ORDER BY created_at, id`,
          [ctx.organizationId, ids],
        );
        return ids.map((id) =>
          rows.filter((r) => r.post_id === id).map((r) => ({ id: r.id, profileId: r.profile_id, connector: r.connector, externalId: r.external_id, createdAt: r.created_at })),
        );
      })
      .load(postId);
  }
}
