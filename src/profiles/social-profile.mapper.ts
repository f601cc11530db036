import { SocialNetwork } from '../../libs/core';
import { SocialProfileStatus } from './social-profile.entity';
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

/**
 * Sets on `profile` the fields every profile object has, whichever columns were read (the brand
 * console makes profiles without their url and timestamps with it: src/brand-console/entities.ts).
 */
export function withCoreFields(profile: SocialProfile, row: SocialProfileRow): SocialProfile {
  profile.id = row.id;
  profile.brandId = row.brand_id;
  profile.network = row.network;
  profile.handle = row.handle;
  profile.displayName = row.display_name;
  profile.status = row.status;
  return profile;
}

export function toSocialProfile(row: SocialProfileRow): SocialProfile {
  const profile = withCoreFields({} as SocialProfile, row);
  profile.url = row.url;
  profile.launchedAt = row.launched_at;
  profile.createdAt = row.created_at;
  profile.updatedAt = row.updated_at;
  return profile;
}

/** The order of a brand's profiles (network, then handle), as a cursor. */
export const profileCursor = (p: SocialProfile) => [p.network, p.handle.toLowerCase(), p.id];
