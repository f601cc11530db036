import { Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUrl, MaxLength, ValidateIf, ValidationArguments } from 'class-validator';
import { IsEntityId } from './id-args';
import { IsName, NAME_MAX_LENGTH } from './name-field';
import { stackDecorators } from './stack-decorators';

/** Validated when given: null is refused like a wrong type (a field that cannot be cleared). */
export const Present = () => ValidateIf((_object, value) => value !== undefined);

/** Validated when given and not null (a field null clears). */
export const PresentOrNull = () => ValidateIf((_object, value) => value !== undefined && value !== null);

/** A required name (a role's, a workflow's, a display name): a string that `IsName` accepts. */
export function NameField(description = `The name people read: 1 to ${NAME_MAX_LENGTH} characters, not blank.`): PropertyDecorator {
  return stackDecorators(Field({ description }), IsString(), IsName());
}

/** A name an update may leave out but not clear: "<field> must be a string (it cannot be cleared)". */
export function RenameField(description = `A new name, 1 to ${NAME_MAX_LENGTH} characters, not blank; left out, the name stays (it cannot be cleared).`): PropertyDecorator {
  return stackDecorators(
    Field(() => String, { nullable: true, description }),
    Present(),
    IsString({ message: ({ property }: ValidationArguments) => `${property} must be a string (it cannot be cleared)` }),
    IsName(),
  );
}

/** Free text that may be left out or cleared, at most 2,000 characters (a description, notes). */
export function DescriptionField(description = 'Free text for people, at most 2,000 characters; may be left out.'): PropertyDecorator {
  return stackDecorators(Field(() => String, { nullable: true, description }), IsOptional(), IsString(), MaxLength(2000));
}

/** An http(s) link of at most 2,048 characters: "<field> must be an http(s) URL". */
export function IsWebUrl(): PropertyDecorator {
  return stackDecorators(
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: ({ property }: ValidationArguments) => `${property} must be an http(s) URL` }),
    MaxLength(2048),
  );
}

/** A brand id that may be left out or null (a filter's brand, a parent, a scope). */
export function OptionalBrandIdField(description = "A brand's id; may be left out."): PropertyDecorator {
  return stackDecorators(Field(() => ID, { nullable: true, description }), IsOptional(), IsEntityId('brand'));
}

/** A date-time that may be left out or null (a range's bound). */
export function OptionalDateField(description = 'A date-time (ISO 8601); may be left out.'): PropertyDecorator {
  return stackDecorators(Field(() => Date, { nullable: true, description }), IsOptional(), Type(() => Date), IsDate());
}
