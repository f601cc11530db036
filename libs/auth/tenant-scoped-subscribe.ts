import { ExecutionArgs, ExecutionResult, subscribe as graphqlSubscribe } from 'graphql';
import { RequestContext } from '../core';
import { Db } from '../database';

type Subscribe = (args: ExecutionArgs) => Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult>;

const organizationOf = (args: ExecutionArgs) => (args.contextValue as { requestContext?: RequestContext } | undefined)?.requestContext?.principal?.organizationId ?? null;

/**
 * graphql-ws's `subscribe`, with the database work of a subscription in its caller's tenant
 * scope, as an HTTP request's is: its start (guards, the resolver's checks) and then each event's
 * execution (the payload's fields and everything nested under them) each run as one read-only
 * request of the connection's organization (Db.readAsTenant), so row-level security stands
 * behind the services' tenant filters here too. Without it they would run as the connection's
 * own role, which row-level security does not bind. The organization is read again for every
 * event: the caller is re-checked before each one (SubscriptionSessions.onNext).
 */
export function tenantScopedSubscribe(db: Db, subscribe: Subscribe = graphqlSubscribe as Subscribe): Subscribe {
  return async (args) => {
    const started = await db.readAsTenant(organizationOf(args), () => subscribe(args));
    if (!(Symbol.asyncIterator in started)) return started;
    const events = started;
    // graphql-js maps each event to its result inside `next()`: the mapping runs in the scope opened around it.
    const scoped: AsyncGenerator<ExecutionResult, void, void> = {
      next: () => db.readAsTenant(organizationOf(args), () => events.next()),
      return: () => events.return(),
      throw: (error: unknown) => events.throw(error),
      [Symbol.asyncIterator]() {
        return scoped;
      },
    } as AsyncGenerator<ExecutionResult, void, void>;
    return scoped;
  };
}
