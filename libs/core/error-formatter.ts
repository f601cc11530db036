import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, ParasolError } from './errors';

/** Codes graphql-js and Apollo give to malformed requests: the client's fault, safe to show. */
const CLIENT_REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_SUPPORTED']);

const UNIQUE_VIOLATION = '23505';

/**
 * The one place that turns errors into what clients see. Every error leaves with an
 * `extensions.code` of DESIGN.md; anything unexpected becomes INTERNAL_SERVER_ERROR with no
 * message, stack or SQL of ours.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof ParasolError) {
    return { ...base, message: original.message, extensions: { ...original.extensions, code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_REQUEST_CODES.has(code) && !formatted.path && !formatted.extensions?.reason) {
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: limitReason(formatted.message) ?? code } };
  }
  if (typeof code === 'string' && code === 'BAD_USER_INPUT') {
    // Argument coercion errors raised while executing a field, and the query limits.
    const { reason, cost, maxCost } = formatted.extensions ?? {};
    return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, ...(reason ? { reason, cost, maxCost } : {}) } };
  }
  if ((original as { code?: string } | null)?.code === UNIQUE_VIOLATION || (original as { driverError?: { code?: string } } | null)?.driverError?.code === UNIQUE_VIOLATION) {
    return { ...base, message: 'A record with these values already exists', extensions: { code: ErrorCode.CONFLICT } };
  }
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** True when the error will be reported as INTERNAL_SERVER_ERROR and so must be logged. */
export function isUnexpectedError(error: GraphQLError): boolean {
  const formatted = formatGraphQLError({ message: error.message, extensions: error.extensions, path: error.path }, error);
  return formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR;
}

/** Names the query limit behind a validation or parse refusal, for clients to react to. */
function limitReason(message: string): string | undefined {
  if (/depth limit/i.test(message)) return 'QUERY_TOO_DEEP';
  if (/aliases/i.test(message)) return 'TOO_MANY_ALIASES';
  if (/token limit/i.test(message)) return 'TOO_MANY_TOKENS';
  if (/directives/i.test(message)) return 'TOO_MANY_DIRECTIVES';
  return undefined;
}
