import { canonicalJson, chainHash, diff, GENESIS_HASH } from './audit-chain';

describe('audit chain', () => {
  const content = {
    seq: '1', occurredAt: '2026-11-26T10:00:00.000Z', actorType: 'USER', actorId: 'u1', action: 'brand.created',
    entityType: 'Brand', entityId: 'b1', brandId: 'b1', changes: { after: { name: 'Mars', slug: 'mars' }, before: null }, requestId: 'r1',
  };

  it('hashes the same content the same way whatever the key order', () => {
    const reordered = { ...content, changes: { before: null, after: { slug: 'mars', name: 'Mars' } } };
    expect(chainHash(reordered, GENESIS_HASH)).toBe(chainHash(content, GENESIS_HASH));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('changes when the content or the previous hash changes', () => {
    const base = chainHash(content, GENESIS_HASH);
    expect(chainHash({ ...content, action: 'brand.updated' }, GENESIS_HASH)).not.toBe(base);
    expect(chainHash(content, 'f'.repeat(64))).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps only the fields that changed', () => {
    expect(diff({ name: 'Mars', slug: 'mars', depth: 0 }, { name: 'Mars Inc', slug: 'mars', depth: 0 })).toEqual({
      before: { name: 'Mars' },
      after: { name: 'Mars Inc' },
    });
    expect(diff(null, { name: 'Mars' })).toEqual({ before: null, after: { name: 'Mars' } });
    expect(diff({ at: new Date('2026-01-01T00:00:00Z') }, null)).toEqual({ before: { at: '2026-01-01T00:00:00.000Z' }, after: null });
  });
});
