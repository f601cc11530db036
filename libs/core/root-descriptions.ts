import { GraphQLSchema } from 'graphql';

// Code-first @nestjs/graphql builds Query, Mutation and Subscription itself and takes no
// description for them: they are given here, as the schema is built (transformSchema).
const ROOT_DESCRIPTIONS = {
  query:
    'Reads. Every field needs a bearer token (a login token or an API key) unless it says it is public, and the permission ' +
    'it names on the brand concerned (or org-wide); what is out of reach answers NOT_FOUND, never FORBIDDEN, so it does not ' +
    'reveal what exists. Connections page with `first` (1 to 100) and `after`.',
  mutation:
    'Changes. Each runs in one transaction (all or nothing) and needs the permission it names. Send an ' +
    '`Idempotency-Key` header to make a retry safe (docs/guide/idempotency.md). Expected failures come as errors with ' +
    '`extensions.code` (BAD_USER_INPUT with the field path, NOT_FOUND, FORBIDDEN, CONFLICT, POLICY_VIOLATION, UPSTREAM_UNAVAILABLE).',
  subscription:
    'Live events over graphql-ws on /graphql: connect with the connection params { authorization: "Bearer <token or API key>" }. ' +
    'The caller is checked at connect and before every event; an event the caller may no longer see is not sent.',
} as const;

/** Gives the root operation types their descriptions (the schema is changed in place and returned). */
export function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  const roots = { query: schema.getQueryType(), mutation: schema.getMutationType(), subscription: schema.getSubscriptionType() };
  for (const [root, type] of Object.entries(roots)) {
    if (type && !type.description) type.description = ROOT_DESCRIPTIONS[root as keyof typeof ROOT_DESCRIPTIONS];
  }
  return schema;
}
