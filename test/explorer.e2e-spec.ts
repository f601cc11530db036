import request from 'supertest';
import { TestApp, BOOT_TIMEOUT_MS } from './support';

/**
 * The explorer at GET /graphql for browsers (src/explorer): its page and every asset it loads
 * come from the service itself, under a Content-Security-Policy that allows nothing else;
 * any other GET or POST to /graphql answers exactly as without it, CSRF prevention included.
 * On outside production; in production only with PARASOL_EXPLORER=true. (The page run in a
 * real browser: test/explorer-browser.e2e-spec.ts.)
 */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** A response body as text, whatever its content type (no decompression: ask for identity). */
const text = (req: request.Test) =>
  req.buffer(true).parse((res, callback) => {
    let data = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (data += chunk));
    res.on('end', () => callback(null, data));
  });

const openPage = (app: TestApp) => text(request(app.app.getHttpServer()).get('/graphql').set('accept', BROWSER_ACCEPT));
const csrfRefusal = { status: 400, code: 'BAD_USER_INPUT', message: /Cross-Site Request Forgery/ };

describe('the explorer', () => {
  let dev: TestApp;
  let prod: TestApp;
  let prodWithExplorer: TestApp;

  beforeAll(async () => {
    dev = await TestApp.start({ NODE_ENV: 'test' });
    prod = await TestApp.start({ NODE_ENV: 'production' });
    prodWithExplorer = await TestApp.start({ NODE_ENV: 'production', PARASOL_EXPLORER: 'true' });
  }, BOOT_TIMEOUT_MS);
  afterAll(async () => {
    await dev?.close();
    await prod?.close();
    await prodWithExplorer?.close();
  }, BOOT_TIMEOUT_MS);

  it('answers a browser at GET /graphql with the page, prefilled with the Mars tree, under a CSP of its own', async () => {
    const res = await openPage(dev);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = res.body as string;
    expect(page).toContain('<title>Parasol GraphQL explorer</title>');
    expect(page).toContain('query MarsTree');
    expect(page).toContain('"isHeadersEditorEnabled": true');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toMatch(/^default-src 'none'; script-src 'self' ('sha256-[A-Za-z0-9+/=]+' ?)+; /);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Nothing from another host: no scheme in the policy, and every src/href of the page is a path here.
    expect(csp).not.toMatch(/https?:|\*/);
    expect(csp).toContain("font-src 'self' data:");
    const references = [...page.matchAll(/(?:src|href)="([^"]+)"|from "([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect(ref).toMatch(/^\/graphql\/explorer\//);
    expect(res.headers.vary).toMatch(/Accept/);
  });

  it('serves every asset the page loads itself, compressed when the browser takes brotli and revalidated by ETag', async () => {
    const page = (await openPage(dev)).body as string;
    const assets = [...new Set([...page.matchAll(/(?:src|href)="([^"]+)"|from "([^"]+)"/g)].map((m) => m[1] ?? m[2]))];
    expect(assets).toEqual(expect.arrayContaining(['/graphql/explorer/ruru.js', '/graphql/explorer/ruru.css']));
    const server = dev.app.getHttpServer();
    for (const asset of assets) {
      const plain = await text(request(server).get(asset).set('accept-encoding', 'identity'));
      expect({ asset, status: plain.status }).toEqual({ asset, status: 200 });
      expect(plain.headers['content-type']).toMatch(/^(text\/javascript|text\/css)/);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect((plain.body as string).length).toBeGreaterThan(1000);
      const br = await request(server).head(asset).set('accept-encoding', 'gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      const again = await request(server).get(asset).set('if-none-match', plain.headers.etag);
      expect(again.status).toBe(304);
    }
    // The editor's workers, which the page starts by name, are there too; an unknown file and source maps are not.
    for (const worker of ['editorWorker.js', 'graphqlWorker.js', 'jsonWorker.js']) {
      expect(page).toContain(`"${worker}"`);
      expect((await request(server).head(`/graphql/explorer/${worker}`)).status).toBe(200);
    }
    expect((await request(server).get('/graphql/explorer/no-such-file.js')).status).toBe(404);
    expect((await request(server).get('/graphql/explorer/ruru.js.map')).status).toBe(404);
  });

  it('leaves every other request to /graphql as it was: a GET asking for JSON is still refused without the preflight header', async () => {
    const server = dev.app.getHttpServer();
    for (const accept of ['application/json', '*/*', 'application/graphql-response+json, application/json', 'text/html, application/json']) {
      const res = await request(server).get('/graphql').query({ query: '{ __typename }' }).set('accept', accept);
      expect({ accept, status: res.status }).toEqual({ accept, status: csrfRefusal.status });
      expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
      expect(res.body.errors[0].extensions.code).toBe(csrfRefusal.code);
      expect(res.body.errors[0].message).toMatch(csrfRefusal.message);
    }
    // With the header Apollo asks for, a GET query runs; a POST asking for HTML gets JSON.
    const preflighted = await request(server).get('/graphql').query({ query: '{ __typename }' }).set('accept', 'application/json').set('apollo-require-preflight', 'true');
    expect(preflighted.body).toEqual({ data: { __typename: 'Query' } });
    const posted = await request(server).post('/graphql').set('accept', BROWSER_ACCEPT).set('content-type', 'application/json').send({ query: '{ __typename }' });
    expect(posted.body).toEqual({ data: { __typename: 'Query' } });
  });

  it('is off in production: a browser gets what it got before, and no asset', async () => {
    const res = await request(prod.app.getHttpServer()).get('/graphql').set('accept', BROWSER_ACCEPT);
    expect(res.status).toBe(csrfRefusal.status);
    expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
    expect(res.body.errors[0].message).toMatch(csrfRefusal.message);
    expect((await request(prod.app.getHttpServer()).get('/graphql/explorer/ruru.js')).status).toBe(404);
  });

  it('is on in production with PARASOL_EXPLORER=true, with the introspection its documentation needs', async () => {
    const res = await openPage(prodWithExplorer);
    expect(res.status).toBe(200);
    expect(res.body as string).toContain('query MarsTree');
    expect((await request(prodWithExplorer.app.getHttpServer()).get('/graphql/explorer/ruru.js')).status).toBe(200);
    const token = await prodWithExplorer.login('admin@mars.example', 'parasol-demo');
    expect(await prodWithExplorer.ok('{ __schema { queryType { name } } }', {}, token)).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // Production without it keeps introspection off.
    expect((await prod.gql('{ __schema { queryType { name } } }', {}, token)).errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'INTROSPECTION_DISABLED' });
  });
});
