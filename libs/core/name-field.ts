import { Matches, MaxLength, MinLength, ValidationArguments } from 'class-validator';
import { stackDecorators } from './stack-decorators';

export const NAME_MAX_LENGTH = 120;

/**
 * A name people read (a brand's, a role's, a user's display name): 1 to 120 characters, not
 * only spaces ("<field> must not be blank"). Its type check stays beside it, because inputs
 * that update say why a null is refused.
 */
export function IsName(): PropertyDecorator {
  return stackDecorators(
    MinLength(1),
    MaxLength(NAME_MAX_LENGTH),
    Matches(/\S/, { message: ({ property }: ValidationArguments) => `${property} must not be blank` }),
  );
}
