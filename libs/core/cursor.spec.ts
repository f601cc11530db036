import { ErrorCode, ParasolError } from './errors';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it('round-trips the sort key of a row', () => {
    const values = [2, "M&M's", '6f1c1c1e-0000-4000-8000-000000000000'];
    expect(decodeCursor(encodeCursor(values), 3)).toEqual(values);
  });

  it.each([
    ['not base64 json', 'zzz'],
    ['wrong arity', encodeCursor(['a'])],
    ['an object', Buffer.from('{"a":1}').toString('base64url')],
    ['nested values', Buffer.from('[[1],2,3]').toString('base64url')],
    // The text of a forged cursor reaches SQL: no NUL (PostgreSQL refuses it), no lone surrogate.
    ['a NUL in a value', encodeCursor(['a\u0000', 1, 2])],
    ['a lone surrogate in a value (JSON escape)', Buffer.from('["\\ud800",1,2]').toString('base64url')],
  ])('rejects %s as BAD_USER_INPUT on the given field', (_label, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor, 3, 'after');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParasolError);
    expect((error as ParasolError).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((error as ParasolError).extensions).toEqual({ fields: [{ field: 'after', message: 'is not a valid cursor' }] });
  });
});
