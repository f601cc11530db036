import { SLUG_PATTERN, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['Mars', 'mars'],
    ["M&M's", 'm-ms'],
    ['Snickers Ice Cream', 'snickers-ice-cream'],
    ['  Dové  Men+Care ', 'dove-men-care'],
    ['Ünïcödé Brand', 'unicode-brand'],
  ])('%s -> %s', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(slug).toMatch(SLUG_PATTERN);
  });

  it('returns an empty string when nothing usable is left', () => {
    expect(slugify('!!!')).toBe('');
  });

  it('never ends in a dash after truncation', () => {
    const slug = slugify(`${'a'.repeat(63)} b`);
    expect(slug.length).toBeLessThanOrEqual(64);
    expect(slug).toMatch(SLUG_PATTERN);
  });
});
