import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Observable, tap } from 'rxjs';
import { RequestContext } from './request-context';

/**
 * After a mutation, drops the request's DataLoader caches so the fields of its result (and of
 * later mutations in the same document) read what was just written, not what was cached before.
 */
@Injectable()
export class FreshReadsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    if (gql.getInfo()?.parentType?.name !== 'Mutation') return next.handle();
    const ctx = gql.getContext<{ requestContext: RequestContext }>().requestContext;
    return next.handle().pipe(tap(() => ctx.clearLoaders()));
  }
}
