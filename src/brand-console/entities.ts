import { PolicyRule } from '../../libs/policy-engine';
import { Brand, BrandRow, toBrand, withCoreFields as withBrandCoreFields } from '../brands';
import { Policy, PolicyRow, toPolicy, withCoreFields as withPolicyCoreFields } from '../policies';
import { SocialProfile, SocialProfileRow, toSocialProfile, withCoreFields as withProfileCoreFields } from '../profiles';
import { consoleEntity, detail, rowOnly, shown } from './entity';

// Each entity the console reads, declared once: the column, the field it holds, whether it is
// a detail (read only when the selection shows a detail field) and how its JSON is read.
// The select lists, the order values are read in, the fields that ask for the details and the
// fields an object read without them refuses are all derived from these (./entity.ts).

/** Descriptive columns are most of a brand row's bytes. */
export const BRAND = consoleEntity<BrandRow, Brand>('Brand', {
  id: shown('id'),
  organization_id: shown('organizationId'),
  parent_id: shown('parentId'),
  ancestor_ids: shown('ancestorIds'),
  depth: shown('depth'),
  name: shown('name'),
  slug: shown('slug'),
  status: shown('status'),
  description: detail('description'),
  branding: detail('branding'),
  audience: detail('audience'),
  goals: detail('goals'),
  archived_at: shown('archivedAt', 'timestamp'),
  created_at: shown('createdAt', 'timestamp'),
  updated_at: shown('updatedAt', 'timestamp'),
});

/** A console lists profiles by network and handle; their url and timestamps are details. */
export const PROFILE = consoleEntity<SocialProfileRow, SocialProfile>('SocialProfile', {
  id: shown('id'),
  organization_id: rowOnly(),
  brand_id: shown('brandId'),
  network: shown('network'),
  handle: shown('handle'),
  display_name: shown('displayName'),
  url: detail('url'),
  status: shown('status'),
  launched_at: detail('launchedAt', 'timestamp'),
  created_at: detail('createdAt', 'timestamp'),
  updated_at: detail('updatedAt', 'timestamp'),
});

/** Rules decide on every column but their timestamps. */
export const POLICY = consoleEntity<PolicyRow, Policy>('Policy', {
  id: shown('id'),
  brand_id: shown('brandId'),
  type: shown('type'),
  enforcement: shown('enforcement'),
  locked: shown('locked'),
  enabled: shown('enabled'),
  config: shown('config'),
  created_at: detail('createdAt', 'timestamp'),
  updated_at: detail('updatedAt', 'timestamp'),
});

/** A brand from its JSON array, with its descriptive fields when they were read. */
export function brandOf(values: unknown[], details: boolean): Brand {
  return details ? toBrand(BRAND.whole.read(values)) : withBrandCoreFields(Object.create(BRAND.unread) as Brand, BRAND.light.read(values));
}

/** A profile from its JSON array, with its url and timestamps when they were read. */
export function profileOf(values: unknown[], details: boolean): SocialProfile {
  return details ? toSocialProfile(PROFILE.whole.read(values)) : withProfileCoreFields(Object.create(PROFILE.unread) as SocialProfile, PROFILE.light.read(values));
}

/** The policy GraphQL shows for `rule`, read from `row`, with its timestamps when they were read. */
export function policyOf(rule: PolicyRule, row: PolicyRow, timestamps: boolean): Policy {
  return timestamps ? toPolicy(rule, row) : withPolicyCoreFields(Object.create(POLICY.unread) as Policy, rule);
}
