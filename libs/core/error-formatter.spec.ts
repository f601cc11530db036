import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { BadUserInputError, NotFoundError, ParasolError, ErrorCode } from './errors';
import { createErrorFormatter, formatGraphQLError, isUnexpectedError, requestErrorStatusPlugin } from './error-formatter';

const wrap = (original: Error) => new GraphQLError(original.message, { originalError: original, path: ['brand'] });

describe('formatGraphQLError', () => {
  it('keeps the code, message and extensions of domain errors', () => {
    const formatted = formatGraphQLError({ message: 'x', path: ['brand'] }, wrap(BadUserInputError.field('input.slug', 'bad')));
    expect(formatted).toMatchObject({ message: 'input.slug: bad', extensions: { code: 'BAD_USER_INPUT', fields: [{ field: 'input.slug', message: 'bad' }] } });
    expect(formatGraphQLError({ message: 'x' }, wrap(new NotFoundError('Brand', 'b1'))).extensions).toEqual({ code: 'NOT_FOUND', entity: 'Brand' });
  });

  it('hides everything of an unexpected error', () => {
    const error = wrap(new Error('connect ECONNREFUSED 10.0.0.3:5432 at /srv/app/db.ts:12'));
    const formatted = formatGraphQLError({ message: error.message, path: ['brand'], extensions: { stacktrace: ['secret'] } }, error);
    expect(formatted).toEqual({ message: 'Internal server error', path: ['brand'], locations: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(isUnexpectedError(error)).toBe(true);
  });

  it('maps a unique violation that escaped a use case to CONFLICT without SQL', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505' });
    const formatted = formatGraphQLError({ message: 'duplicate key' }, wrap(new QueryFailedError('INSERT ...', [], driverError)));
    expect(formatted.extensions).toEqual({ code: 'CONFLICT' });
    expect(formatted.message).not.toMatch(/INSERT|constraint/);
  });

  it('reports malformed documents as BAD_USER_INPUT', () => {
    const formatted = formatGraphQLError({ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, new GraphQLError('Syntax Error'));
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'GRAPHQL_PARSE_FAILED' });
  });

  it.each([
    ['a limit of our validation rules', { message: 'Aliases limit of 30 exceeded, found 31.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', reason: 'TOO_MANY_ALIASES' } }, { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_ALIASES' }, /^Aliases limit of 30/],
    ["graphql-js's token limit", { message: 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }, { code: 'BAD_USER_INPUT', reason: 'TOO_MANY_TOKENS' }, /^Query has more than 5000 tokens/],
    ['introspection in production', { message: 'GraphQL introspection is not allowed by Apollo Server, pass introspection: true', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' } }, { code: 'BAD_USER_INPUT', reason: 'INTROSPECTION_DISABLED' }, /^Introspection is disabled/],
    ['a refusal of our plugins, with its details', { message: 'Query is too expensive', extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY', cost: 9, maxCost: 5 } }, { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY', cost: 9, maxCost: 5 }, /^Query is too expensive/],
    ["Apollo's persisted query protocol", { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }, { code: 'PERSISTED_QUERY_NOT_FOUND' }, /^PersistedQueryNotFound$/],
  ])('names %s', (_case, formatted, extensions, message) => {
    const result = formatGraphQLError(formatted, new GraphQLError(formatted.message));
    expect(result.extensions).toEqual(extensions);
    expect(result.message).toMatch(message);
  });

  it("reports Apollo's refusals that name no code as BAD_USER_INPUT", () => {
    const error = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    expect(formatGraphQLError({ message: error.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, error)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_USER_INPUT', reason: 'BAD_REQUEST' },
    });
  });

  it('never shows extensions.http (the status and headers an error asks Apollo for)', () => {
    const limited = new ParasolError(ErrorCode.BAD_USER_INPUT, 'Too many attempts', { reason: 'RATE_LIMITED', http: { status: 429 } });
    expect(formatGraphQLError({ message: 'x', path: ['login'] }, wrap(limited)).extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'RATE_LIMITED' });
    const plugin = formatGraphQLError({ message: 'x', extensions: { code: 'BAD_USER_INPUT', reason: 'R', http: { status: 400 } } }, new GraphQLError('x'));
    expect(plugin.extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'R' });
  });

  describe('in production', () => {
    const production = createErrorFormatter({ hideSuggestions: true });

    it.each([
      ['an unknown field', 'Cannot query field "brnds" on type "Query". Did you mean "brands" or "brand"?', 'GRAPHQL_VALIDATION_FAILED', 'Cannot query field "brnds" on type "Query".'],
      [
        'an unknown enum value in variables',
        'Variable "$p" got invalid value "BRAND_RAED"; Value "BRAND_RAED" does not exist in "Permission" enum. Did you mean the enum value "BRAND_READ"?',
        'BAD_USER_INPUT',
        'Variable "$p" got invalid value "BRAND_RAED"; Value "BRAND_RAED" does not exist in "Permission" enum.',
      ],
    ])('hides the suggestions of %s, without changing the error (which may be frozen)', (_case, message, code, hidden) => {
      const error = Object.freeze(new GraphQLError(message, { extensions: { code } }));
      expect(production({ message, extensions: { code } }, error).message).toBe(hidden);
      expect(error.message).toBe(message);
      expect(formatGraphQLError({ message, extensions: { code } }, error).message).toBe(message);
    });

    it('keeps the codes and messages of domain errors', () => {
      expect(production({ message: 'x', path: ['brand'] }, wrap(new NotFoundError('Brand', 'b1')))).toMatchObject({ message: 'Brand b1 not found', extensions: { code: 'NOT_FOUND' } });
    });
  });
});

describe('requestErrorStatusPlugin', () => {
  const statusOf = async (status: number | undefined, singleResult: object) => {
    const listener = await requestErrorStatusPlugin().requestDidStart();
    const response = { http: { status }, body: { kind: 'single', singleResult } };
    await listener.willSendResponse({ response });
    return response.http.status;
  };
  const refused = (code: string) => ({ errors: [{ message: 'x', extensions: { code } }] });

  it.each([
    ['BAD_USER_INPUT', 400],
    ['UNAUTHENTICATED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['CONFLICT', 409],
    ['POLICY_VIOLATION', 422],
    ['INTERNAL_SERVER_ERROR', 500],
  ])("gives a request refused before it ran with %s (Apollo's 500) its status", async (code, status) => {
    expect(await statusOf(500, refused(code))).toBe(status);
  });

  it('leaves field errors (data present) and statuses an error chose alone', async () => {
    expect(await statusOf(undefined, { data: null, ...refused('NOT_FOUND') })).toBeUndefined();
    expect(await statusOf(429, refused('BAD_USER_INPUT'))).toBe(429);
    expect(await statusOf(200, refused('PERSISTED_QUERY_NOT_FOUND'))).toBe(200);
  });
});
