import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, GraphQLError, GraphQLSchema, visit } from 'graphql';
import { ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from './errors';

export interface QueryLimits {
  /** Nesting of selections. */
  maxDepth: number;
  /** Aliased fields in one document (aliases multiply work without multiplying the document). */
  maxAliases: number;
  /** Lexical tokens in one document, checked while parsing. */
  maxTokens: number;
  /** Estimated cost: every field costs 1, a list field with `first: n` costs n times its selection. */
  maxCost: number;
  /** Production hides "Did you mean ...?" suggestions that would reveal the schema. */
  hideSuggestions: boolean;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 30, maxTokens: 5_000, maxCost: 50_000, hideSuggestions: false };

/** A list field's cost is its page size times its selection's. */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity }) =>
  typeof args.first === 'number' ? 1 + Math.max(args.first, 1) * childComplexity : undefined;

/**
 * The variables a document's cost depends on: those given to a `first` argument (page sizes)
 * or to a directive (@include, @skip). The cost of a document is the same for every request
 * that agrees on these, so it is worked out once per document and their values.
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  let inCostPosition = 0;
  const enter = () => void inCostPosition++;
  const leave = () => void inCostPosition--;
  visit(document, {
    Argument: { enter: (node) => void (node.name.value === 'first' && inCostPosition++), leave: (node) => void (node.name.value === 'first' && inCostPosition--) },
    Directive: { enter, leave },
    Variable: (node) => void (inCostPosition > 0 && names.add(node.name.value)),
    // A variable's definition names it without using it.
    VariableDefinition: () => false,
  });
  return [...names].sort();
}

/** Costs already worked out, per document, kept as long as Apollo keeps the parsed document. */
class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();
  private static readonly PER_DOCUMENT = 256;

  cost(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, compute: () => number): number {
    let entry = this.byDocument.get(document);
    if (!entry) this.byDocument.set(document, (entry = { variables: costVariables(document), costs: new Map() }));
    const key = JSON.stringify([operationName ?? null, ...entry.variables.map((name) => variables[name] ?? null)]);
    const known = entry.costs.get(key);
    if (known !== undefined) return known;
    const cost = compute();
    if (entry.costs.size >= CostCache.PER_DOCUMENT) entry.costs.clear();
    entry.costs.set(key, cost);
    return cost;
  }
}

/**
 * Apollo validation rules and plugins that refuse an abusive document before anything runs:
 * depth, aliases and tokens by GraphQL Armor; cost by graphql-query-complexity, once the
 * operation and its variables are known (so `first: $n` counts). Every refusal is
 * BAD_USER_INPUT with `extensions.reason` naming the limit.
 */
export function queryLimits(limits: QueryLimits) {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: 50 },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: limits.hideSuggestions },
  }).protect();

  let schema: GraphQLSchema | undefined;
  const costs = new CostCache();
  const costPlugin = {
    async serverWillStart(service: { schema: GraphQLSchema }) {
      schema = service.schema;
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }: { request: { variables?: Record<string, unknown>; operationName?: string | null }; document: import('graphql').DocumentNode }) {
          const variables = request.variables ?? {};
          let cost: number;
          try {
            cost = costs.cost(document, request.operationName, variables, () =>
              getComplexity({
                schema: schema!,
                query: document,
                variables,
                operationName: request.operationName ?? undefined,
                estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
              }),
            );
          } catch (error) {
            // Variables that do not fit their types: the client's mistake, said as GraphQL says it.
            throw new GraphQLError((error as Error).message, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
          }
          if (cost > limits.maxCost) {
            throw new GraphQLError(`Query is too expensive: estimated cost ${cost} exceeds the limit of ${limits.maxCost}; ask for smaller pages or fewer fields`, {
              extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost },
            });
          }
        },
      };
    },
  };

  // Plugins typed structurally: @apollo/server's CJS and ESM declarations do not unify.
  const plugins: object[] = [...armor.plugins, costPlugin];
  return { validationRules: armor.validationRules, plugins };
}
