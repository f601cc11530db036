import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { ForbiddenError, ParasolError, Principal } from '../core';
import { CallerRefusedError } from './bearer.strategy';
import { CallerBinder } from './caller-binder';
import { ACCESS_RULE, GraphQLContext } from './decorators';
import { reach } from './grants';
import { AccessRule, AUTHENTICATED, Permission } from './permissions';

/**
 * Global guard. Deny by default: an operation without a declared access rule is refused, a
 * non-public one needs a valid bearer credential of a live principal (bound once per request by
 * CallerBinder: passport reads the credential and runs the bearer strategy), and one that
 * declares `@Allow(X)` is refused FORBIDDEN unless the caller holds X org-wide or on at least
 * one brand, before its resolver runs (see `Allow`).
 */
@Injectable()
export class AccessGuard extends AuthGuard('bearer') {
  constructor(
    private readonly reflector: Reflector,
    private readonly binder: CallerBinder,
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
    const principal = await this.binder.bind(requestContext, async () => {
      await super.canActivate(context);
      return this.getRequest(context).user as Principal;
    });
    if (rule !== AUTHENTICATED) assertHeldSomewhere(principal, rule);
    return true;
  }

  override getRequest(context: ExecutionContext) {
    return GqlExecutionContext.create(context).getContext<GraphQLContext>().req;
  }

  override handleRequest<TUser = Principal>(error: unknown, principal: TUser | false): TUser {
    // The strategy's refusal (an expired token says so); passport's own (no credential) reads the same as a bad one.
    if (error instanceof ParasolError) throw error;
    if (error || !principal) throw new CallerRefusedError('MISSING');
    return principal;
  }
}

/**
 * FORBIDDEN, as AccessService.assert answers, unless the caller holds the permission org-wide or
 * on at least one brand: where it must hold (the target brand) is the use case's to check.
 */
function assertHeldSomewhere(principal: Principal, permission: Permission): void {
  const where = reach(principal.grants, permission);
  if (!where.orgWide && where.brandIds.length === 0) throw new ForbiddenError(`Permission ${permission} is required`, { permission });
}
