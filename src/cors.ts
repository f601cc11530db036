import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** @fastify/cors's options, as Nest's Fastify adapter takes them (it registers @fastify/cors). */
type CorsOptions = NonNullable<Parameters<NestFastifyApplication['enableCors']>[0]>;

/** How long a browser may reuse a preflight's answer (Chromium caps it at 2 h). */
export const CORS_MAX_AGE_SECONDS = 7200;

/** The request headers a GraphQL client in a browser sends beyond the CORS-safelisted ones. */
export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'idempotency-key',
  'x-request-id',
  // Apollo's CSRF prevention: a request that names one of these was preflighted.
  'apollo-require-preflight',
  'x-apollo-operation-name',
  // Apollo Client sends these with every operation.
  'apollographql-client-name',
  'apollographql-client-version',
];

/** The answer headers a page may read, beyond the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS = ['retry-after', 'x-request-id', 'idempotent-replayed'];

/**
 * CORS for the pages CORS_ORIGINS names, and for no one else: any other origin gets no
 * Access-Control-* header at all (its preflight goes on to /graphql, which refuses it), so the browser keeps the answer
 * from that page. Credentials are off: Parasol authenticates with a bearer token, never a cookie.
 */
export function corsOptions(allowedOrigins: readonly string[]): CorsOptions {
  const allowed = new Set(allowedOrigins);
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    // A refused login's Retry-After (429, 503); the request id to quote to support (it names the
    // request in the logs, docs/guide/operations.md); whether a mutation's answer is a replay
    // of an earlier one with the same Idempotency-Key (docs/guide/idempotency.md).
    exposedHeaders: CORS_EXPOSED_HEADERS,
    maxAge: CORS_MAX_AGE_SECONDS,
  };
}
