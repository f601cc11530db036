import { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { RequestContext } from './request-context';

/**
 * After each mutation field, drops the request's DataLoader caches, so the fields of its
 * result (and the mutations after it in the same document) read what was just written, not
 * what was loaded before.
 *
 * Done on the schema's Mutation fields rather than as a global Nest interceptor: an
 * interceptor wraps every root field of every query in an RxJS pipeline only to let it pass.
 */
export function freshReadsAfterMutations(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {})) {
    const resolve = field.resolve;
    if (!resolve) continue;
    const fresh: GraphQLFieldResolver<unknown, { requestContext: RequestContext }> = async (parent, args, context, info) => {
      const result = await resolve(parent, args, context, info);
      context.requestContext.clearLoaders();
      return result;
    };
    field.resolve = fresh;
  }
  return schema;
}
