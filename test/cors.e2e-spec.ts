import request from 'supertest';
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE_SECONDS } from '../src/cors';
import { BOOT_TIMEOUT_MS, TestApp } from './support';

/**
 * CORS (src/cors.ts): pages on the origins CORS_ORIGINS names may call the API from a browser,
 * without credentials; every other origin gets no Access-Control-* header (its preflight fails), so the browser
 * keeps the answer from its page. Apollo's CSRF prevention still refuses a request a page
 * could send without a preflight.
 */
const ALLOWED = 'http://localhost:5173';
const OTHER = 'https://evil.example';
const accessControl = (headers: Record<string, string>) => Object.keys(headers).filter((h) => h.startsWith('access-control-'));

describe('CORS', () => {
  let app: TestApp;
  let closed: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ CORS_ORIGINS: `https://console.example.com, ${ALLOWED}` });
    closed = await TestApp.start();
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await app?.close();
    await closed?.close();
  }, BOOT_TIMEOUT_MS);

  const preflight = (on: TestApp, origin: string) =>
    request(on.app.getHttpServer())
      .options('/graphql')
      .set('origin', origin)
      .set('access-control-request-method', 'POST')
      .set('access-control-request-headers', 'content-type,authorization,idempotency-key,apollo-require-preflight');

  it('answers a preflight from an allowed origin with 204, the headers a GraphQL client sends, no credentials, cached', async () => {
    const res = await preflight(app, ALLOWED);
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST');
    const allowedHeaders = res.headers['access-control-allow-headers'].split(',').map((h: string) => h.trim());
    expect(allowedHeaders).toEqual(CORS_ALLOWED_HEADERS);
    expect(allowedHeaders).toEqual(expect.arrayContaining(['content-type', 'authorization', 'idempotency-key', 'apollo-require-preflight']));
    expect(res.headers['access-control-max-age']).toBe(String(CORS_MAX_AGE_SECONDS));
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers.vary).toMatch(/Origin/);
  });

  it('gives any other origin no Access-Control-* header, and no origin at all when CORS_ORIGINS is empty', async () => {
    for (const [on, origin] of [[app, OTHER], [app, 'http://localhost:5174'], [app, 'null'], [closed, ALLOWED]] as const) {
      const res = await preflight(on, origin);
      // The preflight reaches /graphql as any request would, where Apollo refuses it (CSRF, 400): a failed preflight.
      expect({ origin, status: res.status, headers: accessControl(res.headers) }).toEqual({ origin, status: 400, headers: [] });
    }
  });

  it('marks a POST from an allowed origin as readable by it, and one from another origin not', async () => {
    const post = (origin: string) =>
      request(app.app.getHttpServer()).post('/graphql').set('origin', origin).set('content-type', 'application/json').send({ query: '{ __typename }' });
    const allowed = await post(ALLOWED);
    expect(allowed.body).toEqual({ data: { __typename: 'Query' } });
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    // What a page may read of the answer: Retry-After, the request id it can quote, whether a mutation was replayed.
    expect(allowed.headers['access-control-expose-headers'].split(',').map((h: string) => h.trim())).toEqual(CORS_EXPOSED_HEADERS);
    expect(CORS_EXPOSED_HEADERS).toEqual(['retry-after', 'x-request-id', 'idempotent-replayed']);
    expect(allowed.headers['x-request-id']).toEqual(expect.any(String));
    expect(allowed.headers['access-control-allow-credentials']).toBeUndefined();
    // The server answers (CORS is the browser's to enforce), but says nothing that lets the page read it.
    const other = await post(OTHER);
    expect(accessControl(other.headers)).toEqual([]);
  });

  it('keeps CSRF prevention: a query a page could send without a preflight is refused, from an allowed origin too', async () => {
    const server = app.app.getHttpServer();
    for (const origin of [ALLOWED, OTHER]) {
      const get = await request(server).get('/graphql').query({ query: '{ __typename }' }).set('origin', origin).set('accept', 'application/json');
      expect(get.status).toBe(400);
      expect(get.body.errors[0].message).toMatch(/Cross-Site Request Forgery/);
      const form = await request(server).post('/graphql').set('origin', origin).set('content-type', 'text/plain').send('{"query":"{ __typename }"}');
      expect(form.status).toBe(400);
      expect(form.body.data).toBeUndefined();
    }
    const preflighted = await request(server).get('/graphql').query({ query: '{ __typename }' }).set('origin', ALLOWED).set('apollo-require-preflight', 'true');
    expect(preflighted.body).toEqual({ data: { __typename: 'Query' } });
    expect(preflighted.headers['access-control-allow-origin']).toBe(ALLOWED);
  });
});
