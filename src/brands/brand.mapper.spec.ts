import { BRAND_COLUMNS, BRAND_DETAIL_COLUMNS, BrandRow, toBrand, toBrandWithoutDetails } from './brand.mapper';
import { BrandStatus } from './brand.entity';

const row: BrandRow = {
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
  archived_at: null,
  created_at: new Date(0),
  updated_at: new Date(1),
};

describe('a brand read without its descriptive fields', () => {
  it('has every other field as toBrand gives it', () => {
    const full = toBrand(row) as unknown as Record<string, unknown>;
    const light = toBrandWithoutDetails({ ...row, description: null, branding: null!, audience: null!, goals: null! }) as unknown as Record<string, unknown>;
    for (const key of Object.keys(full).filter((k) => !['description', 'branding', 'audience', 'goals'].includes(k))) expect(light[key]).toEqual(full[key]);
  });

  it('says so when one of them is read, instead of answering a wrong value', () => {
    const light = toBrandWithoutDetails(row);
    expect(() => light.branding).toThrow(/Brand.branding was not read/);
    expect(() => light.goals).toThrow(/Brand.goals was not read/);
  });

  it('leaves out only columns of the brand row', () => {
    for (const column of BRAND_DETAIL_COLUMNS) expect(BRAND_COLUMNS).toContain(column);
  });
});
