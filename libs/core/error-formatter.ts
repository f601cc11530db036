import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, ParasolError } from './errors';

/** Codes Apollo gives to requests it could not run (malformed, invalid, no operation): the client's fault, safe to show. */
const APOLLO_REQUEST_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * Apollo's automatic persisted queries protocol: clients (Apollo Client, Apollo Kotlin and
 * iOS, urql) recognise these by their code or message and send the full query, so they leave
 * as Apollo made them (HTTP 200, not cacheable).
 */
const PERSISTED_QUERY_CODES = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

/** Our codes, which errors raised by our own plugins already carry. */
const PARASOL_CODES = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR));

const UNIQUE_VIOLATION = '23505';

/** graphql-js's words when a document is over `parseOptions.maxTokens` (16.x spells it "more that"). */
const TOKEN_LIMIT = /Document contains more (?:than|that) (\d+) tokens/;

/** graphql-js's "Did you mean ...?" hints name fields, arguments, types and enum values of the schema. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

export interface ErrorFormatterOptions {
  /** Production: no "Did you mean ...?" hints, which would reveal the schema with introspection off. */
  hideSuggestions: boolean;
}

/**
 * The one place that turns errors into what clients see. Every error leaves with an
 * `extensions.code` of docs/errors-and-limits.md (or Apollo's persisted-query codes); anything unexpected
 * becomes INTERNAL_SERVER_ERROR with no message, stack or SQL of ours.
 *
 * It builds new objects and never changes the errors it is given (some are frozen).
 * `extensions.http`, where an error asks for an HTTP status or headers, is read by Apollo
 * before this runs and never shown.
 */
export function createErrorFormatter(options: ErrorFormatterOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatGraphQLError(formatted, error);
    if (!options.hideSuggestions) return result;
    const message = result.message.replace(SUGGESTION, '');
    return message === result.message ? result : { ...result, message };
  };
}

/** The formatter without its production options (development and tests show suggestions). */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof ParasolError) {
    return { ...base, message: original.message, extensions: { ...visible(original.extensions), code: original.code } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PARASOL_CODES.has(code)) {
    // Raised by our plugins and rules with their reason and details, or by Apollo for
    // variables that do not fit their types.
    return { ...base, extensions: { ...visible(formatted.extensions), code } };
  }
  if (typeof code === 'string' && APOLLO_REQUEST_CODES.has(code)) return requestError(formatted, code);
  if (typeof code === 'string' && PERSISTED_QUERY_CODES.has(code)) return { message: formatted.message, extensions: { code } };
  if (refusedWithoutCode(error)) {
    // Apollo's refusals of a persisted query (a hash that is not the query's, an unknown version).
    return { message: formatted.message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'BAD_REQUEST' } };
  }
  if ((original as { code?: string } | null)?.code === UNIQUE_VIOLATION || (original as { driverError?: { code?: string } } | null)?.driverError?.code === UNIQUE_VIOLATION) {
    return { ...base, message: 'A record with these values already exists', extensions: { code: ErrorCode.CONFLICT } };
  }
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** A document Apollo could not parse, validate or pick an operation from: BAD_USER_INPUT with a reason. */
function requestError(formatted: GraphQLFormattedError, apolloCode: string): GraphQLFormattedError {
  const base = { message: formatted.message, locations: formatted.locations };
  const tokens = TOKEN_LIMIT.exec(formatted.message);
  if (tokens) {
    return { message: `Query has more than ${tokens[1]} tokens, the limit; send a smaller document`, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'TOO_MANY_TOKENS' } };
  }
  if (formatted.extensions?.validationErrorCode === 'INTROSPECTION_DISABLED') {
    return { ...base, message: 'Introspection is disabled on this server', extensions: { code: ErrorCode.BAD_USER_INPUT, reason: 'INTROSPECTION_DISABLED' } };
  }
  // Our validation rules (depth, aliases, directives) give their reason; graphql-js's give none.
  const reason = typeof formatted.extensions?.reason === 'string' ? formatted.extensions.reason : apolloCode;
  return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT, reason } };
}

/** An error that asks for a 4xx status and names no code (Apollo then reports INTERNAL_SERVER_ERROR). */
function refusedWithoutCode(error: unknown): boolean {
  // Not every GraphQLError carries extensions (the one an unexpected failure becomes in
  // didEncounterErrors had none, and reading its code threw instead of logging the failure).
  if (!(error instanceof GraphQLError) || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Extensions a client may see: not the HTTP instructions nor a stack trace. */
function visible(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { http: _http, stacktrace: _stacktrace, ...rest } = extensions ?? {};
  return rest;
}

/** The HTTP status of a request refused before it ran, by the code it was refused with. */
const REQUEST_ERROR_STATUS: Record<string, number> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.POLICY_VIOLATION]: 422,
  [ErrorCode.UPSTREAM_UNAVAILABLE]: 503,
};

interface ResponseContext {
  response: { http: { status?: number }; body?: { kind: string; singleResult?: { data?: unknown; errors?: readonly GraphQLFormattedError[] } } };
}

/**
 * Apollo answers HTTP 500 for an error raised before execution (in a plugin's
 * didResolveOperation, say) unless the error sets `extensions.http`. A request refused with
 * one of our codes is the client's: it gets the 4xx of its code instead. Field errors (the
 * operation ran, `data` is present) keep 200, as GraphQL over HTTP has it for application/json.
 */
export function requestErrorStatusPlugin() {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }: ResponseContext) {
          const result = response.body?.kind === 'single' ? response.body.singleResult : undefined;
          if (response.http.status !== 500 || !result?.errors?.length || 'data' in result) return;
          const statuses = result.errors.map((error) => REQUEST_ERROR_STATUS[String(error.extensions?.code)]);
          if (statuses.every((status) => status !== undefined)) response.http.status = statuses[0];
        },
      };
    },
  };
}

/** True when the error will be reported as INTERNAL_SERVER_ERROR and so must be logged. */
export function isUnexpectedError(error: GraphQLError): boolean {
  const formatted = formatGraphQLError({ message: error.message, extensions: error.extensions, path: error.path }, error);
  return formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR;
}
