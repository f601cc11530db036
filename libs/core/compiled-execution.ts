import { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { ErrorCode } from './errors';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** What Apollo Server hands a gateway's executor (the fields used here). */
interface ExecutorRequest {
  document: DocumentNode;
  operationName?: string | null;
  request: { variables?: Record<string, unknown> };
  context: unknown;
}

interface SchemaContext {
  apiSchema: GraphQLSchema;
  coreSupergraphSdl: string;
}

/**
 * Executes operations with graphql-jit instead of graphql-js: each operation is compiled once
 * into a function (kept as long as Apollo keeps the parsed document in its document cache)
 * that resolves the same resolvers without graphql-js's per-field bookkeeping, which is most
 * of the cost of an answer with a few thousand fields.
 *
 * Apollo Server 4+ takes a custom executor only through its gateway interface; Nest builds
 * the schema, so `captureSchema` (as `transformSchema`) hands it over before Apollo starts.
 * Parsing, validation, the query limits and every plugin still run in Apollo as before.
 */
export class CompiledExecution {
  private schema: GraphQLSchema | null = null;
  private readonly compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery>>();

  /**
   * @param settle called with the context once an operation has run: true keeps the answer;
   * false throws it away and runs the operation once more (the caller it ran for has changed
   * meanwhile, see Db.settlePrincipal), with the context `settle` has prepared for that.
   */
  constructor(private readonly settle: (context: unknown) => Promise<boolean> = async () => true) {}

  readonly captureSchema = (schema: GraphQLSchema): GraphQLSchema => {
    this.schema = schema;
    return schema;
  };

  readonly gateway = {
    onSchemaLoadOrUpdate: (callback: (context: SchemaContext) => void) => {
      callback({ apiSchema: this.requireSchema(), coreSupergraphSdl: '' });
      return () => undefined;
    },
    load: async () => ({ executor: (request: ExecutorRequest) => this.execute(request) }),
    stop: async () => undefined,
  };

  private requireSchema(): GraphQLSchema {
    if (!this.schema) throw new Error('The schema was not captured: pass captureSchema as transformSchema');
    return this.schema;
  }

  private async execute({ document, operationName, request, context }: ExecutorRequest): Promise<ExecutionResult> {
    let byOperation = this.compiled.get(document);
    if (!byOperation) this.compiled.set(document, (byOperation = new Map()));
    const name = operationName ?? '';
    let query = byOperation.get(name);
    if (!query) {
      const result = compileQuery(this.requireSchema(), document, operationName ?? undefined);
      // Apollo has validated the document: a failure to compile is a bad request all the same.
      if (!isCompiledQuery(result)) return result;
      byOperation.set(name, (query = result));
    }
    let result = await query.query(undefined, context, request.variables ?? {});
    if (!(await this.settle(context))) result = await query.query(undefined, context, request.variables ?? {});
    // No data at all: the variables did not fit their types, which is the client's mistake
    // (graphql-js answers it the same way; Apollo marks it only for its own executor).
    if (!('data' in result) && result.errors) {
      return { errors: result.errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: ErrorCode.BAD_USER_INPUT, reason: 'INVALID_VARIABLES' } })) };
    }
    return result;
  }
}
