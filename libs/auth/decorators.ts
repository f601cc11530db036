import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { RequestContext } from '../core';
import { AccessRule, AUTHENTICATED, Permission } from './permissions';

export const ACCESS_RULE = 'parasol:access-rule';

/** Anyone may call this operation, without a token. */
export const Public = () => SetMetadata(ACCESS_RULE, 'public' satisfies AccessRule);

/** Any authenticated principal of the organization may call this operation. */
export const Authenticated = () => SetMetadata(ACCESS_RULE, AUTHENTICATED satisfies AccessRule);

/**
 * The operation needs this permission.
 *
 * The guard enforces what it can know before the resolver runs: the caller is authenticated
 * and holds the permission somewhere (org-wide or on at least one brand); otherwise FORBIDDEN
 * with `extensions.permission`, and nothing of the operation runs.
 *
 * The use case keeps what depends on data the guard cannot see, each check named for its
 * target: the permission on the brand it acts on (`assert(ctx, X, brand)`, NOT_FOUND for a
 * brand the caller cannot see), an org-wide requirement (`assert(ctx, X, null)`), the caller's
 * dominance over a target principal, and a list narrowed to where the permission reaches.
 */
export const Allow = (permission: Permission) => SetMetadata(ACCESS_RULE, permission satisfies AccessRule);

export interface GraphQLContext {
  req: { headers: Record<string, string | string[] | undefined>; user?: unknown };
  requestContext: RequestContext;
}

export function requestContextOf(context: ExecutionContext): RequestContext {
  return GqlExecutionContext.create(context).getContext<GraphQLContext>().requestContext;
}

/** The RequestContext of the current GraphQL request. */
export const Ctx = createParamDecorator((_data: unknown, context: ExecutionContext) => requestContextOf(context));
