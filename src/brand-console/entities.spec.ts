import { PolicyType } from '../../libs/policy-engine';
import { BRAND_COLUMNS, BrandRow, BrandStatus, toBrand } from '../brands';
import { POLICY_COLUMN_NAMES, PolicyRow, toPolicy, toRule } from '../policies';
import { SocialNetwork } from '../../libs/core';
import { PROFILE_COLUMNS, SocialProfileRow, SocialProfileStatus, toSocialProfile } from '../profiles';
import { BRAND, brandOf, POLICY, policyOf, PROFILE, profileOf } from './entities';
import { ConsoleEntity } from './entity';

const brandRow: BrandRow = {
  id: 'b1',
  organization_id: 'o1',
  parent_id: null,
  ancestor_ids: [],
  depth: 0,
  name: 'Mars',
  slug: 'mars',
  status: BrandStatus.ACTIVE,
  description: 'Chocolate',
  branding: { primaryColor: '#112233' },
  audience: { description: 'Everyone' },
  goals: ['Grow'],
  archived_at: new Date(7),
  created_at: new Date(0),
  updated_at: new Date(1),
};

const profileRow: SocialProfileRow = {
  id: 'p1',
  organization_id: 'o1',
  brand_id: 'b1',
  network: SocialNetwork.X,
  handle: 'mars',
  display_name: 'Mars',
  url: 'https://x.com/mars',
  status: SocialProfileStatus.LIVE,
  launched_at: new Date(2),
  created_at: new Date(3),
  updated_at: new Date(4),
};

const policyRow: PolicyRow = {
  id: 'r1',
  brand_id: 'b1',
  type: PolicyType.BANNED_TERMS,
  enforcement: 'BLOCK' as PolicyRow['enforcement'],
  locked: false,
  enabled: true,
  config: { terms: ['cheap'] },
  created_at: new Date(5),
  updated_at: new Date(6),
};

/** A row's columns as PostgreSQL's json_build_array sends them (timestamps as ISO text). */
const jsonOf = <Row>(entity: ConsoleEntity<Row>, row: Row, details: boolean): unknown[] =>
  JSON.parse(JSON.stringify(entity.rows(details).names.map((name) => (row as Record<string, unknown>)[name])));

const policyFrom = (values: unknown[], timestamps: boolean) => {
  const row = POLICY.rows(timestamps).read(values);
  return policyOf(toRule(row), row, timestamps);
};

describe.each([
  { entity: BRAND as ConsoleEntity<unknown>, row: brandRow, columns: BRAND_COLUMNS, details: ['description', 'branding', 'audience', 'goals'], full: () => toBrand(brandRow), read: brandOf },
  { entity: PROFILE as ConsoleEntity<unknown>, row: profileRow, columns: PROFILE_COLUMNS, details: ['url', 'launchedAt', 'createdAt', 'updatedAt'], full: () => toSocialProfile(profileRow), read: profileOf },
  { entity: POLICY as ConsoleEntity<unknown>, row: policyRow, columns: [...POLICY_COLUMN_NAMES], details: ['createdAt', 'updatedAt'], full: () => toPolicy(toRule(policyRow), policyRow), read: policyFrom },
])('the console\'s $entity.typeName', ({ entity, row, columns, details, full, read }) => {
  it('reads every column its mapper reads, in the same order', () => {
    expect(entity.whole.names).toEqual(columns);
  });

  it('read whole, is the object its mapper makes from the row', () => {
    expect(read(jsonOf(entity, row, true), true)).toEqual(full());
  });

  it('read without its details, has every other field as its mapper gives it', () => {
    const light = read(jsonOf(entity, row, false), false) as unknown as Record<string, unknown>;
    const whole = full() as unknown as Record<string, unknown>;
    const others = Object.keys(whole).filter((field) => !entity.detailFields.includes(field));
    expect(others.length).toBeGreaterThan(0);
    for (const field of others) expect(light[field]).toEqual(whole[field]);
  });

  it('read without its details, says so when one of them is read, instead of answering a wrong value', () => {
    const light = read(jsonOf(entity, row, false), false) as unknown as Record<string, unknown>;
    expect(entity.detailFields.length).toBeGreaterThan(0);
    for (const field of entity.detailFields) expect(() => light[field]).toThrow(`${entity.typeName}.${field} was not read`);
  });

  it('leaves out of a light read the columns of its detail fields, one each, and keeps the order of the rest', () => {
    expect(entity.detailFields).toEqual(details);
    expect(entity.whole.names.length - entity.light.names.length).toBe(details.length);
    expect(entity.whole.names.filter((name) => entity.light.names.includes(name))).toEqual(entity.light.names);
  });
});

describe('a brand read without its descriptive fields', () => {
  it('says so when one of them is read, instead of answering a wrong value', () => {
    const light = brandOf(jsonOf(BRAND, brandRow, false), false);
    expect(() => light.branding).toThrow(/Brand.branding was not read/);
    expect(() => light.goals).toThrow(/Brand.goals was not read/);
  });
});
