import { plainToInstance } from 'class-transformer';
import { IsString, Matches, MaxLength, MinLength, validateSync } from 'class-validator';
import { IsName } from './name-field';

class Shared {
  @IsString()
  @IsName()
  displayName: unknown;
}

/** The decorators IsName stands for, as they were written out. */
class ByHand {
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName: unknown;
}

const errors = (type: new () => object, value: unknown) => validateSync(plainToInstance(type, { displayName: value })).map((e) => e.constraints);

describe('IsName', () => {
  it.each([[''], ['   '], ['x'.repeat(121)], [12], [null], ['Snickers']])('refuses %p exactly as the decorators it replaces', (value) => {
    expect(errors(Shared, value)).toEqual(errors(ByHand, value));
  });

  it('names the field in the blank message', () => {
    expect(errors(Shared, '  ')).toEqual([{ matches: 'displayName must not be blank' }]);
  });
});
