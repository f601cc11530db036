import { Type } from '@nestjs/common';
import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID, ValidationArguments } from 'class-validator';

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');

/**
 * An id argument or input field: a UUID, refused as "<field> must be a <entity> id" (the field
 * as named where it stands, e.g. `brandId must be a brand id`); without an entity, "an id".
 * With `each`, for a list: "<field> must be <entity> ids".
 */
export function IsEntityId(entity?: string, options: { each?: boolean } = {}): PropertyDecorator {
  const what = options.each ? `${entity ? `${entity} ` : ''}ids` : entity ? `${article(entity)} ${entity} id` : 'an id';
  return IsUUID('all', { each: options.each, message: ({ property }: ValidationArguments) => `${property} must be ${what}` });
}

/** Arguments naming one entity by its `id`: `class BrandIdArgs extends IdArgs('brand') {}`. */
export function IdArgs(entity: string): Type<{ id: string }> {
  @ArgsType()
  class EntityIdArgs {
    @Field(() => ID, { description: `The ${entity}'s id (a UUID). An id of another organization, or out of the caller's reach, answers NOT_FOUND.` })
    @IsEntityId(entity)
    id: string;
  }
  return EntityIdArgs;
}
