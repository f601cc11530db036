import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthGuard } from '@nestjs/passport';
import { ParasolError, Principal } from '../core';
import { CallerRefusedError } from './bearer.strategy';
import { CallerBinder } from './caller-binder';
import { ACCESS_RULE, GraphQLContext } from './decorators';
import { AccessRule } from './permissions';

/**
 * Global guard. Deny by default: an operation without a declared access rule is refused, a
 * non-public one needs a valid bearer credential of a live principal (bound once per request by
 * CallerBinder: passport reads the credential and runs the bearer strategy).
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
    await this.binder.bind(requestContext, async () => {
      await super.canActivate(context);
      return this.getRequest(context).user as Principal;
    });
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
