import request from 'supertest';
import { DEFAULT_QUERY_LIMITS } from '../libs/core';
import { errorCodes, TestApp } from '../libs/testing';

/** Every limit refuses before anything executes: not one SQL statement is sent. */
describe('query limits', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await TestApp.start({ QUERY_MAX_COST: String(DEFAULT_QUERY_LIMITS.maxCost) });
    token = await t.login('admin@mars.example', 'parasol-demo');
  });
  afterAll(() => t.close());

  const nested = (depth: number) => `{ brands { edges { node { ${'parent { '.repeat(depth)}id${' }'.repeat(depth)} } } } }`;

  it.each([
    ['depth', nested(DEFAULT_QUERY_LIMITS.maxDepth), 'QUERY_TOO_DEEP'],
    ['aliases', `{ ${Array.from({ length: DEFAULT_QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`, 'TOO_MANY_ALIASES'],
    ['tokens', `{ viewer { ${'id '.repeat(DEFAULT_QUERY_LIMITS.maxTokens)} } }`, 'TOO_MANY_TOKENS'],
    [
      'cost (page sizes multiply)',
      `{ brands(first: 100) { edges { node { descendants(first: 100) { edges { node { children(first: 100) { edges { node { id name } } } } } } } } } }`,
      'QUERY_TOO_COSTLY',
    ],
  ])('refuses a document over the %s limit with BAD_USER_INPUT, before executing', async (_limit, query, reason) => {
    let body: Awaited<ReturnType<TestApp['gql']>> | undefined;
    const statements = await t.countStatements(async () => {
      body = await t.gql(query, {}, token);
    });
    expect(errorCodes(body!)).toEqual(['BAD_USER_INPUT']);
    expect(body!.errors![0].extensions.reason).toBe(reason);
    expect(body!.data).toBeUndefined();
    expect(statements).toBe(0);
  });

  it('counts `first` given as a variable', async () => {
    const query = `query ($n: Int) { brands(first: $n) { edges { node { descendants(first: $n) { edges { node { children(first: $n) { edges { node { id } } } } } } } } } }`;
    expect((await t.gql(query, { n: 100 }, token)).errors![0].extensions.reason).toBe('QUERY_TOO_COSTLY');
    expect((await t.gql(query, { n: 5 }, token)).errors).toBeUndefined();
  });

  it('works a cost out again when a variable it depends on changes (the cost is kept per document and those values)', async () => {
    const query = `query ($n: Int, $deep: Boolean!, $id: ID!) {
      brand(id: $id) { id }
      brands(first: $n) { edges { node { descendants(first: $n) @include(if: $deep) { edges { node { children(first: $n) { edges { node { id } } } } } } } } }
    }`;
    const [{ id }] = (await t.gql<{ brands: { edges: { node: { id: string } }[] } }>(`{ brands(first: 1) { edges { node { id } } } }`, {}, token)).data!.brands.edges.map((e) => e.node);
    const reason = async (variables: Record<string, unknown>) => (await t.gql(query, variables, token)).errors?.[0]?.extensions.reason ?? null;
    expect(await reason({ n: 5, deep: true, id })).toBeNull();
    expect(await reason({ n: 100, deep: true, id })).toBe('QUERY_TOO_COSTLY');
    expect(await reason({ n: 100, deep: false, id })).toBeNull();
    expect(await reason({ n: 100, deep: true, id })).toBe('QUERY_TOO_COSTLY');
    expect(await reason({ n: 5, deep: true, id })).toBeNull();
    // Other variables do not change the cost, yet a bad value is still refused as the client's mistake.
    const bad = await t.gql(query, { n: 5, deep: true, id: { not: 'an id' } }, token);
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.data ?? undefined).toBeUndefined();
  });

  it('accepts a brand console within the limits', async () => {
    const body = await t.gql(
      `{ brands(first: 20, filter: { rootsOnly: true }) { edges { node { name viewerPermissions effectivePolicies { type } children(first: 50) { edges { node { name viewerPermissions profiles(first: 10) { edges { node { handle status } } } } } } } } } }`,
      {},
      token,
    );
    expect(body.errors).toBeUndefined();
  });

  it('refuses batched HTTP requests', async () => {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('authorization', `Bearer ${token}`)
      .send([{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }]);
    expect(res.status).toBe(400);
  });

  it('allows introspection outside production', async () => {
    expect((await t.gql(`{ __schema { queryType { name } } }`, {}, token)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  describe('in production', () => {
    let prod: TestApp;
    beforeAll(async () => {
      prod = await TestApp.start({ NODE_ENV: 'production', QUERY_MAX_DEPTH: '4' });
    });
    afterAll(() => prod.close());

    it('turns introspection and field suggestions off', async () => {
      const introspection = await prod.gql(`{ __schema { queryType { name } } }`, {}, token);
      expect(errorCodes(introspection)).toEqual(['BAD_USER_INPUT']);
      const typo = await prod.gql(`{ brnds { totalCount } }`, {}, token);
      expect(errorCodes(typo)).toEqual(['BAD_USER_INPUT']);
      expect(typo.errors![0].message).not.toMatch(/Did you mean/);
    });

    it('takes its limits from the environment', async () => {
      expect((await prod.gql(nested(4), {}, token)).errors![0].extensions.reason).toBe('QUERY_TOO_DEEP');
    });
  });
});
