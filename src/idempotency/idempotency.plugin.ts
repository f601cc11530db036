import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Logger } from '@nestjs/common';
import type { FormattedExecutionResult } from 'graphql';
import { GraphQLError } from 'graphql';
import { bearerCredential, CallerBinder, CallerRefusedError } from '../../libs/auth';
import { ErrorCode, ParasolError, Principal, RequestContext } from '../../libs/core';
import { Db } from '../../libs/database';
import { DEFAULT_IDEMPOTENCY_TIMINGS, IdempotencyKeyStore, IdempotencyTimings, KeyOwner } from './idempotency-key.store';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENT_REPLAYED_HEADER, parseIdempotencyKey, requestHash } from './idempotency-request';
import { ResponseSealer } from './response-sealer';

/** What the app's GraphQL context holds for this plugin (app.module.ts `context`). */
interface IdempotencyContext {
  requestContext?: RequestContext;
  /** The HTTP request and response (absent for operations run in-process). */
  req?: { headers: Record<string, string | string[] | undefined> };
  res?: { once(event: 'close', listener: () => void): unknown };
}

type RequestCtx = GraphQLRequestContext<IdempotencyContext>;

export interface IdempotencyPluginOptions {
  db: Db;
  /** Binds a request's caller, as the access guard does (it then reuses the binding). */
  binder: CallerBinder;
  /** The service's signing secret; stored answers are sealed with a key derived from it. */
  secret: string;
  /** Any left out are the defaults (a 5-minute lease, answers kept a day). */
  timings?: Partial<IdempotencyTimings>;
}

/** This request's hold on a key, until its answer has committed or the key is given back. */
interface Claim {
  owner: KeyOwner;
  claimId: string;
  settled: boolean;
}

/**
 * The request's Idempotency-Key header as sent. Read from the HTTP request itself: Apollo's
 * header map leaves out empty headers, and an empty key must be refused, not ignored.
 */
function idempotencyHeader(ctx: RequestCtx): string | undefined {
  if (!ctx.contextValue.req) return ctx.request.http?.headers.get(IDEMPOTENCY_KEY_HEADER);
  const header = ctx.contextValue.req.headers[IDEMPOTENCY_KEY_HEADER];
  return Array.isArray(header) ? header.join(', ') : header;
}

/**
 * `Idempotency-Key` on authenticated mutations. Once the operation is known, and before the
 * request's tenant transaction opens, the caller is authenticated here (the access guard then
 * reuses the principal) and the key claimed; a key already used answers at once, without
 * executing anything: the first answer replayed (with `Idempotent-Replayed: true`) for the
 * same request, CONFLICT for another request or while the first is still running. A claimed
 * key's answer is stored in the mutation's own transaction, so a committed mutation always has
 * its answer; an answer that is an internal error is not kept, and the key can be used again.
 * Queries, and mutations without a valid bearer token, ignore the header.
 */
export function idempotencyPlugin(options: IdempotencyPluginOptions): ApolloServerPlugin<IdempotencyContext> {
  const { db } = options;
  const logger = new Logger('Idempotency');
  const store = new IdempotencyKeyStore(db, new ResponseSealer(options.secret), { ...DEFAULT_IDEMPOTENCY_TIMINGS, ...options.timings });

  /**
   * The caller of a request that carries a key, bound now rather than by the guard. A request
   * without a usable credential ignores the key; the guard answers it with the same refusal.
   */
  async function authenticate(ctx: RequestCtx): Promise<Principal | null> {
    const requestContext = ctx.contextValue.requestContext;
    const credential = bearerCredential(ctx.request.http?.headers.get('authorization'));
    if (!requestContext || !credential) return null;
    return options.binder.bind(requestContext, credential).catch((error: unknown) => {
      if (error instanceof CallerRefusedError) return null;
      throw error;
    });
  }

  /** Keeps (or gives back) the key once the operation has run, in the request's transaction. */
  async function settle(claim: Claim, response: RequestCtx['response'], failed: boolean): Promise<void> {
    const result = !failed && response.body?.kind === 'single' ? response.body.singleResult : undefined;
    try {
      if (result && worthReplaying(result)) {
        const kept = await store.complete(claim.owner, claim.claimId, { status: response.http.status ?? 200, body: result });
        if (!kept) {
          // The lease ran out and another request took the key: this one must not also commit.
          await db.endRequest(false);
          refuse(response, 409, 'IDEMPOTENCY_KEY_IN_USE', 'This request took too long and its Idempotency-Key passed to a retry; nothing was saved');
          return;
        }
      } else {
        await store.releaseInRequest(claim.owner, claim.claimId);
      }
      db.afterCommit(() => {
        claim.settled = true;
      });
    } catch (error) {
      logger.error(`could not store the answer for an Idempotency-Key: ${(error as Error).stack ?? error}`);
      await db.endRequest(false).catch(() => undefined);
      refuse(response, 500, undefined, 'Internal server error', ErrorCode.INTERNAL_SERVER_ERROR);
    }
  }

  return {
    async requestDidStart(): Promise<GraphQLRequestListener<IdempotencyContext>> {
      let key: string | undefined;
      let claim: Claim | undefined;
      return {
        async didResolveOperation(ctx) {
          if (ctx.operation?.operation !== 'mutation') return;
          try {
            key = parseIdempotencyKey(idempotencyHeader(ctx));
          } catch (error) {
            const { code, extensions, message } = error as ParasolError;
            throw new GraphQLError(message, { extensions: { ...extensions, code, reason: 'INVALID_IDEMPOTENCY_KEY', http: { status: 400 } } });
          }
        },

        async responseForOperation(ctx) {
          if (key === undefined) return null;
          const principal = await authenticate(ctx);
          if (!principal) return null;
          const owner: KeyOwner = { organizationId: principal.organizationId, principalId: principal.id, key };
          try {
            await store.purgeExpired();
          } catch (error) {
            logger.warn(`could not purge expired idempotency keys: ${(error as Error).message}`);
          }
          const hash = requestHash({ document: ctx.document, operationName: ctx.request.operationName, variables: ctx.request.variables });
          const outcome = await store.claim(owner, hash);
          switch (outcome.kind) {
            case 'claimed': {
              const held: Claim = { owner, claimId: outcome.claimId, settled: false };
              claim = held;
              // A request whose transaction ends without its answer committed (rolled back, client
              // gone, commit failed) gives the key back, rather than leaving it to its lease.
              ctx.contextValue.res?.once('close', () => {
                if (held.settled) return;
                store.release(held.owner, held.claimId).catch((error: Error) => logger.warn(`could not release an Idempotency-Key: ${error.message}`));
              });
              return null;
            }
            case 'replay':
              return {
                http: { status: outcome.status, headers: new HeaderMap([[IDEMPOTENT_REPLAYED_HEADER, 'true']]) },
                body: { kind: 'single', singleResult: outcome.body as FormattedExecutionResult },
              };
            case 'mismatch':
              return refusal(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request');
            case 'in-progress':
              return refusal(409, 'IDEMPOTENCY_KEY_IN_USE', 'The first request with this Idempotency-Key is still running; retry later');
            case 'unreadable':
              return refusal(409, 'IDEMPOTENCY_KEY_UNREADABLE', 'The answer stored for this Idempotency-Key can no longer be read; use a new key');
          }
        },

        async executionDidStart(ctx) {
          const held = claim;
          if (!held) return undefined;
          return {
            async executionDidEnd(error?: Error) {
              await settle(held, ctx.response, error !== undefined);
            },
          };
        },
      };
    },
  };
}

/**
 * Whether an answer is the one to replay. Client errors are (the spec: the first response);
 * an internal error is not, unless part of the mutation took effect, since running that part
 * again is worse than replaying the error.
 */
function worthReplaying(result: FormattedExecutionResult): boolean {
  const internal = (result.errors ?? []).some((error) => error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR);
  return !internal || Object.values(result.data ?? {}).some((value) => value !== null && value !== undefined);
}

function refusal(status: number, reason: string, message: string): GraphQLResponse {
  return {
    http: { status, headers: new HeaderMap() },
    body: { kind: 'single', singleResult: { errors: [{ message, extensions: { code: ErrorCode.CONFLICT, reason } }] } },
  };
}

/** Replaces an answer with an error, in place. */
function refuse(response: RequestCtx['response'], status: number, reason: string | undefined, message: string, code: ErrorCode = ErrorCode.CONFLICT): void {
  response.http.status = status;
  response.body = { kind: 'single', singleResult: { errors: [{ message, extensions: reason ? { code, reason } : { code } }] } };
}
