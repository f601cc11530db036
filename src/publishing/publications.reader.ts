import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext } from '../../libs/core';
import { AccessService } from '../../libs/auth';
import { Db } from '../../libs/database';
import { PostPublication } from './publication.types';

interface PublicationRow {
  id: string;
  post_id: string;
  profile_id: string;
  connector: string;
  external_id: string | null;
  created_at: Date;
}

const toPublication = (r: PublicationRow): PostPublication => ({ id: r.id, profileId: r.profile_id, connector: r.connector, externalId: r.external_id, createdAt: r.created_at });

/** A post's publications: the sends the network accepted (SENDING and FAILED ones are the publisher's own record). */
@Injectable()
export class PublicationsReader {
  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
  ) {}

  forPost(ctx: RequestContext, postId: string): Promise<PostPublication[]> {
    return ctx
      .loader<string, PostPublication[]>('publications.byPost', async (ids) => {
        const rows = await this.db.query<PublicationRow>(
          `SELECT id, post_id, profile_id, connector, external_id, created_at FROM post_publications
            WHERE organization_id = $1 AND post_id = ANY($2::uuid[]) AND status = 'SENT' ORDER BY created_at, id`,
          [ctx.organizationId, ids],
        );
        return ids.map((id) => rows.filter((r) => r.post_id === id).map(toPublication));
      })
      .load(postId);
  }

  /**
   * A publication by its id, for `node(id)`: where its post is readable (brand:read on the post's
   * brand, as `post`); NOT_FOUND otherwise. Loader `publications.byId`: one statement for many.
   */
  async find(ctx: RequestContext, id: string): Promise<PostPublication> {
    const row = await ctx
      .loader<string, (PublicationRow & { brand_id: string; brand_ancestor_ids: string[] }) | null>('publications.byId', async (ids) => {
        const rows = await this.db.query<PublicationRow & { brand_id: string; brand_ancestor_ids: string[] }>(
          `SELECT u.id, u.post_id, u.profile_id, u.connector, u.external_id, u.created_at, p.brand_id, b.ancestor_ids AS brand_ancestor_ids
             FROM post_publications u JOIN posts p ON p.organization_id = u.organization_id AND p.id = u.post_id
             JOIN brands b ON b.organization_id = p.organization_id AND b.id = p.brand_id
            WHERE u.organization_id = $1 AND u.id = ANY($2::uuid[]) AND u.status = 'SENT'`,
          [ctx.organizationId, ids],
        );
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((i) => byId.get(i) ?? null);
      })
      .load(id);
    if (!row || !this.access.canSee(ctx, { id: row.brand_id, ancestorIds: row.brand_ancestor_ids })) throw new NotFoundError('PostPublication', id, 'id');
    return toPublication(row);
  }
}
