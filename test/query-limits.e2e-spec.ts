import { createHash } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Client, createClient } from 'graphql-ws';
import request from 'supertest';
import WebSocket from 'ws';
import { DEFAULT_QUERY_LIMITS } from '../libs/core';
import { errorCodes, GraphQLResponse, TestApp } from './support';
import { APPROVAL_QUEUE_TOPIC, ApprovalEvents } from '../src/approvals/approval-events';

/**
 * Every limit refuses before anything executes (not one SQL statement is sent), with
 * BAD_USER_INPUT, a reason naming the limit, and HTTP 400: GraphQL over HTTP's status for a
 * request that cannot be executed.
 */
describe('query limits', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await TestApp.start({ QUERY_MAX_COST: String(DEFAULT_QUERY_LIMITS.maxCost) });
    token = await t.login('admin@mars.example', 'parasol-demo');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  /** POST /graphql with any body, as the demo admin; the status, headers and answer. */
  const post = async (body: object, as: string | null = token) => {
    const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (as) req.set('authorization', `Bearer ${as}`);
    const res = await req.send(body);
    return { status: res.status, headers: res.headers, body: res.body as GraphQLResponse };
  };

  /** The answer to `body`, failing unless it was refused with BAD_USER_INPUT, HTTP 400 and no SQL; returns the error. */
  const refused = async (body: object) => {
    let answer: Awaited<ReturnType<typeof post>> | undefined;
    const statements = await t.countStatements(async () => {
      answer = await post(body);
    });
    expect({ status: answer!.status, codes: errorCodes(answer!.body), data: answer!.body.data, statements }).toEqual({
      status: 400,
      codes: ['BAD_USER_INPUT'],
      data: undefined,
      statements: 0,
    });
    return answer!.body.errors![0];
  };

  const nested = (depth: number) => `{ brands { edges { node { ${'parent { '.repeat(depth)}id${' }'.repeat(depth)} } } } }`;
  const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

  it.each([
    ['depth', nested(DEFAULT_QUERY_LIMITS.maxDepth), 'QUERY_TOO_DEEP', `depth limit of ${DEFAULT_QUERY_LIMITS.maxDepth}`],
    ['aliases', aliased(DEFAULT_QUERY_LIMITS.maxAliases + 1, 'viewer { id }'), 'TOO_MANY_ALIASES', `Aliases limit of ${DEFAULT_QUERY_LIMITS.maxAliases}`],
    ['aliases (of __typename too)', aliased(DEFAULT_QUERY_LIMITS.maxAliases + 1, '__typename'), 'TOO_MANY_ALIASES', `Aliases limit of ${DEFAULT_QUERY_LIMITS.maxAliases}`],
    ['tokens', `{ viewer { ${'id '.repeat(DEFAULT_QUERY_LIMITS.maxTokens)} } }`, 'TOO_MANY_TOKENS', `more than ${DEFAULT_QUERY_LIMITS.maxTokens} tokens`],
    [
      'cost (page sizes multiply)',
      `{ brands(first: 100) { edges { node { descendants(first: 100) { edges { node { children(first: 100) { edges { node { id name } } } } } } } } } }`,
      'QUERY_TOO_COSTLY',
      `limit of ${DEFAULT_QUERY_LIMITS.maxCost}`,
    ],
  ])('refuses a document over the %s limit, naming the limit', async (_limit, query, reason, names) => {
    const error = await refused({ query });
    expect(error.extensions.reason).toBe(reason);
    expect(error.message).toContain(names);
    // The document is well-formed: the refusal is not a syntax error.
    expect(error.message).not.toMatch(/syntax/i);
  });

  it('accepts as many aliases as the limit, __typename included', async () => {
    expect((await post({ query: aliased(DEFAULT_QUERY_LIMITS.maxAliases, '__typename') })).body.errors).toBeUndefined();
  });

  it.each([
    ['a syntax error', { query: '{ viewer { id ' }, 'GRAPHQL_PARSE_FAILED'],
    ['a missing variable', { query: 'query ($id: ID!) { brand(id: $id) { id } }', variables: {} }, 'INVALID_VARIABLES'],
    ['a mistyped variable (priced)', { query: 'query ($n: Int) { brands(first: $n) { totalCount } }', variables: { n: 'many' } }, 'INVALID_VARIABLES'],
    ['a mistyped variable (not priced)', { query: 'query ($id: ID!) { brand(id: $id) { id } }', variables: { id: { not: 'an id' } } }, 'INVALID_VARIABLES'],
    ['an unknown operation name', { query: 'query A { viewer { id } }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
    ['variables that are not an object', { query: '{ viewer { id } }', variables: 'x' }, 'BAD_REQUEST'],
    ['no query', { variables: {} }, 'BAD_REQUEST'],
    ['a subscription over HTTP POST', { query: 'subscription { approvalQueueChanged { __typename } }' }, 'SUBSCRIPTION_OVER_HTTP'],
  ])('refuses %s with HTTP 400', async (_case, body, reason) => {
    expect((await refused(body)).extensions.reason).toBe(reason);
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

  describe('expensive fields are priced by what they do', () => {
    const range = `from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z"`;

    it.each([
      ['verifyAuditChain twice', aliased(2, 'verifyAuditChain { ok }')],
      ['verifyAuditChain 30 times', aliased(30, 'verifyAuditChain { ok }')],
      ['exportBrandTree twice', aliased(2, 'exportBrandTree(format: "JSON")')],
      ['verifyAuditChain with exportBrandTree', `{ verifyAuditChain { ok } exportBrandTree(format: "JSON") }`],
      ['verifyAuditChain twice through fragments', `{ a: verifyAuditChain { ...V } ...W } fragment V on AuditChainVerification { ok } fragment W on Query { b: verifyAuditChain { ok } }`],
    ])('a field that reads a whole log or tree is asked once per request: refuses %s', async (_case, query) => {
      const error = await refused({ query });
      expect(error.extensions.reason).toBe('EXPENSIVE_FIELD_REPEATED');
      expect(error.message).toMatch(/verifyAuditChain|exportBrandTree/);
    });

    it.each([
      ['verifyAuditChain once', `{ verifyAuditChain { ok checked } }`],
      ['exportBrandTree once', `{ exportBrandTree(format: "JSON") }`],
      ['verifyAuditChain named twice under one response key (it runs once)', `{ verifyAuditChain { ok } ...V } fragment V on Query { verifyAuditChain { checked } }`],
      ['the largest page of auditExport', `{ auditExport(${range}, first: 5000) { count } }`],
      ['a few default pages of auditExport', aliased(5, `auditExport(${range}) { count }`)],
    ])('answers %s', async (_case, query) => {
      const { status, body } = await post({ query });
      expect(body.errors).toBeUndefined();
      expect(status).toBe(200);
    });

    it.each([
      ['auditExport 30 times', aliased(30, `auditExport(${range}) { count }`)],
      ['the largest page of auditExport twice', aliased(2, `auditExport(${range}, first: 5000) { count }`)],
    ])('prices each row an export page may hold: refuses %s as too costly', async (_case, query) => {
      expect((await refused({ query })).extensions.reason).toBe('QUERY_TOO_COSTLY');
    });
  });

  describe("Apollo's automatic persisted queries", () => {
    const query = '{ viewer { id } }';
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const persisted = (hash = sha256Hash, version = 1) => ({ extensions: { persistedQuery: { version, sha256Hash: hash } } });

    it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND (the client then sends the query), then runs it by its hash', async () => {
      const miss = await post(persisted());
      // Apollo's protocol: 200 and not cacheable; every Apollo client (old ones turn APQ off on a 400) retries with the query.
      expect({ status: miss.status, errors: miss.body.errors }).toEqual({
        status: 200,
        errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
      });
      expect(miss.headers['cache-control']).toMatch(/no-cache/);
      expect((await post({ query, ...persisted() })).body.data).toEqual({ viewer: { id: expect.any(String) } });
      expect((await post(persisted())).body.data).toEqual({ viewer: { id: expect.any(String) } });
    });

    it.each([
      ['a hash that is not the query', { query, ...persisted('0'.repeat(64)) }],
      ['an unknown protocol version', persisted(sha256Hash, 2)],
    ])('refuses %s with HTTP 400', async (_case, body) => {
      expect((await refused(body)).extensions.reason).toBe('BAD_REQUEST');
    });
  });

  describe('over the WebSocket', () => {
    let client: Client;
    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    }, 180_000);
    afterAll(() => client.dispose(), 180_000);

    /** The errors graphql-ws answers an operation with, or what it sent before completing. */
    const refusalOf = (query: string) =>
      new Promise<{ message: string; extensions?: Record<string, unknown> }[] | unknown[]>((resolve) => {
        const sent: unknown[] = [];
        client.subscribe({ query }, { next: (value) => sent.push(value), error: (errors) => resolve(errors as never), complete: () => resolve(sent) });
      });

    it.each([
      ['a query', '{ viewer { id } }', 'OPERATION_OVER_WEBSOCKET'],
      ['a mutation', 'mutation { login(email: "a@b.c", password: "x") { accessToken } }', 'OPERATION_OVER_WEBSOCKET'],
      ['an introspection query', '{ __schema { queryType { name } } }', 'OPERATION_OVER_WEBSOCKET'],
      ['a subscription over the alias limit', `subscription { approvalQueueChanged { ${Array.from({ length: DEFAULT_QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: entered`).join(' ')} } }`, 'TOO_MANY_ALIASES'],
      ['a subscription over the token limit', `subscription { approvalQueueChanged { ${'entered '.repeat(DEFAULT_QUERY_LIMITS.maxTokens)} } }`, 'TOO_MANY_TOKENS'],
      ['an invalid subscription', 'subscription { approvalQueueChanged { nope } }', 'GRAPHQL_VALIDATION_FAILED'],
    ])('refuses %s as over HTTP, with BAD_USER_INPUT and its reason', async (_case, query, reason) => {
      expect(await refusalOf(query)).toEqual([expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', reason } })]);
    });

    it('runs a subscription within the limits', async () => {
      // In-process PubSub: a listener on the topic means the subscription is live on the server.
      const listeners = () => t.app.get(ApprovalEvents).pubsub.listenerCount(APPROVAL_QUEUE_TOPIC);
      const before = listeners();
      const errors: unknown[] = [];
      const stop = client.subscribe({ query: 'subscription { approvalQueueChanged { requestId entered } }' }, { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined });
      for (let tries = 0; listeners() === before && errors.length === 0 && tries < 500; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect({ errors, live: listeners() > before }).toEqual({ errors: [], live: true });
      stop();
    });
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

  it('answers introspection outside production only (the suite also runs in production mode)', async () => {
    const answer = await post({ query: `{ __schema { queryType { name } } }` });
    if (t.parasol.config.production) expect(errorCodes(answer.body)).toEqual(['BAD_USER_INPUT']);
    else expect(answer.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  describe('in production', () => {
    let prod: TestApp;
    beforeAll(async () => {
      prod = await TestApp.start({ NODE_ENV: 'production', QUERY_MAX_DEPTH: '4' });
    }, 180_000);
    afterAll(() => prod.close(), 180_000);

    it('turns introspection and field suggestions off', async () => {
      const introspection = await prod.gql(`{ __schema { queryType { name } } }`, {}, token);
      expect(introspection.errors!.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'INTROSPECTION_DISABLED' }]);
      const typo = await prod.gql(`{ brnds { totalCount } }`, {}, token);
      expect(errorCodes(typo)).toEqual(['BAD_USER_INPUT']);
      expect(typo.errors![0].message).not.toMatch(/Did you mean/);
    });

    it('takes its limits from the environment', async () => {
      expect((await prod.gql(nested(4), {}, token)).errors![0].extensions.reason).toBe('QUERY_TOO_DEEP');
    });
  });
});
