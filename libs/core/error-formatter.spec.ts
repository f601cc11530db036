import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { BadUserInputError, NotFoundError } from './errors';
import { formatGraphQLError, isUnexpectedError } from './error-formatter';

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
});
