import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { isUnexpectedError, RequestContext } from '../libs/core';
import { Db } from '../libs/database';

/**
 * Marks queries as read-only (their reads travel in batches), and ends each GraphQL
 * request's tenant transaction before its answer leaves: committed, so a
 * client that reads right after a mutation sees it; rolled back if the commit itself fails,
 * and then the answer says so. Also logs unexpected errors with the request id.
 */
// Typed structurally: @apollo/server ships separate CJS and ESM declarations that TypeScript
// will not unify with the ones @nestjs/apollo was built against.
interface SingleBody {
  kind: string;
  singleResult?: unknown;
}

export function requestTransactionPlugin(db: Db, logger: Logger) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }: { operation?: { operation: string } }) {
          // A query's reads are batched and need no transaction (Db.readOnlyRequest).
          if (operation?.operation === 'query') db.readOnlyRequest();
        },
        async didEncounterErrors({ contextValue, errors }: { contextValue: unknown; errors: readonly GraphQLError[] }) {
          const requestId = (contextValue as { requestContext?: RequestContext }).requestContext?.requestId;
          for (const error of errors.filter(isUnexpectedError)) {
            logger.error(`request ${requestId}: ${error.originalError?.stack ?? error.stack ?? error.message}`);
          }
        },
        async willSendResponse({ response }: { response: { body: SingleBody } }) {
          try {
            await db.endRequest(true);
          } catch (error) {
            logger.error(`commit failed: ${(error as Error).stack ?? error}`);
            if (response.body.kind === 'single') {
              response.body.singleResult = {
                errors: [new GraphQLError('The change could not be committed; nothing was saved', { extensions: { code: 'CONFLICT' } }).toJSON()],
              };
            }
          }
        },
      };
    },
  };
}
