import { buildSchema, execute, GraphQLSchema, parse } from 'graphql';
import { CompiledExecution } from './compiled-execution';
import { variableCoercion } from './variable-coercion';

/**
 * CompiledExecution must coerce variables exactly as graphql-js does (the GraphQL spec's
 * reference implementation): same data, same error messages, for every kind of input type.
 * Each resolver answers the arguments it received, so a difference in coercion shows.
 */
function toySchema(): GraphQLSchema {
  const schema = buildSchema(`
    scalar Stamp
    enum Level { LOW HIGH }
    input Stage { name: String!  quorum: Int! = 1  sla: Int  level: Level! = HIGH  weight: Float = 0.5  tags: [String!] = ["x"] }
    input Workflow { name: String!  stages: [Stage!]!  first: Stage  at: Stamp }
    type Query {
      echo(input: Workflow!): String
      stage(s: Stage): String
      page(first: Int! = 3, level: Level = LOW): String
      ids(ids: [ID!]!): String
      flag: String
    }
  `);
  const echo = (_: unknown, args: unknown) => JSON.stringify(args);
  for (const field of Object.values(schema.getQueryType()!.getFields())) field.resolve = echo;
  // An enum whose internal values are not its names, and a scalar whose internal value is not
  // JSON: coercing twice would break both.
  const level = schema.getType('Level') as unknown as { getValue(name: string): { value: unknown } };
  level.getValue('LOW').value = 'low-internal';
  level.getValue('HIGH').value = 'high-internal';
  Object.assign(schema.getType('Stamp')!, { parseValue: (v: unknown) => (typeof v === 'string' ? { stamp: v } : undefined), serialize: String });
  return schema;
}

describe('CompiledExecution coerces variables as graphql-js does', () => {
  const schema = toySchema();
  const execution = new CompiledExecution();
  execution.captureSchema(schema);

  const compiled = async (query: string, variables: Record<string, unknown>) => {
    const { executor } = await execution.gateway.load();
    const answer = await executor({ document: parse(query), operationName: null, request: { variables }, context: {} });
    // CompiledExecution marks refused variables as BAD_USER_INPUT; the rest must be graphql-js's.
    return JSON.parse(JSON.stringify({ ...answer, errors: answer.errors?.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) }));
  };
  const reference = async (query: string, variables: Record<string, unknown>) => {
    const answer = await execute({ schema, document: parse(query), variableValues: variables });
    return JSON.parse(JSON.stringify({ ...answer, errors: answer.errors?.map((e) => ({ message: e.message, locations: e.locations, path: e.path })) }));
  };

  const WORKFLOW = 'query ($input: Workflow!) { echo(input: $input) }';
  it.each<[string, string, Record<string, unknown>]>([
    ['non-null input field with a default, omitted', WORKFLOW, { input: { name: 'w', stages: [{ name: 's' }] } }],
    ['defaults at two depths, a single value for a list', WORKFLOW, { input: { name: 'w', stages: { name: 's' }, first: { name: 'f', quorum: 4 } } }],
    ['a custom scalar inside an input', WORKFLOW, { input: { name: 'w', stages: [], at: '2026-01-01' } }],
    ['an enum given inside an input', WORKFLOW, { input: { name: 'w', stages: [{ name: 's', level: 'LOW' }] } }],
    ['wrong type deep inside: names the variable sent', WORKFLOW, { input: { name: 'w', stages: [{ name: 's', quorum: 'many' }] } }],
    ['null for a non-null field with a default', WORKFLOW, { input: { name: 'w', stages: [{ name: 's', quorum: null }] } }],
    ['an unknown field', WORKFLOW, { input: { name: 'w', stages: [{ name: 's', bogus: 1 }] } }],
    ['a required field missing', WORKFLOW, { input: { stages: [] } }],
    ['the variable missing', WORKFLOW, {}],
    ['an explicit null for a nullable field with a default', WORKFLOW, { input: { name: 'w', stages: [{ name: 's', tags: null, weight: null }] } }],
    ['a nullable input variable, omitted', 'query ($s: Stage) { stage(s: $s) }', {}],
    ['a nullable input variable with a default', 'query ($s: Stage = { name: "d" }) { stage(s: $s) }', {}],
    ['a non-null variable with a default, omitted', 'query ($n: Int! = 5) { page(first: $n) }', {}],
    ['a non-null variable with a default, given', 'query ($n: Int! = 5) { page(first: $n) }', { n: 7 }],
    ['an enum variable with a default', 'query ($l: Level = HIGH) { page(level: $l) }', {}],
    ['a nullable variable omitted: the argument default', 'query ($n: Int) { page(first: $n) }', {}],
    ['scalar variables (graphql-jit coerces)', 'query ($ids: [ID!]!, $l: Level) { ids(ids: $ids) page(level: $l) }', { ids: [1, 'b'], l: 'HIGH' }],
    ['scalar variables, wrong (graphql-jit coerces)', 'query ($ids: [ID!]!) { ids(ids: $ids) }', { ids: [1.5] }],
    ['a variable inside an object literal, omitted', 'query ($q: Int) { echo(input: { name: "w", stages: [{ name: "s", quorum: $q }] }) }', {}],
    ['a variable inside an object literal, given', 'query ($q: Int) { echo(input: { name: "w", stages: [{ name: "s", quorum: $q }] }) }', { q: 3 }],
    ['a nullable field from an omitted variable', 'query ($q: Int) { echo(input: { name: "w", stages: [{ name: "s", sla: $q }] }) }', {}],
    ['a variable inside a list literal, omitted', 'query ($a: ID) { ids(ids: ["x", $a]) }', {}],
    ['@include with a non-null Boolean variable', 'query ($s: Stage, $show: Boolean!) { stage(s: $s) flag @include(if: $show) }', { s: { name: 'n' }, show: false }],
  ])('%s', async (_case, query, variables) => {
    expect(await compiled(query, variables)).toEqual(await reference(query, variables));
  });

  it('leaves operations whose variables are scalars or enums to graphql-jit', () => {
    const mode = (query: string) => {
      const document = parse(query);
      return variableCoercion(schema, document.definitions[0] as never, []);
    };
    expect(mode('query ($ids: [ID!]!, $l: Level) { ids(ids: $ids) page(level: $l) }')).toBe('jit');
    expect(mode('{ flag }')).toBe('jit');
    expect(mode('query ($n: Int! = 5) { page(first: $n) }')).toBe('coerce');
    expect(mode(WORKFLOW)).toBe('coerce');
    expect(mode('query ($q: Int) { echo(input: { name: "w", stages: [{ name: "s", quorum: $q }] }) }')).toBe('reference');
  });
});
