import { isEmail, ValidateBy, ValidationOptions } from 'class-validator';
import { DocumentNode, GraphQLError, Kind, ValueNode, visit } from 'graphql';
import { BadUserInputError, ErrorCode, FieldError } from './errors';

/**
 * Input hygiene at the boundary. Two kinds of string cannot be stored as text and are refused
 * wherever they come in: a NUL (U+0000), which PostgreSQL's text types reject (an SQL error,
 * seen by the client as INTERNAL_SERVER_ERROR), and a lone UTF-16 surrogate, which has no UTF-8
 * form (Node would silently write U+FFFD, so what is read back is not what was sent, and some
 * libraries throw on it: validator's isEmail raises URIError).
 */
export type StringDefect = 'NUL' | 'LONE_SURROGATE';

/** The `extensions.reason` of a refusal for a defective string. */
export const INVALID_STRING = 'INVALID_STRING';

const DEFECT_MESSAGES: Record<StringDefect, string> = {
  NUL: 'must not contain a NUL character (U+0000)',
  LONE_SURROGATE: 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)',
};

// Node 20 has String.prototype.isWellFormed (V8 11.3); TypeScript's es2023 lib does not declare it.
const isWellFormed = (value: string) => (value as unknown as { isWellFormed(): boolean }).isWellFormed();

/** What is wrong with a string, or null when it can be stored as it is. */
export function stringDefect(value: string): StringDefect | null {
  if (value.includes('\u0000')) return 'NUL';
  return isWellFormed(value) ? null : 'LONE_SURROGATE';
}

/** True when the string has no NUL and no lone surrogate. */
export const isCleanString = (value: string) => stringDefect(value) === null;

export interface StringProblem {
  /** Dotted path of the input: `input.branding.logoUrl`, `input.stages.0.name`. */
  field: string;
  defect: StringDefect;
}

const below = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** At most this many problems are named in one refusal. */
const MAX_PROBLEMS = 20;

/**
 * Every defective string inside a value (strings, and keys of objects, at any depth), each named
 * by its path below `path`. Iterative, so a deeply nested value from a JSON body cannot
 * overflow the stack.
 */
export function findStringDefects(value: unknown, path: string, found: StringProblem[] = []): StringProblem[] {
  const pending: [unknown, string][] = [[value, path]];
  while (pending.length && found.length < MAX_PROBLEMS) {
    const [current, at] = pending.pop()!;
    if (typeof current === 'string') {
      const defect = stringDefect(current);
      if (defect) found.push({ field: at, defect });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([current[i], below(at, i)]);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, inner] of Object.entries(current).reverse()) {
        const defect = stringDefect(key);
        if (defect) found.push({ field: at, defect });
        else pending.push([inner, below(at, key)]);
      }
    }
  }
  return found;
}

/** The field errors of a refusal, one per defective string, as class-validator's are listed. */
export function stringFieldErrors(problems: readonly StringProblem[]): FieldError[] {
  return problems.map(({ field, defect }) => ({ field, message: DEFECT_MESSAGES[defect] }));
}

/** A BAD_USER_INPUT error naming each defective string (for checks inside use cases, e.g. imported documents). */
export function invalidStringError(problems: readonly StringProblem[]): BadUserInputError {
  const fields = stringFieldErrors(problems);
  const error = new BadUserInputError(`Invalid input: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`, fields);
  Object.assign(error.extensions, { reason: INVALID_STRING, field: fields[0]?.field });
  return error;
}

/** Throws BAD_USER_INPUT (reason INVALID_STRING) when `value` holds a defective string anywhere. */
export function assertCleanStrings(value: unknown, path: string): void {
  const problems = findStringDefects(value, path);
  if (problems.length) throw invalidStringError(problems);
}

/** What one parsed document says, worked out once per document. */
interface DocumentStrings {
  /** Defective string literals (argument values and variables' defaults). */
  literals: StringProblem[];
  /** Where each variable is first used, as an argument path (`input`, `input.name`): the field a client sees named. */
  usedAt: Map<string, string>;
}

function documentStrings(document: DocumentNode): DocumentStrings {
  const literals: StringProblem[] = [];
  const usedAt = new Map<string, string>();
  const walkValue = (node: ValueNode, path: string): void => {
    switch (node.kind) {
      case Kind.STRING: {
        const defect = stringDefect(node.value);
        if (defect && literals.length < MAX_PROBLEMS) literals.push({ field: path, defect });
        return;
      }
      case Kind.VARIABLE:
        if (!usedAt.has(node.name.value)) usedAt.set(node.name.value, path);
        return;
      case Kind.LIST:
        node.values.forEach((value, i) => walkValue(value, `${path}.${i}`));
        return;
      case Kind.OBJECT:
        for (const field of node.fields) walkValue(field.value, `${path}.${field.name.value}`);
        return;
    }
  };
  visit(document, {
    Argument(node) {
      walkValue(node.value, node.name.value);
      return false;
    },
    VariableDefinition(node) {
      if (node.defaultValue) walkValue(node.defaultValue, `$${node.variable.name.value}`);
      return false;
    },
  });
  return { literals, usedAt };
}

/** The refusal, as a GraphQL error Apollo answers with HTTP 400 before anything executes. */
function refusal(problems: readonly StringProblem[]): GraphQLError {
  const error = invalidStringError(problems);
  return new GraphQLError(error.message, {
    extensions: { ...error.extensions, code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
  });
}

interface HygieneRequestContext {
  request: { variables?: Record<string, unknown> | null };
  document?: DocumentNode;
}

/**
 * An Apollo plugin that refuses, before any resolver runs, a request with a NUL or a lone
 * surrogate in any string it carries: literals of the document (at any depth of input objects
 * and lists) and variables (any depth, whatever their type: String, ID, custom scalars such as
 * DateTime or JSON). BAD_USER_INPUT, reason INVALID_STRING, `field` naming the first such input
 * by the argument path where its variable is used (`input.name`) and `fields` listing them all.
 */
export function inputHygienePlugin() {
  // Parsed documents are cached by Apollo, so their facts are kept as long as the document is.
  const byDocument = new WeakMap<DocumentNode, DocumentStrings>();
  const stringsOf = (document: DocumentNode) => {
    let strings = byDocument.get(document);
    if (!strings) byDocument.set(document, (strings = documentStrings(document)));
    return strings;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }: HygieneRequestContext) {
          const strings = document ? stringsOf(document) : { literals: [], usedAt: new Map<string, string>() };
          const problems = [...strings.literals];
          // Every variable sent is checked, used or not: none of them is text we would store.
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            findStringDefects(value, strings.usedAt.get(name) ?? `$${name}`, problems);
          }
          if (problems.length) throw refusal(problems.slice(0, MAX_PROBLEMS));
        },
      };
    },
  };
}

/**
 * class-validator's IsEmail, made total: validator's isEmail throws URIError on a lone
 * surrogate (it measures the local part with encodeURI); such a string is simply not an email.
 */
export function IsEmailAddress(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmail',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCleanString(value) && isEmail(value),
        defaultMessage: () => '$property must be an email address',
      },
    },
    validationOptions,
  );
}
