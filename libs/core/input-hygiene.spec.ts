import 'reflect-metadata';
import { validate } from 'class-validator';
import { GraphQLError, parse } from 'graphql';
import { assertCleanStrings, findStringDefects, inputHygienePlugin, IsEmailAddress, stringDefect } from './input-hygiene';
import { BadUserInputError } from './errors';

const HIGH = '\uD83D';
const LOW = '\uDC4B';

describe('stringDefect', () => {
  it.each([
    ['plain text', 'Snickers', null],
    ['RTL and emoji (surrogate pairs)', 'مرحبا 👋🏽 שלום', null],
    ['an empty string', '', null],
    ['a NUL', 'a\u0000b', 'NUL'],
    ['a lone high surrogate', `a${HIGH}b`, 'LONE_SURROGATE'],
    ['a lone low surrogate', `a${LOW}b`, 'LONE_SURROGATE'],
    ['a high surrogate at the end', `a${HIGH}`, 'LONE_SURROGATE'],
    ['surrogates in the wrong order', `${LOW}${HIGH}`, 'LONE_SURROGATE'],
  ])('%s -> %s', (_case, value, defect) => {
    expect(stringDefect(value)).toBe(defect);
  });
});

describe('findStringDefects', () => {
  it('names each defective string by its path, through objects and lists', () => {
    const value = { name: 'ok', branding: { logoUrl: 'x\u0000' }, stages: [{ name: 'fine' }, { name: LOW }], goals: ['a', HIGH] };
    expect(findStringDefects(value, 'input')).toEqual([
      { field: 'input.branding.logoUrl', defect: 'NUL' },
      { field: 'input.stages.1.name', defect: 'LONE_SURROGATE' },
      { field: 'input.goals.1', defect: 'LONE_SURROGATE' },
    ]);
  });

  it('checks object keys too (JSON scalars store them)', () => {
    expect(findStringDefects({ ['k\u0000']: 1 }, 'config')).toEqual([{ field: 'config', defect: 'NUL' }]);
  });

  it('walks a value nested deeper than the stack would allow for recursion', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findStringDefects(deep, 'v')).toHaveLength(1);
  });

  it('names at most 20 problems', () => {
    expect(findStringDefects(Array.from({ length: 100 }, () => '\u0000'), 'v')).toHaveLength(20);
  });
});

describe('assertCleanStrings', () => {
  it('throws BAD_USER_INPUT with reason INVALID_STRING naming the field', () => {
    let thrown: unknown;
    try {
      assertCleanStrings([{ name: 'ok' }, { name: 'a\u0000' }], 'document');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(BadUserInputError);
    expect((thrown as BadUserInputError).extensions).toMatchObject({ reason: 'INVALID_STRING', field: 'document.1.name', fields: [{ field: 'document.1.name' }] });
  });

  it('lets clean values through', () => {
    expect(() => assertCleanStrings({ a: ['مرحبا 👋🏽 שלום'], b: 1, c: null }, 'v')).not.toThrow();
  });
});

describe('inputHygienePlugin', () => {
  const run = async (query: string, variables?: Record<string, unknown>) => {
    const hooks = await inputHygienePlugin().requestDidStart();
    try {
      await hooks.didResolveOperation({ request: { variables }, document: parse(query) });
      return null;
    } catch (error) {
      return error as GraphQLError;
    }
  };

  it('names a variable by the argument path where it is used', async () => {
    const error = await run('mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }', { input: { name: 'a\u0000' } });
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_STRING', field: 'input.name', http: { status: 400 } });
  });

  it('names a variable used inside an input object literal by its full path', async () => {
    const error = await run('mutation ($n: String!) { createBrand(input: { name: $n }) { id } }', { n: `x${HIGH}` });
    expect(error!.extensions).toMatchObject({ field: 'input.name', fields: [{ field: 'input.name', message: expect.stringContaining('surrogate') }] });
  });

  it('checks literals of the document, in lists and objects', async () => {
    const error = await run('{ changes(types: ["ok", "bad\\u0000"]) { cursor } }');
    expect(error!.extensions).toMatchObject({ reason: 'INVALID_STRING', field: 'types.1' });
  });

  it('checks variables the operation does not use, and defaults of variables', async () => {
    expect((await run('{ viewer { id } }', { unused: '\u0000' }))!.extensions).toMatchObject({ field: '$unused' });
    expect((await run('query ($s: String = "\\u0000") { users(filter: { search: $s }) { totalCount } }'))!.extensions).toMatchObject({ field: '$s' });
  });

  it('lets clean requests through, RTL and emoji included', async () => {
    expect(await run('mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }', { input: { name: 'مرحبا 👋🏽 שלום', goals: ['a'] } })).toBeNull();
  });
});

describe('IsEmailAddress', () => {
  class Login {
    @IsEmailAddress({ message: 'email must be an email address' })
    email!: string;
  }
  const check = (email: string) => validate(Object.assign(new Login(), { email }));

  it('is false, not a URIError, for a lone surrogate', async () => {
    expect(await check(`a${HIGH}@example.com`)).toHaveLength(1);
    expect(await check(`a@example${LOW}.com`)).toHaveLength(1);
  });

  it('accepts an email and refuses other text', async () => {
    expect(await check('admin@mars.example')).toHaveLength(0);
    expect((await check('not an email'))[0].constraints).toEqual({ isEmail: 'email must be an email address' });
  });
});
