import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, GraphQLError, GraphQLField, GraphQLSchema, ValidationContext, visit } from 'graphql';
import { ComplexityEstimator, ComplexityEstimatorArgs, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from './errors';
import { formatGraphQLError } from './error-formatter';
import { webSocketGuard, WebSocketGuardOptions } from './websocket-guard';

export interface QueryLimits {
  /** Nesting of selections. */
  maxDepth: number;
  /** Aliased fields in one document, `__typename` included (aliases multiply work without multiplying the document). */
  maxAliases: number;
  /** Lexical tokens in one document, checked while parsing. */
  maxTokens: number;
  /** Estimated cost: every field costs 1, a list field with `first: n` costs n times its selection, expensive fields their price. */
  maxCost: number;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 5_000, maxCost: 50_000 };

/**
 * What the cost model reads from a field's extensions, set on a resolver with
 * `@Extensions(...)`: `complexity` is graphql-query-complexity's (a number added to the
 * selection's cost, or a function of the arguments); `onePerRequest` marks a root field whose
 * work grows with the organization's data rather than with anything the request says (a whole
 * audit chain, a whole brand tree), so no cost worked out from the document can bound it: a
 * request may ask for one such field, once.
 */
// A type rather than an interface, so that it fits @Extensions' Record<string, unknown>.
export type FieldCost = {
  complexity?: number | ((args: ComplexityEstimatorArgs) => number);
  onePerRequest?: boolean;
};

/** A root field that reads everything of a kind the organization has: one per request, and priced. */
export const ONE_PER_REQUEST: FieldCost = { onePerRequest: true, complexity: 5_000 };

/** A list field's cost is its page size (`last` when paging backwards, else `first`) times its selection's. */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const size = typeof args.last === 'number' ? args.last : args.first;
  return typeof size === 'number' ? 1 + Math.max(size, 1) * childComplexity : undefined;
};
const PAGE_SIZE_ARGUMENTS = new Set(['first', 'last']);

/**
 * The variables a document's cost depends on: those given to a `first`/`last` argument (page sizes)
 * or to a directive (@include, @skip). The cost of a document is the same for every request
 * that agrees on these, so it is worked out once per document and their values.
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  let inCostPosition = 0;
  const enter = () => void inCostPosition++;
  const leave = () => void inCostPosition--;
  visit(document, {
    Argument: {
      enter: (node) => void (PAGE_SIZE_ARGUMENTS.has(node.name.value) && inCostPosition++),
      leave: (node) => void (PAGE_SIZE_ARGUMENTS.has(node.name.value) && inCostPosition--),
    },
    Directive: { enter, leave },
    Variable: (node) => void (inCostPosition > 0 && names.add(node.name.value)),
    // A variable's definition names it without using it.
    VariableDefinition: () => false,
  });
  return [...names].sort();
}

/** What the cost model found in an operation. */
interface Estimate {
  cost: number;
  /** The one-per-request fields asked for, once per response key (`a: f` and `b: f` are two). */
  onePerRequest: string[];
}

/** Estimates already worked out, per document, kept as long as Apollo keeps the parsed document. */
class EstimateCache {
  private readonly byDocument = new WeakMap<DocumentNode, { variables: string[]; estimates: Map<string, Estimate> }>();
  private static readonly PER_DOCUMENT = 256;

  get(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, compute: () => Estimate): Estimate {
    let entry = this.byDocument.get(document);
    if (!entry) this.byDocument.set(document, (entry = { variables: costVariables(document), estimates: new Map() }));
    const key = JSON.stringify([operationName ?? null, ...entry.variables.map((name) => variables[name] ?? null)]);
    const known = entry.estimates.get(key);
    if (known !== undefined) return known;
    const estimate = compute();
    if (entry.estimates.size >= EstimateCache.PER_DOCUMENT) entry.estimates.clear();
    entry.estimates.set(key, estimate);
    return estimate;
  }
}

/**
 * A refusal of the whole request before anything runs: BAD_USER_INPUT with `extensions.reason`,
 * and HTTP 400 (GraphQL over HTTP: a request that cannot be executed).
 */
export function requestRefusal(message: string, reason: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason, ...details, http: { status: 400 } } });
}

/**
 * Armor's rules say "Syntax Error: <limit>"; the document is well-formed, so the refusal says
 * only which limit it is over, with a reason clients can act on.
 */
const reportAs = (reason: string) => (context: ValidationContext | null, error: GraphQLError) =>
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error:\s*/, ''), { extensions: { code: ErrorCode.BAD_USER_INPUT, reason } }));

/**
 * Apollo options and plugins that refuse an abusive or unrunnable request before anything
 * runs: tokens by graphql-js's parser, depth, aliases and directives by GraphQL Armor's
 * validation rules, cost by graphql-query-complexity once the operation and its variables are
 * known (so `first: $n` counts); and an operation this endpoint cannot run (an unknown name, a
 * subscription). Every refusal is BAD_USER_INPUT with `extensions.reason` naming the limit,
 * answered with HTTP 400. `onSubscribe` holds the WebSocket to the same limits (websocket-guard.ts),
 * its refusals formatted by `format`.
 */
export function queryLimits(limits: QueryLimits, format: WebSocketGuardOptions['format'] = formatGraphQLError) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, propagateOnRejection: false, onReject: [reportAs('QUERY_TOO_DEEP')] },
    // Armor leaves `__typename` aliases out by default, yet each one is a field to answer.
    maxAliases: { n: limits.maxAliases, allowList: [], propagateOnRejection: false, onReject: [reportAs('TOO_MANY_ALIASES')] },
    maxDirectives: { n: 50, propagateOnRejection: false, onReject: [reportAs('TOO_MANY_DIRECTIVES')] },
    // Armor counts tokens by parsing the document a second time, in a hook whose errors Apollo
    // answers with HTTP 500; graphql-js's own parser counts them (parseOptions below).
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Armor rewrites error messages in place, which throws on errors whose message is read-only
    // and turned every error into INTERNAL_SERVER_ERROR; the error formatter hides suggestions.
    blockFieldSuggestion: { enabled: false },
  }).protect();

  let schema: GraphQLSchema | undefined;
  const estimates = new EstimateCache();

  const estimate = (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): Estimate => {
    // Response key -> field. The same key asked twice (two fragments naming it) runs once, so it
    // counts once; these fields are all root fields, where a response key is unique.
    const onePerRequest = new Map<string, string>();
    const marker: ComplexityEstimator = ({ field, node }) => {
      if ((field as GraphQLField<unknown, unknown>).extensions?.onePerRequest) onePerRequest.set(node.alias?.value ?? field.name, field.name);
      return undefined;
    };
    const cost = getComplexity({
      schema: schema!,
      query: document,
      variables,
      operationName,
      estimators: [marker, fieldExtensionsEstimator(), pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
    return { cost, onePerRequest: [...onePerRequest.values()] };
  };

  const limitsPlugin = {
    async serverWillStart(service: { schema: GraphQLSchema }) {
      schema = service.schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }: { request: { variables?: Record<string, unknown>; operationName?: string | null }; document: DocumentNode; operation?: { operation: string } }) {
          if (!operation) {
            // graphql-js's words; Apollo would leave it to the executor, which then fails with a 500.
            const message = request.operationName ? `Unknown operation named "${request.operationName}".` : 'Must provide operation name if query contains multiple operations.';
            throw requestRefusal(message, 'OPERATION_RESOLUTION_FAILURE');
          }
          if (operation.operation === 'subscription') {
            throw requestRefusal('Subscriptions are served over WebSocket (graphql-ws) at /graphql, not over HTTP', 'SUBSCRIPTION_OVER_HTTP');
          }
          const variables = request.variables ?? {};
          let found: Estimate;
          try {
            found = estimates.get(document, request.operationName, variables, () => estimate(document, request.operationName ?? undefined, variables));
          } catch (error) {
            // Variables that do not fit their types (or a document too large to price): the
            // client's mistake, said as GraphQL says it. Anything else is ours.
            if (!(error instanceof GraphQLError)) throw error;
            throw requestRefusal(error.message, /^Variable "\$/.test(error.message) ? 'INVALID_VARIABLES' : 'QUERY_TOO_COSTLY');
          }
          if (found.onePerRequest.length > 1) {
            const fields = [...new Set(found.onePerRequest)];
            throw requestRefusal(
              `A request may ask once for one field that reads all of the organization's data of its kind (${fields.join(', ')}); this one asks ${found.onePerRequest.length} times: send separate requests`,
              'EXPENSIVE_FIELD_REPEATED',
              { fields },
            );
          }
          if (found.cost > limits.maxCost) {
            throw requestRefusal(`Query is too expensive: estimated cost ${found.cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages or fewer fields`, 'QUERY_TOO_COSTLY', {
              cost: found.cost,
              maxCost: limits.maxCost,
            });
          }
        },
      };
    },
  };

  // Plugins typed structurally: @apollo/server's CJS and ESM declarations do not unify.
  const plugins: object[] = [...armor.plugins, limitsPlugin];
  const onSubscribe = webSocketGuard({ schema: () => schema, validationRules: armor.validationRules, maxTokens: limits.maxTokens, format });
  return { validationRules: armor.validationRules, plugins, parseOptions: { maxTokens: limits.maxTokens }, onSubscribe };
}
