import { INestApplication } from '@nestjs/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { ACCESS_RULE, AccessRule } from '../../libs/auth';

// The keys @nestjs/graphql's @Query/@Mutation/@Subscription set on the method (its
// graphql.constants.js, not exported from the package index). Were they renamed, no handler
// would be found and the inventory test would fail on every operation, not pass silently.
const RESOLVER_TYPE_METADATA = 'graphql:resolver_type';
const RESOLVER_NAME_METADATA = 'graphql:resolver_name';
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/** One root field of the running schema, the resolver method behind it and its access rule. */
export interface OperationAccess {
  /** `Query.brand`, `Mutation.login`... */
  operation: string;
  /** `BrandsResolver.brand`; every handler when several claim the operation, none when it has none. */
  handlers: string[];
  /** The rule the guard reads (method first, then class); null when none is declared. */
  rule: AccessRule | null;
}

interface Handler {
  operation: string;
  name: string;
  rule: AccessRule | null;
}

/** Every resolver method of the app that serves a root field, with its declared rule. */
function rootHandlers(app: INestApplication): Handler[] {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const seen = new Set<Function>();
  const handlers: Handler[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || typeof instance !== 'object' || seen.has(instance.constructor)) continue;
      seen.add(instance.constructor);
      const prototype = Object.getPrototypeOf(instance);
      for (const methodName of scanner.getAllMethodNames(prototype)) {
        const method = prototype[methodName] as Function;
        const type = Reflect.getMetadata(RESOLVER_TYPE_METADATA, method) as string | undefined;
        if (!type || !ROOT_TYPES.has(type)) continue;
        const field = (Reflect.getMetadata(RESOLVER_NAME_METADATA, method) as string | undefined) ?? methodName;
        const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [method, instance.constructor]) ?? null;
        handlers.push({ operation: `${type}.${field}`, name: `${instance.constructor.name}.${methodName}`, rule });
      }
    }
  }
  return handlers;
}

/**
 * The access inventory of the running app: every Query, Mutation and Subscription field of the
 * schema it serves, sorted, with the resolver method behind it and that method's access rule.
 * Handlers for fields missing from the schema are listed too (with their own operation name).
 */
export function operationAccess(app: INestApplication): OperationAccess[] {
  const schema = app.get(GraphQLSchemaHost).schema;
  const handlers = rootHandlers(app);
  const operations = new Set<string>(handlers.map((h) => h.operation));
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    for (const field of Object.keys(type?.getFields() ?? {})) operations.add(`${type!.name}.${field}`);
  }
  return [...operations].sort().map((operation) => {
    const serving = handlers.filter((h) => h.operation === operation);
    return { operation, handlers: serving.map((h) => h.name), rule: serving.length === 1 ? serving[0].rule : null };
  });
}

/** `{ "Query.brand": "brand:read", ... }`, sorted: the form committed for review. */
export function accessMap(operations: readonly OperationAccess[]): Record<string, string> {
  return Object.fromEntries(operations.map((o) => [o.operation, o.rule ?? '(none)']));
}

/**
 * The changes from `expected` to `actual`, one line each, for a failure message a reviewer
 * reads as a permission change: `+ added`, `- removed`, `~ changed rule`.
 */
export function accessChanges(expected: Record<string, string>, actual: Record<string, string>): string[] {
  const operations = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return operations.flatMap((operation) => {
    const [before, after] = [expected[operation], actual[operation]];
    if (before === after) return [];
    if (before === undefined) return [`+ ${operation} -> ${after} (new operation)`];
    if (after === undefined) return [`- ${operation} -> ${before} (operation removed)`];
    return [`~ ${operation}: ${before} -> ${after}`];
  });
}
