import { SocialNetwork, SocialProfileStatus } from './social-profile.entity';
import { SocialProfile } from './social-profile.type';

export interface SocialProfileRow {
  id: string;
  organization_id: string;
  brand_id: string;
  network: SocialNetwork;
  handle: string;
  display_name: string;
  url: string | null;
  status: SocialProfileStatus;
  launched_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const PROFILE_COLUMNS = ['id', 'organization_id', 'brand_id', 'network', 'handle', 'display_name', 'url', 'status', 'launched_at', 'created_at', 'updated_at'];

export const profileColumns = (alias: string) => PROFILE_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

export const toSocialProfile = (row: SocialProfileRow): SocialProfile => ({
  id: row.id,
  brandId: row.brand_id,
  network: row.network,
  handle: row.handle,
  displayName: row.display_name,
  url: row.url,
  status: row.status,
  launchedAt: row.launched_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The order of a brand's profiles (network, then handle), as a cursor. */
export const profileCursor = (p: SocialProfile) => [p.network, p.handle.toLowerCase(), p.id];
