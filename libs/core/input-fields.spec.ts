import { validate } from 'class-validator';
import { DescriptionField, NameField, RenameField } from './input-fields';

class Fields {
  @NameField()
  name: string;

  @RenameField()
  displayName?: string;

  @DescriptionField()
  description?: string | null;
}

const errors = async (values: Partial<Record<keyof Fields, unknown>>) =>
  (await validate(Object.assign(new Fields(), { name: 'A name', ...values }))).map((e) => ({ property: e.property, messages: Object.values(e.constraints ?? {}) }));

describe('shared input fields', () => {
  it('accept a name, and leave the optional fields out', async () => {
    expect(await errors({})).toEqual([]);
  });

  it('refuse a blank name as the stacked decorators did', async () => {
    expect(await errors({ name: '   ' })).toEqual([{ property: 'name', messages: ['name must not be blank'] }]);
  });

  it('refuse clearing a renamed field, naming the field', async () => {
    expect(await errors({ displayName: null })).toEqual([
      { property: 'displayName', messages: expect.arrayContaining(['displayName must be a string (it cannot be cleared)']) },
    ]);
  });

  it('take a null description, and refuse one over 2,000 characters', async () => {
    expect(await errors({ description: null })).toEqual([]);
    expect(await errors({ description: 'x'.repeat(2001) })).toEqual([{ property: 'description', messages: ['description must be shorter than or equal to 2000 characters'] }]);
  });
});
