import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { BadUserInputError, FieldError } from './errors';

class InputValidationFailed extends Error {
  constructor(readonly errors: ValidationError[]) {
    super('Input validation failed');
  }
}

function flatten(errors: ValidationError[], prefix: string[]): FieldError[] {
  return errors.flatMap((error) => {
    const path = [...prefix, error.property];
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field: path.join('.'), message }));
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/**
 * class-validator on every GraphQL argument that is an input or args class. A failure is
 * BAD_USER_INPUT listing each field by its path (`input.branding.primaryColor`), so a form
 * can show every message at once.
 */
@Injectable()
export class InputValidationPipe implements PipeTransform {
  private readonly pipe = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new InputValidationFailed(errors),
  });

  /** Whether a class has validation rules; asked for every argument of every resolver call, so remembered. */
  private readonly validated = new WeakMap<Function, boolean>();

  private hasRules(metatype: Function): boolean {
    let rules = this.validated.get(metatype);
    if (rules === undefined) {
      rules = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false).length > 0;
      this.validated.set(metatype, rules);
    }
    return rules;
  }

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    // Parents, contexts and plain scalars have no rules of their own.
    if (!metatype || !this.hasRules(metatype)) return value;
    try {
      return await this.pipe.transform(value, metadata);
    } catch (error) {
      if (!(error instanceof InputValidationFailed)) throw error;
      const fields = flatten(error.errors, metadata.data ? [metadata.data] : []);
      const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      throw new BadUserInputError(`Invalid input: ${summary}`, fields);
    }
  }
}
