import { encodeCursor, ErrorCode, ParasolError } from '../core';
import { keysetPage, keysetStatement } from './keyset-page';

const ID = '6f1c1c1e-0000-4000-8000-000000000000';
const OTHER = '6f1c1c1e-0000-4000-8000-000000000001';
const byNewest = {
  matching: 'SELECT id, created_at FROM things t WHERE t.organization_id = $1',
  params: ['org'],
  order: [{ column: 'created_at', kind: 'timestamp' }, { column: 'id', kind: 'uuid' }] as const,
  direction: 'desc' as const,
  map: (row: { id: string }) => ({ thing: row.id }),
};

describe('keysetStatement', () => {
  it('appends the cursor values and first + 1 to the parameters, typed so the statement can be prepared', () => {
    const after = encodeCursor(['2026-01-02T03:04:05.123456Z', ID]);
    const { sql, params } = keysetStatement(byNewest, { first: 20, after });
    expect(params).toEqual(['org', '2026-01-02T03:04:05.123456Z', ID, 21]);
    expect(sql).toContain('WHERE $2::timestamptz IS NULL OR (x.created_at, x.id) < ($2::timestamptz, $3::uuid)');
    expect(sql).toContain('ORDER BY x.created_at DESC, x.id DESC LIMIT $4');
    // The cursor's timestamp keeps its microseconds (keyset.ts).
    expect(sql).toContain(`to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS keyset_0, p.id AS keyset_1`);
  });

  it('compares a single key as a value, ascending, and puts extra CTEs before the matching rows', () => {
    const { sql, params } = keysetStatement(
      { with: 'grants AS (SELECT 1)', matching: 'SELECT seq FROM events', params: [], order: [{ column: 'seq', kind: 'bigint' }], direction: 'asc', map: (r) => r },
      { first: 5 },
    );
    expect(params).toEqual([null, 6]);
    expect(sql).toMatch(/^WITH grants AS \(SELECT 1\), matching AS \(SELECT seq FROM events\)/);
    expect(sql).toContain('WHERE $1::bigint IS NULL OR x.seq > $1::bigint');
    expect(sql).toContain('p.seq::text AS keyset_0');
  });

  it.each([
    ['of the wrong arity', encodeCursor([ID])],
    ['whose values have the wrong kinds', encodeCursor([ID, '2026-01-02T03:04:05Z'])],
    ['that is not a cursor', '%%%'],
  ])('refuses a cursor %s as bad input on `after`', (_label, after) => {
    let error: unknown;
    try {
      keysetStatement(byNewest, { first: 20, after });
    } catch (e) {
      error = e;
    }
    expect((error as ParasolError).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((error as ParasolError).extensions).toEqual({ fields: [{ field: 'after', message: 'is not a valid cursor' }] });
  });
});

describe('keysetPage', () => {
  const run = (rows: object[]) => keysetPage({ query: async <T>() => rows as T[] }, byNewest, { first: 1, after: null });

  it('maps the rows of the page, tells a next page from the extra row, and encodes cursors from the key values', async () => {
    const page = await run([
      { total: 2, id: ID, created_at: new Date(), keyset_0: '2026-01-02T03:04:05.123456Z', keyset_1: ID },
      { total: 2, id: OTHER, created_at: new Date(), keyset_0: '2026-01-01T00:00:00.000001Z', keyset_1: OTHER },
    ]);
    expect(page.totalCount).toBe(2);
    expect(page.edges.map((e) => e.node)).toEqual([{ thing: ID }]);
    expect(page.edges[0].cursor).toBe(encodeCursor(['2026-01-02T03:04:05.123456Z', ID]));
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: page.edges[0].cursor });
  });

  it('answers the count of an empty page from the LEFT JOIN row without a page row', async () => {
    const page = await run([{ total: 0, id: null, created_at: null, keyset_0: null, keyset_1: null }]);
    expect(page.totalCount).toBe(0);
    expect(page.edges).toEqual([]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });
});

describe('keysetStatement backwards (last/before)', () => {
  const row = (id: string, at: string) => ({ total: 3, behind: false, id, created_at: new Date(), keyset_0: at, keyset_1: id });
  const A = '6f1c1c1e-0000-4000-8000-00000000000a';

  it('reads the rows before the cursor in reverse key order, with the other side checked in the same statement', () => {
    const before = encodeCursor(['2026-01-02T03:04:05.123456Z', ID]);
    const { sql, params } = keysetStatement(byNewest, { first: 20, last: 2, before });
    expect(params).toEqual(['org', '2026-01-02T03:04:05.123456Z', ID, 3]);
    // The list is newest first, so the rows before a cursor are the newer ones, read oldest first.
    expect(sql).toContain('WHERE $2::timestamptz IS NULL OR (x.created_at, x.id) > ($2::timestamptz, $3::uuid)');
    expect(sql).toContain('ORDER BY x.created_at, x.id LIMIT $4');
    expect(sql).toContain('EXISTS (SELECT 1 FROM matching x WHERE (x.created_at, x.id) <= ($2::timestamptz, $3::uuid)) AS behind');
  });

  it('answers a backward page in list order, hasPreviousPage from the extra row and hasNextPage from the other side', () => {
    const rows = [row(ID, '2026-01-03T00:00:00.000000Z'), row(OTHER, '2026-01-04T00:00:00.000000Z'), row(A, '2026-01-05T00:00:00.000000Z')].map((r) => ({ ...r, behind: true }));
    const page = keysetStatement(byNewest, { first: 20, last: 2, before: encodeCursor(['2026-01-02T00:00:00.000000Z', ID]) }).connection(rows);
    expect(page.edges.map((e) => e.node)).toEqual([{ thing: OTHER }, { thing: ID }]);
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('takes `first` as the size of a backward page given only `before`, and the list\'s end without a cursor', () => {
    expect(keysetStatement(byNewest, { first: 7, before: encodeCursor(['2026-01-02T03:04:05.123456Z', ID]) }).params.at(-1)).toBe(8);
    const page = keysetStatement(byNewest, { first: 20, last: 5 }).connection([row(ID, '2026-01-03T00:00:00.000000Z')]);
    expect(page.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: false });
  });

  it('refuses after with last or before, and names `before` for a bad backward cursor', () => {
    expect(() => keysetStatement(byNewest, { first: 2, last: 2, after: encodeCursor(['2026-01-02T03:04:05.123456Z', ID]) })).toThrow(/a page goes one way/);
    let error: unknown;
    try {
      keysetStatement(byNewest, { first: 2, last: 2, before: '%%%' });
    } catch (e) {
      error = e;
    }
    expect((error as ParasolError).extensions).toEqual({ fields: [{ field: 'before', message: 'is not a valid cursor' }] });
  });
});
