import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { BadUserInputError, FieldError } from './errors';
import { assertCleanStrings } from './input-hygiene';

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

const MAX_REMEMBERED = 256;

/** A key for an arguments object whose values are all scalars (and short), else null. */
function flatKey(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  for (const field of Object.values(value)) {
    if (field !== null && typeof field === 'object') return null;
  }
  const key = JSON.stringify(value);
  return key.length <= 200 ? key : null;
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

  /**
   * Flat arguments that passed, by class and value (`first: 10` on every brand of a page):
   * validated once, then the same frozen instance is handed out.
   */
  private readonly passed = new WeakMap<Function, Map<string, unknown>>();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype;
    // Parents, contexts and plain scalars have no rules of their own.
    if (!metatype || !this.hasRules(metatype)) return value;
    const key = flatKey(value);
    const known = key === null ? undefined : this.passed.get(metatype)?.get(key);
    if (known !== undefined) return known;
    // The HTTP boundary refuses these first (inputHygienePlugin); this also covers operations
    // that do not pass through Apollo's plugins (subscriptions over WebSocket).
    assertCleanStrings(value, metadata.data ?? '');
    try {
      const instance = await this.pipe.transform(value, metadata);
      if (key !== null) {
        let byValue = this.passed.get(metatype);
        if (!byValue) this.passed.set(metatype, (byValue = new Map()));
        if (byValue.size >= MAX_REMEMBERED) byValue.clear();
        byValue.set(key, Object.freeze(instance));
      }
      return instance;
    } catch (error) {
      if (!(error instanceof InputValidationFailed)) throw error;
      const fields = flatten(error.errors, metadata.data ? [metadata.data] : []);
      const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
      throw new BadUserInputError(`Invalid input: ${summary}`, fields);
    }
  }
}
