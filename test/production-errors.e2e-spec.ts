import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { TestApp } from './support';
import { MarsWorld } from './governance-world';

/**
 * Production (NODE_ENV=production, as the Dockerfile sets it) answers every error with the
 * code and HTTP status tests see, and hides only what it must: introspection and the
 * "Did you mean ...?" hints that would reveal the schema. Each case runs against an app in
 * production mode and one in test mode, on the same database, and both must agree.
 *
 * HTTP status (GraphQL over HTTP, application/json): an operation that ran answers 200, its
 * field errors in `errors` beside `data`; a request that cannot run (syntax, validation,
 * variables, limits) answers 400 with no `data`.
 */
describe('errors in production', () => {
  let prod: TestApp;
  let dev: TestApp;
  let w: MarsWorld;
  let nobody: string;
  let postId: string;

  beforeAll(async () => {
    prod = await TestApp.start({ NODE_ENV: 'production' });
    dev = await TestApp.start({ NODE_ENV: 'test' });
    w = await MarsWorld.build(prod, 'Production Errors');
    nobody = (await prod.createMember(w.org, 'nobody')).token;
    await w.policy(w.marsId, 'BANNED_TERMS', { bannedTerms: { terms: ['cure'] } });
    postId = (await w.snickersPost('A Snickers is the cure.')).id;
    await w.make.brand('Taken', undefined, { slug: 'taken' });
  }, 180_000);
  afterAll(async () => {
    await prod?.close();
    await dev?.close();
  }, 180_000);

  const send = async (app: TestApp, body: object, token?: string) => {
    const req = request(app.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    const res = await req.send(body);
    return { status: res.status, body: res.body as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } };
  };

  type Case = [name: string, code: string, status: number, call: () => { body: object; token?: string }];
  const cases: Case[] = [
    ['no credentials', 'UNAUTHENTICATED', 200, () => ({ body: { query: '{ viewer { id } }' } })],
    ['a permission the caller lacks', 'FORBIDDEN', 200, () => ({ body: { query: '{ verifyAuditChain { ok } }' }, token: nobody })],
    ['an unknown brand', 'NOT_FOUND', 200, () => ({ body: { query: 'query ($id: ID!) { brand(id: $id) { id } }', variables: { id: randomUUID() } }, token: w.admin })],
    [
      'a slug already taken',
      'CONFLICT',
      200,
      () => ({ body: { query: 'mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }', variables: { input: { name: 'Taken', slug: 'taken' } } }, token: w.admin }),
    ],
    ['a banned term', 'POLICY_VIOLATION', 200, () => ({ body: { query: 'mutation ($id: ID!) { submitPost(id: $id) { post { id } } }', variables: { id: postId } }, token: w.agent.token })],
    [
      'an input the use case refuses',
      'BAD_USER_INPUT',
      200,
      () => ({ body: { query: 'mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }', variables: { input: { name: 'Bad', slug: 'Not A Slug!' } } }, token: w.admin }),
    ],
    ['a missing variable', 'BAD_USER_INPUT', 400, () => ({ body: { query: 'query ($id: ID!) { brand(id: $id) { id } }', variables: {} }, token: w.admin })],
    ['a syntax error', 'BAD_USER_INPUT', 400, () => ({ body: { query: '{ viewer { id ' }, token: w.admin })],
    ['a subscription over HTTP', 'BAD_USER_INPUT', 400, () => ({ body: { query: 'subscription { approvalQueueChanged { __typename } }' }, token: w.admin })],
  ];

  it.each(cases)('%s: %s with HTTP %i, as in test mode', async (_name, code, status, call) => {
    const { body, token } = call();
    const answer = await send(prod, body, token);
    expect(answer.status).toBe(status);
    expect((answer.body.errors ?? []).map((e) => e.extensions.code)).toEqual([code]);
    // An operation that ran has `data` (null where a non-null root field failed); one that could not run has none.
    expect('data' in answer.body).toBe(status === 200);
    const tested = await send(dev, body, token);
    expect({ status: tested.status, errors: tested.body.errors }).toEqual({ status: answer.status, errors: answer.body.errors });
  });

  it('refuses introspection (test mode answers it)', async () => {
    const query = { query: '{ __schema { queryType { name } } }' };
    const refused = await send(prod, query, w.admin);
    expect(refused.status).toBe(400);
    expect(refused.body.errors!.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', reason: 'INTROSPECTION_DISABLED' }]);
    expect(JSON.stringify(refused.body)).not.toMatch(/Query/);
    expect((await send(dev, query, w.admin)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it.each([
    ['a mistyped field', { query: '{ brnds { totalCount } }' }, 'brnds', /Did you mean "brands"/],
    [
      'a mistyped enum value in variables',
      { query: 'query ($b: ID!, $p: Permission!, $u: ID!) { explainPermission(brandId: $b, permission: $p, principalId: $u) { allowed } }', variables: { b: randomUUID(), p: 'BRAND_RAED', u: randomUUID() } },
      'BRAND_RAED',
      /Did you mean the enum value "BRAND_READ"/,
    ],
    ['a mistyped argument', { query: '{ brands(frist: 1) { totalCount } }' }, 'frist', /Did you mean "first"/],
  ])('answers %s with BAD_USER_INPUT and HTTP 400, naming no field of the schema', async (_name, body, named, suggestion) => {
    const [answer, tested] = [await send(prod, body, w.admin), await send(dev, body, w.admin)];
    expect([answer.status, tested.status]).toEqual([400, 400]);
    expect(answer.body.errors!.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(answer.body.errors![0].message).toContain(named);
    expect(answer.body.errors![0].message).not.toMatch(/Did you mean/);
    // Test mode shows the hint, so the case does reach one.
    expect(tested.body.errors![0].message).toMatch(suggestion);
  });
});
