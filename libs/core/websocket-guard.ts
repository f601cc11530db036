import { DocumentNode, getOperationAST, GraphQLError, GraphQLFormattedError, GraphQLSchema, parse, specifiedRules, validate, ValidationRule } from 'graphql';
import { ErrorCode } from './errors';

export interface WebSocketGuardOptions {
  /** The schema Apollo serves (known once it has started, before any socket connects). */
  schema: () => GraphQLSchema | undefined;
  /** The query limits' validation rules (depth, aliases, directives). */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  /** The error formatter HTTP answers go through (codes, production's hidden suggestions). */
  format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

interface SubscribePayload {
  query: string;
  operationName?: string | null;
}

/**
 * graphql-ws's `onSubscribe`: the WebSocket carries subscriptions only, checked by the same
 * limits as HTTP. graphql-ws would otherwise run any operation with graphql-js's rules alone:
 * a query or mutation over the socket skipped the query limits, introspection's refusal in
 * production, input hygiene, the request transaction and the error formatter. A refusal is
 * sent as the operation's `error` message, formatted as over HTTP; what passes, graphql-ws
 * parses, validates and runs as before.
 */
export function webSocketGuard(options: WebSocketGuardOptions) {
  const refuse = (error: GraphQLError): readonly GraphQLError[] => {
    const formatted = options.format(error.toJSON(), error);
    return [new GraphQLError(formatted.message, { extensions: formatted.extensions })];
  };
  const refusal = (message: string, reason: string) => refuse(new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, reason } }));

  return (_ctx: unknown, _id: string, payload: SubscribePayload): readonly GraphQLError[] | void => {
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: options.maxTokens });
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      return refuse(new GraphQLError(error.message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }));
    }
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return refusal(payload.operationName ? `Unknown operation named "${payload.operationName}".` : 'Must provide operation name if query contains multiple operations.', 'OPERATION_RESOLUTION_FAILURE');
    if (operation.operation !== 'subscription') {
      return refusal(`The WebSocket carries subscriptions; send ${operation.operation === 'query' ? 'queries' : 'mutations'} with HTTP POST to /graphql`, 'OPERATION_OVER_WEBSOCKET');
    }
    const schema = options.schema();
    if (!schema) throw new Error('The GraphQL server has not started');
    const [invalid] = validate(schema, document, [...specifiedRules, ...options.validationRules]);
    if (invalid) return refuse(new GraphQLError(invalid.message, { extensions: { ...invalid.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } }));
  };
}
