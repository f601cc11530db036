import { GraphQLFieldResolver, GraphQLSchema, isObjectType } from 'graphql';

/** Field values read ahead for an object, by response key (the alias, or the field's name). */
const VALUES = new WeakMap<object, Map<string, unknown>>();

/**
 * Gives `parent` the value of one of its fields, read ahead (with its parent, in the same
 * statement): when the field is resolved on this object under `responseKey`, that value is
 * the answer and the field's resolver is not called. A field without such a value resolves as
 * usual, so a read-ahead covers what it understands and leaves the rest to the resolvers.
 *
 * Only objects made for one answer carry values (never one cached for the whole request),
 * and the key is the response key, so two aliases of one field with different arguments keep
 * their own values.
 */
export function prefetched<T extends object>(parent: T, responseKey: string, value: unknown): T {
  let values = VALUES.get(parent);
  if (!values) VALUES.set(parent, (values = new Map()));
  values.set(responseKey, value);
  return parent;
}

/**
 * NestJS gives every field of an object type a resolver that reads the parent's property
 * (`rootFieldResolver`, which also supplies a `defaultValue` of the field's options: none of
 * Parasol's output fields has one). Without it a field is read by GraphQL's default resolver,
 * which graphql-jit compiles to a plain property read instead of a function call per field.
 */
const NEST_PROPERTY_READER = 'rootFieldResolver';

/**
 * Lets every field resolver of the schema answer with a value read ahead for its parent
 * (see `prefetched`). Fields without a resolver of their own read the parent's property, so
 * they are given none (see NEST_PROPERTY_READER).
 */
export function servePrefetched(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve) continue;
      if (resolve.name === NEST_PROPERTY_READER) {
        field.resolve = undefined;
        continue;
      }
      const served: GraphQLFieldResolver<unknown, unknown> = (parent, args, context, info) => {
        const values = parent !== null && typeof parent === 'object' ? VALUES.get(parent) : undefined;
        if (values) {
          const value = values.get(info.path.key as string);
          if (value !== undefined || values.has(info.path.key as string)) return value;
        }
        return resolve(parent, args, context, info);
      };
      field.resolve = served;
    }
  }
  return schema;
}
