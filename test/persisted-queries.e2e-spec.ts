import { createHash } from 'node:crypto';
import request from 'supertest';
import { BOOT_TIMEOUT_MS, GraphQLResponse, TestApp } from './support';

/**
 * Apollo's automatic persisted queries, as Apollo Client speaks them: a hash first; on
 * PERSISTED_QUERY_NOT_FOUND the client sends the query with its hash, and later requests
 * carry the hash alone. A miss must answer that code in every mode, or the client never falls
 * back to sending the query.
 */
describe('automatic persisted queries', () => {
  const apps: Record<string, TestApp> = {};
  beforeAll(async () => {
    apps.production = await TestApp.start({ NODE_ENV: 'production' });
    apps.development = await TestApp.start({ NODE_ENV: 'development' });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await apps.production?.close();
    await apps.development?.close();
  }, BOOT_TIMEOUT_MS);

  let token: string;
  beforeAll(async () => {
    token = await apps.production.login('admin@mars.example', 'parasol-demo');
  }, BOOT_TIMEOUT_MS);

  const hashOf = (query: string) => createHash('sha256').update(query).digest('hex');
  const extensions = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: hashOf(query) } });

  const post = async (mode: string, body: object, as: string | null) => {
    const req = request(apps[mode].app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (as) req.set('authorization', `Bearer ${as}`);
    const res = await req.send(body);
    return { status: res.status, body: res.body as GraphQLResponse };
  };

  /** Apollo Client's `useGETForHashedQueries`: the hash in the URL, with the header that passes CSRF prevention. */
  const get = async (mode: string, params: Record<string, object | string>, as: string | null) => {
    const query = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    const req = request(apps[mode].app.getHttpServer()).get('/graphql').query(query).set('apollo-require-preflight', 'true');
    if (as) req.set('authorization', `Bearer ${as}`);
    const res = await req;
    return { status: res.status, body: res.body as GraphQLResponse };
  };

  const NOT_FOUND = { status: 200, body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] } };

  describe.each(['development', 'production'])('in %s', (mode) => {
    it.each([
      ['a signed-in caller', true],
      ['a caller with no credentials yet', false],
    ])('answers a hash it does not know with PERSISTED_QUERY_NOT_FOUND and HTTP 200, for %s', async (_who, signedIn) => {
      const query = `query Viewer${mode}${signedIn} { viewer { id } }`;
      const miss = await post(mode, { operationName: `Viewer${mode}${signedIn}`, variables: {}, extensions: extensions(query) }, signedIn ? token : null);
      expect(miss).toEqual(NOT_FOUND);
    });

    it('then runs the query sent with its hash, and afterwards the hash alone', async () => {
      const query = `query Brands${mode}($first: Int) { brands(first: $first) { totalCount } }`;
      const body = { operationName: `Brands${mode}`, variables: { first: 1 }, extensions: extensions(query) };
      expect(await post(mode, body, token)).toEqual(NOT_FOUND);
      const sent = await post(mode, { ...body, query }, token);
      expect(sent.body.errors).toBeUndefined();
      expect(sent.body.data).toEqual({ brands: { totalCount: expect.any(Number) } });
      expect((await post(mode, body, token)).body).toEqual(sent.body);
    });

    it('answers a miss sent with GET (useGETForHashedQueries) the same way', async () => {
      const query = `query GetViewer${mode} { viewer { id } }`;
      expect(await get(mode, { operationName: `GetViewer${mode}`, variables: {}, extensions: extensions(query) }, token)).toEqual(NOT_FOUND);
    });

    it('answers a hashed mutation it does not know with PERSISTED_QUERY_NOT_FOUND', async () => {
      const query = `mutation Logout${mode} { logout }`;
      expect(await post(mode, { operationName: `Logout${mode}`, extensions: extensions(query) }, token)).toEqual(NOT_FOUND);
    });
  });
});
