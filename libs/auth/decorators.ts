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
 * The operation needs this permission. The guard checks that the caller is authenticated;
 * the use case checks the permission on the brand it targets.
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
