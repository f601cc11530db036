import { DocumentNode, execute, ExecutionResult, getOperationAST, getVariableValues, GraphQLError, GraphQLSchema, Kind, VariableDefinitionNode } from 'graphql';
import { ErrorCode } from './errors';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import { passThroughVariables, variableCoercion } from './variable-coercion';

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

type Variables = Record<string, unknown>;

/** One operation, ready to run. */
interface Runner {
  /** graphql-js coerces the variables before `run` (see variable-coercion.ts); otherwise `run` gets them as sent. */
  coerce: boolean;
  definitions: readonly VariableDefinitionNode[];
  run(variables: Variables, context: unknown): Promise<ExecutionResult> | ExecutionResult;
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
  /** The schema as graphql-jit sees it for variables graphql-js has coerced (see variable-coercion.ts). */
  private coercedView: GraphQLSchema | null = null;
  private readonly compiled = new WeakMap<DocumentNode, Map<string, Runner | ExecutionResult>>();

  /**
   * @param settle called with the context once an operation has run: true keeps the answer;
   * false throws it away and runs the operation once more (the caller it ran for has changed
   * meanwhile, see Db.settleGuard), with the context `settle` has prepared for that.
   */
  constructor(private readonly settle: (context: unknown) => Promise<boolean> = async () => true) {}

  readonly captureSchema = (schema: GraphQLSchema): GraphQLSchema => {
    this.schema = schema;
    this.coercedView = passThroughVariables(schema);
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

  /**
   * Compiles one operation of a document, or answers why it cannot run. Variables are coerced
   * as the spec says: by graphql-jit where its coercion is exact, otherwise by graphql-js
   * (see variable-coercion.ts).
   */
  private compile(document: DocumentNode, operationName: string | undefined): Runner | ExecutionResult {
    const schema = this.requireSchema();
    const operation = getOperationAST(document, operationName);
    const definitions = operation?.variableDefinitions ?? [];
    const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
    const mode = operation ? variableCoercion(schema, operation, fragments) : 'jit';
    if (mode === 'reference') {
      const run = (variableValues: Variables, contextValue: unknown) => execute({ schema, document, operationName, variableValues, contextValue });
      return { coerce: false, definitions, run };
    }
    const compiled = compileQuery(mode === 'coerce' ? this.coercedView! : schema, document, operationName);
    // Apollo has validated the document: a failure to compile is a bad request all the same.
    if (!isCompiledQuery(compiled)) return compiled;
    return { coerce: mode === 'coerce', definitions, run: (variables, context) => compiled.query(undefined, context, variables) };
  }

  private async execute({ document, operationName, request, context }: ExecutorRequest): Promise<ExecutionResult> {
    let byOperation = this.compiled.get(document);
    if (!byOperation) this.compiled.set(document, (byOperation = new Map()));
    const name = operationName ?? '';
    let runner = byOperation.get(name);
    if (!runner) byOperation.set(name, (runner = this.compile(document, operationName ?? undefined)));
    if (!('run' in runner)) return runner;
    const sent = request.variables ?? {};
    let variables = sent;
    if (runner.coerce) {
      const coerced = getVariableValues(this.requireSchema(), runner.definitions, sent);
      if (coerced.errors) {
        await this.settle(context);
        return invalidVariables(coerced.errors);
      }
      variables = coerced.coerced;
    }
    let result = await runner.run(variables, context);
    if (!(await this.settle(context))) result = await runner.run(variables, context);
    if ('data' in result || !result.errors) return result;
    // No data at all: the variables did not fit their types, which is the client's mistake
    // (graphql-js answers it the same way; Apollo marks it only for its own executor). Said in
    // graphql-js's words, which give the path to the wrong value; only a refusal pays for them.
    return invalidVariables(getVariableValues(this.requireSchema(), runner.definitions, sent).errors ?? result.errors);
  }
}

/** Variables that do not fit their types: refused as a whole, BAD_USER_INPUT. */
function invalidVariables(errors: readonly GraphQLError[]): ExecutionResult {
  return { errors: errors.map((e) => new GraphQLError(e.message, { nodes: e.nodes, extensions: { ...e.extensions, code: ErrorCode.BAD_USER_INPUT, reason: 'INVALID_VARIABLES' } })) };
}
