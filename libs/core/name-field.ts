import { Matches, MaxLength, MinLength, ValidationArguments } from 'class-validator';

export const NAME_MAX_LENGTH = 120;

/**
 * A name people read (a brand's, a role's, a user's display name): 1 to 120 characters, not
 * only spaces ("<field> must not be blank"). Its type check stays beside it, because inputs
 * that update say why a null is refused.
 */
export function IsName(): PropertyDecorator {
  const checks = [
    // In the order stacked decorators apply (bottom first), so errors list as they always did.
    Matches(/\S/, { message: ({ property }: ValidationArguments) => `${property} must not be blank` }),
    MaxLength(NAME_MAX_LENGTH),
    MinLength(1),
  ];
  return (target, property) => checks.forEach((check) => check(target, property));
}
