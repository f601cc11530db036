import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { IdArgs, IsEntityId } from './id-args';

class Sample {
  @IsEntityId('brand')
  brandId: unknown;

  @IsEntityId('API key')
  keyId: unknown;

  @IsEntityId()
  entityId: unknown;

  @IsEntityId('social profile', { each: true })
  profileIds: unknown;
}

class PostIdArgs extends IdArgs('post') {}

const messages = (target: object) => Object.fromEntries(validateSync(target).map((e) => [e.property, Object.values(e.constraints ?? {})]));

describe('IsEntityId', () => {
  it('names the field where it stands and the entity it must name', () => {
    const sample = plainToInstance(Sample, { brandId: 'x', keyId: 1, entityId: 'nope', profileIds: ['6f1c1c1e-0000-4000-8000-000000000000', 'x'] });
    expect(messages(sample)).toEqual({
      brandId: ['brandId must be a brand id'],
      keyId: ['keyId must be an API key id'],
      entityId: ['entityId must be an id'],
      profileIds: ['profileIds must be social profile ids'],
    });
  });

  it('gives IdArgs classes a validated id', () => {
    expect(messages(plainToInstance(PostIdArgs, { id: 'x' }))).toEqual({ id: ['id must be a post id'] });
    expect(messages(plainToInstance(PostIdArgs, { id: '6f1c1c1e-0000-4000-8000-000000000000' }))).toEqual({});
  });
});
