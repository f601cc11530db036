import { buildSchema, GraphQLSchema } from 'graphql';
import { DESCRIBED_KINDS, descriptionCoverage, formatCoverage, withServedSchema } from '../scripts/schema-descriptions';
import operationAccess from './operation-access.json';

// Booting the service on a throw-away embedded database takes seconds, more on a loaded machine.
const BOOT = 180_000;

/**
 * The schema documents itself: every type, field, argument, enum value and input field the
 * service serves has a description a caller can read in the explorer or in schema.gql, and every
 * root operation's says what access it needs (the rule test/operation-access.json pins).
 */
describe('schema descriptions', () => {
  let schema: GraphQLSchema;

  beforeAll(async () => {
    // Read the schema the service really serves, as scripts/generate-schema.ts prints it.
    schema = await withServedSchema((served) => served);
  }, BOOT);

  it('describes every type, field, argument, enum value and input field', () => {
    const coverage = descriptionCoverage(schema);
    const missing = DESCRIBED_KINDS.flatMap((kind) => coverage[kind].missing.map((coordinate) => `${kind}: ${coordinate}`));
    expect({ coverage: formatCoverage(coverage), missing }).toEqual({ coverage: expect.any(String), missing: [] });
  });

  it("names, in each root operation's description, the access it needs", () => {
    const wrong: string[] = [];
    for (const [operation, rule] of Object.entries(operationAccess as Record<string, string>)) {
      const [typeName, fieldName] = operation.split('.');
      const description = schema.getType(typeName) && (schema.getType(typeName) as { getFields(): Record<string, { description?: string | null }> }).getFields()[fieldName]?.description;
      const expected = rule === 'public' ? /\bpublic\b/i : rule === 'authenticated' ? /\bauthenticated\b/i : new RegExp(`\`?${rule}\`?`);
      if (!expected.test(description ?? '')) wrong.push(`${operation} (${rule}): ${description ?? '(none)'}`);
    }
    expect(wrong).toEqual([]);
  });
});

// The check itself, on a small schema: one missing description of each kind is found.
describe('descriptionCoverage', () => {
  it('lists what lacks a description, by kind, and takes a blank description for none', () => {
    const bare = buildSchema(`
      """Described."""
      type Query {
        """Described."""
        ok(
          """Described."""
          id: ID
        ): Color
        bare(id: ID): Input2
      }
      """Described."""
      enum Color {
        """Described."""
        RED
        BLUE
      }
      type Input2 { """ """ x: Int }
      input In { y: Int }
    `);
    const coverage = descriptionCoverage(bare);
    expect(Object.fromEntries(DESCRIBED_KINDS.map((kind) => [kind, coverage[kind].missing]))).toEqual({
      types: ['In', 'Input2'],
      fields: ['Input2.x', 'Query.bare'],
      args: ['Query.bare(id:)'],
      enumValues: ['Color.BLUE'],
      inputFields: ['In.y'],
    });
  });
});
