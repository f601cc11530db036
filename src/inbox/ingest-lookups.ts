import { SocialNetwork } from '../../libs/core';
import { Db } from '../../libs/database';
import { ITEM_FROM, ITEM_SELECT, InboxItemRow } from './inbox.mapper';

export interface ProfileFacts {
  id: string;
  brandId: string;
  brandAncestorIds: string[];
  network: SocialNetwork;
  handle: string;
  status: string;
  brandArchived: boolean;
}

export interface PostFacts {
  id: string;
  brandId: string;
  profileIds: string[];
  tags: string[];
}

/** (profile, network id) as one string key. */
export const itemKey = (profileId: string, networkId: string) => `${profileId}\u0000${networkId}`;

/**
 * What an ingest call reads before it writes, one statement each whatever the batch size:
 * the profiles and posts it names, the items already there under the same keys, and the
 * conversations of the parents it names.
 */
export class IngestLookups {
  constructor(
    private readonly db: Db,
    private readonly organizationId: string,
  ) {}

  async profiles(ids: string[]): Promise<Map<string, ProfileFacts>> {
    const rows = await this.db.query<{ id: string; brand_id: string; ancestor_ids: string[]; network: SocialNetwork; handle: string; status: string; archived: boolean }>(
      `SELECT p.id, p.brand_id, b.ancestor_ids, p.network, p.handle, p.status, b.archived_at IS NOT NULL AS archived
         FROM social_profiles p JOIN brands b ON b.id = p.brand_id
        WHERE p.organization_id = $1 AND p.id = ANY($2::uuid[])`,
      [this.organizationId, ids],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, brandId: r.brand_id, brandAncestorIds: r.ancestor_ids, network: r.network, handle: r.handle, status: r.status, brandArchived: r.archived }]));
  }

  async posts(ids: string[]): Promise<Map<string, PostFacts>> {
    const rows = await this.db.query<{ id: string; brand_id: string; profile_ids: string[]; tags: string[] }>(
      `SELECT id, brand_id, profile_ids, tags FROM posts WHERE organization_id = $1 AND id = ANY($2::uuid[])`,
      [this.organizationId, ids],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, brandId: r.brand_id, profileIds: r.profile_ids, tags: r.tags }]));
  }

  /** The items already stored under these keys, by key. */
  async existing(keys: { profileId: string; networkId: string }[]): Promise<Map<string, InboxItemRow>> {
    const rows = await this.db.query<InboxItemRow>(
      `SELECT ${ITEM_SELECT} FROM ${ITEM_FROM}
        WHERE i.organization_id = $1 AND (i.profile_id, i.network_id) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
      [this.organizationId, keys.map((k) => k.profileId), keys.map((k) => k.networkId)],
    );
    return new Map(rows.map((r) => [itemKey(r.profile_id, r.network_id), r]));
  }

  /** The thread key of each stored parent item, by its key. */
  async parentThreads(keys: { profileId: string; networkId: string }[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ profile_id: string; network_id: string; thread_key: string }>(
      `SELECT i.profile_id, i.network_id, c.thread_key FROM inbox_items i JOIN inbox_conversations c ON c.id = i.conversation_id
        WHERE i.organization_id = $1 AND (i.profile_id, i.network_id) IN (SELECT * FROM unnest($2::uuid[], $3::text[]))`,
      [this.organizationId, keys.map((k) => k.profileId), keys.map((k) => k.networkId)],
    );
    return new Map(rows.map((r) => [itemKey(r.profile_id, r.network_id), r.thread_key]));
  }
}
