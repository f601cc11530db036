import request from 'supertest';
import { MAX_BODY_BYTES } from '../src/bootstrap';
import { TestApp } from './support';

/** A request body refused before GraphQL sees it gets a GraphQL-shaped error with a code and a reason. */
describe('request bodies refused over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const post = (contentType: string, body?: string) => {
    const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', contentType);
    return body === undefined ? req : req.send(body);
  };
  const refusal = (reason: string) => ({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_USER_INPUT', reason } }] });

  it.each([
    ['JSON that does not parse', 'application/json', '{"query":', 400, 'INVALID_JSON'],
    ['an empty JSON body', 'application/json', undefined, 400, 'INVALID_JSON'],
    ['a media type GraphQL does not take', 'application/xml', '<query/>', 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over the limit', 'application/json', JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(MAX_BODY_BYTES) } }), 413, 'BODY_TOO_LARGE'],
  ])('refuses %s', async (_case, contentType, body, status, reason) => {
    const res = await post(contentType, body);
    expect(res.status).toBe(status);
    expect(res.body).toEqual(refusal(reason));
  });

  it('still answers the next request on the same server', async () => {
    const res = await post('application/json', JSON.stringify({ query: '{ __typename }' }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });
});
