import { executeArguments, inlineParameters, literal, UnsendableParameterError } from './inline-parameters';

describe('inlineParameters', () => {
  it('replaces each placeholder with the literal of its parameter, however often it appears', () => {
    expect(inlineParameters('SELECT $1, $2, $1', ['a', 2])).toBe("SELECT 'a', '2', 'a'");
  });

  it('tells $1 from $10', () => {
    const params = Array.from({ length: 10 }, (_, i) => `p${i + 1}`);
    expect(inlineParameters('SELECT $10, $1', params)).toBe("SELECT 'p10', 'p1'");
  });

  it('leaves placeholders in strings, quoted identifiers, comments and dollar quotes alone', () => {
    const sql = `SELECT '$1', "$1", E'\\'$1', $q$ $1 $q$, $$ $1 $$ -- $1\n, /* $1 */ $1`;
    expect(inlineParameters(sql, ['x'])).toBe(`SELECT '$1', "$1", E'\\'$1', $q$ $1 $q$, $$ $1 $$ -- $1\n, /* $1 */ 'x'`);
  });

  it('handles doubled quotes inside strings', () => {
    expect(inlineParameters(`SELECT 'it''s $1', $1`, ['y'])).toBe(`SELECT 'it''s $1', 'y'`);
  });

  it('does not take an identifier ending in a dollar for a placeholder', () => {
    expect(inlineParameters('SELECT a$1, $1', ['z'])).toBe("SELECT a$1, 'z'");
  });

  it('refuses a placeholder without a parameter', () => {
    expect(() => inlineParameters('SELECT $2', ['only one'])).toThrow(RangeError);
    expect(() => inlineParameters('SELECT $0', ['x'])).toThrow(RangeError);
  });
});

describe('literal', () => {
  it('escapes quotes and backslashes', () => {
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(literal('C:\\temp')).toBe(" E'C:\\\\temp'");
  });

  it('writes NULL for null and undefined', () => {
    expect(literal(null)).toBe('NULL');
    expect(literal(undefined)).toBe('NULL');
  });

  it('uses pg\'s text for arrays, objects, booleans and buffers', () => {
    expect(literal(['a', 'b"c'])).toBe(String.raw` E'{"a","b\\"c"}'`);
    expect(literal({ a: 1 })).toBe(`'{"a":1}'`);
    expect(literal(true)).toBe("'true'");
    expect(literal(Buffer.from([1, 255]))).toBe(" E'\\\\x01ff'");
  });

  it('refuses a NUL character, as the server would', () => {
    expect(() => literal('a\0b', 3)).toThrow(UnsendableParameterError);
    expect(() => literal('a\0b', 3)).toThrow('$3');
  });
});

describe('executeArguments', () => {
  it('lists the literals up to the highest placeholder, each once, in order', () => {
    expect(executeArguments('SELECT $2, $1, $2', ['a', 2])).toBe("('a', '2')");
    expect(executeArguments('SELECT $1 FROM t WHERE x = ANY($2)', [null, ['p', 'q']])).toBe(`(NULL, '{"p","q"}')`);
  });

  it('is empty for a statement without placeholders, and ignores those in strings and comments', () => {
    expect(executeArguments(`SELECT '$1' -- $2`, [])).toBe('');
  });

  it('refuses a placeholder without a parameter, and a NUL character', () => {
    expect(() => executeArguments('SELECT $3', ['a', 'b'])).toThrow(RangeError);
    expect(() => executeArguments('SELECT $1', ['a\0b'])).toThrow(UnsendableParameterError);
  });
});
