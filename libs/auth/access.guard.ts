import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { ParasolError, Principal, RequestContext, UnauthenticatedError } from '../core';
import { Db } from '../database';
import { ACCESS_RULE, GraphQLContext } from './decorators';
import { AccessRule } from './permissions';

/**
 * Global guard. Deny by default: an operation without a declared access rule is refused,
 * a non-public one needs a valid bearer token of a live principal. Authentication happens
 * once per HTTP request, however many root fields it has, and binds the request's database
 * work to the principal's organization.
 */
@Injectable()
export class AccessGuard extends AuthGuard('bearer') {
  private readonly authentications = new WeakMap<RequestContext, Promise<boolean>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly db: Db,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) {
      throw new Error(`Operation ${context.getClass().name}.${context.getHandler().name} declares no access rule`);
    }
    if (rule === 'public') return true;
    const { requestContext } = GqlExecutionContext.create(context).getContext<GraphQLContext>();
    if (requestContext.principal) return true;
    // Root fields of one request are guarded concurrently: they share one verification (one
    // principal look-up) rather than each racing to verify the token.
    let authentication = this.authentications.get(requestContext);
    if (!authentication) {
      authentication = Promise.resolve(super.canActivate(context) as Promise<boolean>);
      this.authentications.set(requestContext, authentication);
    }
    await authentication;
    return true;
  }

  override getRequest(context: ExecutionContext) {
    return GqlExecutionContext.create(context).getContext<GraphQLContext>().req;
  }

  override handleRequest<TUser = Principal>(error: unknown, principal: TUser | false, _info: unknown, context: ExecutionContext): TUser {
    // An expired token says so (the strategy's error); anything else reads the same.
    if (error instanceof ParasolError) throw error;
    if (error || !principal) throw new UnauthenticatedError('A valid bearer token is required');
    const verified = principal as unknown as Principal;
    GqlExecutionContext.create(context).getContext<GraphQLContext>().requestContext.authenticate(verified);
    // From here on the request's statements run in its tenant's row-level-security scope.
    this.db.enterTenant(verified.organizationId);
    return principal;
  }
}
