import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print } from 'graphql';

/** A markdown file of the repository, read as the reader gets it. */
export const markdown = (path: string): string => readFileSync(join(__dirname, '..', path), 'utf8');

/** Every ```<lang> block of a markdown text, in order. */
export const fencedBlocks = (text: string, lang: string): string[] =>
  [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

/**
 * The GraphQL operations of a markdown text's ```graphql blocks, one per operation (a block may
 * hold several, e.g. a createBrand then a moveBrand), printed in one line each.
 */
export const graphqlOperations = (text: string): string[] =>
  fencedBlocks(text, 'graphql').flatMap((block) =>
    parse(block).definitions.map((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION) throw new Error(`Not an operation in a README example: ${print(definition)}`);
      return print(definition).replace(/\s+/g, ' ');
    }),
  );

/** The placeholders of an example: "<Snickers' id>" is `Snickers`, "<the question's id>" is `the question`. */
export const placeholders = (operation: string): string[] =>
  [...operation.matchAll(/"<(.+?)'s? id>"/g)].map((m) => m[1]);

/** The example with its placeholders replaced by the ids named in `ids` (a missing one throws). */
export function substitute(operation: string, ids: Record<string, string>): string {
  return operation.replace(/"<(.+?)'s? id>"/g, (_, name: string) => {
    if (!ids[name]) throw new Error(`No id for the placeholder <${name}'s id> (known: ${Object.keys(ids).join(', ')})`);
    return JSON.stringify(ids[name]);
  });
}
