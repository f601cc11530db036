import { Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUrl, MaxLength, ValidateIf, ValidationArguments } from 'class-validator';
import { IsEntityId } from './id-args';
import { IsName } from './name-field';
import { stackDecorators } from './stack-decorators';

/** Validated when given: null is refused like a wrong type (a field that cannot be cleared). */
export const Present = () => ValidateIf((_object, value) => value !== undefined);

/** Validated when given and not null (a field null clears). */
export const PresentOrNull = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** A required name (a role's, a workflow's, a display name): a string that `IsName` accepts. */
export function NameField(): PropertyDecorator {
  return stackDecorators(Field(), IsString(), IsName());
}

/** A name an update may leave out but not clear: "<field> must be a string (it cannot be cleared)". */
export function RenameField(): PropertyDecorator {
  return stackDecorators(
    Field(() => String, { nullable: true }),
    Present(),
    IsString({ message: ({ property }: ValidationArguments) => `${property} must be a string (it cannot be cleared)` }),
    IsName(),
  );
}

/** Free text that may be left out or cleared, at most 2,000 characters (a description, notes). */
export function DescriptionField(): PropertyDecorator {
  return stackDecorators(Field(() => String, { nullable: true }), IsOptional(), IsString(), MaxLength(2000));
}

/** An http(s) link of at most 2,048 characters: "<field> must be an http(s) URL". */
export function IsWebUrl(): PropertyDecorator {
  return stackDecorators(
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: ({ property }: ValidationArguments) => `${property} must be an http(s) URL` }),
    MaxLength(2048),
  );
}

/** A brand id that may be left out or null (a filter's brand, a parent, a scope). */
export function OptionalBrandIdField(description?: string): PropertyDecorator {
  return stackDecorators(Field(() => ID, description ? { nullable: true, description } : { nullable: true }), IsOptional(), IsEntityId('brand'));
}

/** A date-time that may be left out or null (a range's bound). */
export function OptionalDateField(description?: string): PropertyDecorator {
  return stackDecorators(Field(() => Date, description ? { nullable: true, description } : { nullable: true }), IsOptional(), Type(() => Date), IsDate());
}
