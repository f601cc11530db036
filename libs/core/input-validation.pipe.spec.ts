import 'reflect-metadata';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { BadUserInputError } from './errors';
import { InputValidationPipe } from './input-validation.pipe';

class PageArgs {
  @IsInt()
  @Min(1)
  @Max(100)
  first = 20;

  @IsOptional()
  @IsString()
  after?: string;
}

describe('InputValidationPipe', () => {
  const meta = { type: 'query' as const, metatype: PageArgs, data: undefined };

  it('gives an instance of the arguments class', async () => {
    const pipe = new InputValidationPipe();
    const args = await pipe.transform({ first: 10 }, meta);
    expect(args).toBeInstanceOf(PageArgs);
    expect(args).toMatchObject({ first: 10 });
  });

  it('validates flat arguments once per value and hands out the same frozen instance', async () => {
    const pipe = new InputValidationPipe();
    const a = await pipe.transform({ first: 10, after: 'x' }, meta);
    const b = await pipe.transform({ first: 10, after: 'x' }, meta);
    const c = await pipe.transform({ first: 11, after: 'x' }, meta);
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(c).not.toBe(a);
  });

  it('refuses bad arguments every time: a refusal is never remembered', async () => {
    const pipe = new InputValidationPipe();
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({ first: 500 }, meta)).rejects.toBeInstanceOf(BadUserInputError);
    }
  });

  it('does not remember arguments that hold objects', async () => {
    const pipe = new InputValidationPipe();
    class Wrapper {
      @IsOptional()
      filter?: { name: string };
    }
    const m = { type: 'query' as const, metatype: Wrapper, data: undefined };
    const a = await pipe.transform({ filter: { name: 'a' } }, m);
    const b = await pipe.transform({ filter: { name: 'a' } }, m);
    expect(b).not.toBe(a);
  });

  it.each([
    ['a NUL', 'a\u0000'],
    ['a lone surrogate', '\uD800'],
  ])('refuses %s in any argument string with reason INVALID_STRING (also where Apollo plugins do not run)', async (_case, after) => {
    const pipe = new InputValidationPipe();
    const error = await pipe.transform({ first: 10, after }, meta).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadUserInputError);
    expect((error as BadUserInputError).extensions).toMatchObject({ reason: 'INVALID_STRING', field: 'after' });
  });
});
