import { ASTNode, BREAK, getNamedType, GraphQLScalarType, GraphQLSchema, isEnumType, isInputType, isScalarType, Kind, OperationDefinitionNode, typeFromAST, visit } from 'graphql';

/**
 * How an operation's variables are coerced (GraphQL spec, "Coercing Variable Values") when
 * graphql-jit runs it. graphql-jit compiles its own coercion, which is exact for scalars and
 * enums but not for input objects: it ignores the default of a non-null input field
 * (`quorum: Int! = 1` omitted is refused as "not provided"), names the field instead of the
 * variable in its messages ("$stages" for a value sent as "$input"), ignores the default of a
 * non-null variable (`$n: Int! = 5`), and gives a variable written inside an object or list
 * literal (`{ quorum: $q }`) the value null when the client does not send it (the spec leaves
 * the field out, so its default applies). graphql-jit 0.8.9, upstream issues 91 and 142.
 *
 * - `jit`: every variable is a scalar or an enum, without a default: graphql-jit's own
 *   coercion is exact, and the hot path (the benchmarked console and posts queries) does no
 *   more work than before.
 * - `coerce`: graphql-js's `getVariableValues` (the reference implementation, what Apollo's own
 *   executor runs) coerces the variables; graphql-jit runs the operation compiled against
 *   `passThroughVariables(schema)`, so its own coercion hands those values on unchanged.
 * - `reference`: a variable sits inside an object or list literal of an argument; graphql-jit
 *   decides the value of such a literal in compiled code, so graphql-js executes it (rare:
 *   clients send whole inputs as variables).
 */
export type VariableCoercion = 'jit' | 'coerce' | 'reference';

export function variableCoercion(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: readonly ASTNode[]): VariableCoercion {
  const definitions = operation.variableDefinitions ?? [];
  if (definitions.length === 0) return 'jit';
  if ([operation, ...fragments].some(hasVariableInLiteral)) return 'reference';
  const jitExact = definitions.every((definition) => {
    const type = typeFromAST(schema, definition.type);
    if (!type || definition.defaultValue) return false;
    const named = getNamedType(type);
    return isScalarType(named) || isEnumType(named);
  });
  return jitExact ? 'jit' : 'coerce';
}

/** True when a variable is written inside an object or list value (`{ a: $x }`, `[$x]`). */
function hasVariableInLiteral(node: ASTNode): boolean {
  let found = false;
  let literalDepth = 0;
  const enter = () => void literalDepth++;
  const leave = () => void literalDepth--;
  visit(node, {
    ObjectValue: { enter, leave },
    ListValue: { enter, leave },
    Variable: () => {
      if (literalDepth === 0) return undefined;
      found = true;
      return BREAK;
    },
    // A variable's definition (and its default, a constant) uses no variable.
    VariableDefinition: () => false,
  });
  return found;
}

/** Hands a value graphql-js has already coerced on as it is. */
const coercedValue = new GraphQLScalarType({
  name: 'ParasolCoercedVariable',
  description: 'A variable value graphql-js has already coerced (internal only, never in the served schema).',
  parseValue: (value) => value,
});

/**
 * The schema as graphql-jit should see it when the variables it gets are already coerced:
 * every input type (scalar, enum, input object) named by a variable definition reads as a
 * scalar that hands its value on unchanged, so graphql-jit neither coerces a second time
 * (an enum's internal value is not its name; a DateTime is already a Date) nor applies its
 * own rules. List and non-null wrappers stay: graphql-js has already checked them, so they
 * pass as well. graphql-jit looks types up by name only for variable definitions and for
 * fragment type conditions, which name object, interface or union types, never input types;
 * everything else (resolvers, possible types) is the schema's own.
 */
export function passThroughVariables(schema: GraphQLSchema): GraphQLSchema {
  const view = Object.create(schema) as GraphQLSchema;
  view.getType = (name: string) => {
    const type = schema.getType(name);
    return type && isInputType(type) ? coercedValue : type;
  };
  return view;
}
