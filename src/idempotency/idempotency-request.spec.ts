import { parse } from 'graphql';
import { ParasolError } from '../../libs/core';
import { parseIdempotencyKey, requestHash } from './idempotency-request';

describe('parseIdempotencyKey', () => {
  it('takes 1 to 255 visible ASCII characters, and nothing when the header is absent', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    for (const key of ['a', '8e2c1f0a-5b1d-4a6e-9f00-3c2b1a0d9e8f', '!~#order:42/retry', 'x'.repeat(255)]) expect(parseIdempotencyKey(key)).toBe(key);
  });

  it.each([[''], [' '], ['two words'], ['x'.repeat(256)], ['cl\u00e9'], ['tab\there'], ['new\nline'], ['\u0000']])('refuses %j as BAD_USER_INPUT', (key) => {
    expect(() => parseIdempotencyKey(key)).toThrow(ParasolError);
    expect(() => parseIdempotencyKey(key)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });
});

describe('requestHash', () => {
  const document = parse(`mutation Create($input: CreateBrandInput!) { createBrand(input: $input) { id } }`);
  const hash = requestHash({ document, operationName: 'Create', variables: { input: { name: 'A', goals: ['x', 'y'] } } });

  it('is the SHA-256 of the request as GraphQL reads it: layout, comments and key order do not matter', () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const relaid = parse(`# retry
      mutation Create($input: CreateBrandInput!) {
        createBrand(input: $input) { id }
      }`);
    expect(requestHash({ document: relaid, operationName: 'Create', variables: { input: { goals: ['x', 'y'], name: 'A' } } })).toBe(hash);
  });

  it('differs for other variables, another selection or another operation name', () => {
    expect(requestHash({ document, operationName: 'Create', variables: { input: { name: 'B', goals: ['x', 'y'] } } })).not.toBe(hash);
    expect(requestHash({ document, operationName: 'Create', variables: { input: { name: 'A', goals: ['y', 'x'] } } })).not.toBe(hash);
    expect(requestHash({ document, operationName: null, variables: { input: { name: 'A', goals: ['x', 'y'] } } })).not.toBe(hash);
    const wider = parse(`mutation Create($input: CreateBrandInput!) { createBrand(input: $input) { id name } }`);
    expect(requestHash({ document: wider, operationName: 'Create', variables: { input: { name: 'A', goals: ['x', 'y'] } } })).not.toBe(hash);
  });

  it('takes absent variables for empty ones', () => {
    expect(requestHash({ document })).toBe(requestHash({ document, operationName: null, variables: {} }));
  });
});
