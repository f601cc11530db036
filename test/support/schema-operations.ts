import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  astFromValue, buildSchema, getNamedType, GraphQLArgument, GraphQLField, GraphQLInputType, GraphQLNamedType, GraphQLOutputType, GraphQLSchema,
  GraphQLObjectType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType, print,
} from 'graphql';

/**
 * Calls generated from the committed `schema.gql`, for suites that must cover every operation
 * (fuzzing string inputs, cross-tenant ids): a new operation is covered the day it is added,
 * without anyone remembering to. The schema is read from the file rather than by introspection,
 * so the suites run the same in production mode (introspection off).
 */

export type OperationKind = 'query' | 'mutation';

/** One root field of Query or Mutation. */
export interface SchemaOperation {
  kind: OperationKind;
  /** The root field: `brand`, `createBrand`... */
  name: string;
  field: GraphQLField<unknown, unknown>;
}

/** A place in an operation's arguments where a leaf value goes: `['input', 'branding', 'logoUrl']`. */
export interface ArgumentSlot {
  path: string[];
  /** Where the value sits in the arguments sent, with the index 0 of each list on the way: `['input', 'stages', '0', 'name']`. */
  valuePath: string[];
  /** The type where the value goes (with its list and non-null wrappers). */
  type: GraphQLInputType;
  /** Its named type: String, ID, DateTime, an enum... */
  leaf: GraphQLNamedType;
  /** True when the slot takes a list (the value is sent as a one-element list). */
  list: boolean;
}

/** The ids of real objects to put where an operation names one, by kind (brand, post, user...). */
export type SampleIds = Partial<Record<IdKind, string>>;

export type IdKind =
  | 'brand' | 'profile' | 'post' | 'user' | 'apiKey' | 'webhook' | 'delivery' | 'policy' | 'assignment' | 'workflow' | 'approvalRequest' | 'roleKey';

export function loadSchema(file = join(__dirname, '../../schema.gql')): GraphQLSchema {
  return buildSchema(readFileSync(file, 'utf8'));
}

/** Every query and mutation of the schema, in schema order. */
export function schemaOperations(schema: GraphQLSchema, kinds: readonly OperationKind[] = ['query', 'mutation']): SchemaOperation[] {
  const roots = { query: schema.getQueryType(), mutation: schema.getMutationType() };
  return kinds.flatMap((kind) => Object.values(roots[kind]?.getFields() ?? {}).map((field) => ({ kind, name: field.name, field })));
}

/**
 * Every leaf an operation's arguments can take, found down `maxDepth` levels of input objects
 * (0: the arguments themselves). Input objects are bounded by depth, so recursive ones end.
 */
export function argumentSlots(field: GraphQLField<unknown, unknown>, maxDepth = 2): ArgumentSlot[] {
  const slots: ArgumentSlot[] = [];
  const walk = (path: string[], at: string[], type: GraphQLInputType, depth: number) => {
    const named = getNamedType(type);
    const list = isListType(isNonNullType(type) ? type.ofType : type);
    const valuePath = list ? [...at, '0'] : at;
    if (isLeafType(named)) slots.push({ path, valuePath, type, leaf: named, list });
    else if (isInputObjectType(named) && depth < maxDepth) {
      for (const inner of Object.values(named.getFields())) walk([...path, inner.name], [...valuePath, inner.name], inner.type, depth + 1);
    }
  };
  for (const arg of field.args) walk([arg.name], [arg.name], arg.type, 0);
  return slots;
}

/** Slots that carry text: String, ID and custom scalars sent as strings (DateTime...). */
export const isStringSlot = (slot: ArgumentSlot) => !isEnumType(slot.leaf) && !['Int', 'Float', 'Boolean'].includes(slot.leaf.name);

const ENTITY_OF_OPERATION: [RegExp, IdKind][] = [
  [/RoleAssignment/i, 'assignment'],
  [/SocialProfile/i, 'profile'],
  [/Brand/i, 'brand'],
  [/Post/i, 'post'],
  [/User/i, 'user'],
  [/ApiKey/i, 'apiKey'],
  [/Webhook/i, 'webhook'],
  [/Policy/i, 'policy'],
];

const ID_KIND_OF_NAME: Record<string, IdKind> = {
  brandId: 'brand', parentId: 'brand', newParentId: 'brand', rootId: 'brand', entityId: 'brand',
  profileId: 'profile', profileIds: 'profile',
  principalId: 'user', actorId: 'user', authorId: 'user', userId: 'user',
  workflowId: 'workflow', requestId: 'approvalRequest', endpointId: 'webhook', deliveryId: 'delivery',
};

/** Which kind of object an ID argument names, from its name and, for a bare `id`, its operation's. */
export function idKind(path: readonly string[], operation: string): IdKind | undefined {
  const name = path[path.length - 1];
  if (name !== 'id') return ID_KIND_OF_NAME[name];
  return ENTITY_OF_OPERATION.find(([pattern]) => pattern.test(operation))?.[1];
}

let serial = 0;

/** Values that pass the checks a careful client would pass, by the argument's name and type. */
export function plausibleValue(path: readonly string[], leaf: GraphQLNamedType, operation: string, ids: SampleIds): unknown {
  const name = path[path.length - 1];
  const unique = `${Date.now().toString(36)}-${++serial}`;
  if (isEnumType(leaf)) return leaf.getValues()[0].value;
  switch (leaf.name) {
    case 'Int':
      return name === 'minApprovedPosts' ? 3 : name === 'windowDays' ? 7 : name === 'minutes' ? 60 : 1;
    case 'Float':
      return 50;
    case 'Boolean':
      return false;
    case 'DateTime': {
      const day = 24 * 60 * 60 * 1000;
      return new Date(Date.now() + (name === 'from' ? -day : day)).toISOString();
    }
    case 'ID':
      return ids[idKind(path, operation) ?? ('' as IdKind)] ?? randomUUID();
  }
  const strings: Record<string, string> = {
    email: `fuzz-${unique}@example.com`,
    password: 'correct horse battery staple',
    url: 'http://127.0.0.1:9/fuzz',
    logoUrl: 'https://example.com/logo.png',
    primaryColor: '#123456',
    secondaryColor: '#654321',
    format: 'JSON',
    document: '[]',
    roleKey: 'ANALYST',
    key: ids.roleKey ?? 'FUZZ_ROLE',
    system: 'crm',
    externalId: `ext-${unique}`,
    handle: `fuzz${unique.replace(/-/g, '')}`,
    slug: `fuzz-${unique}`,
    eventTypes: 'brand.created',
    types: 'brand.*',
    approverRoles: 'APPROVER',
  };
  return strings[name] ?? `fuzz ${name} ${unique}`;
}

/** A value for a type: required input-object fields filled, lists of one. */
export function sampleValue(type: GraphQLInputType, path: string[], operation: string, ids: SampleIds): unknown {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return [sampleValue(inner.ofType, path, operation, ids)];
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(named.getFields())) {
      // Required fields are given even when they have a default: a plausible value is as good.
      if (isNonNullType(field.type)) value[field.name] = sampleValue(field.type, [...path, field.name], operation, ids);
    }
    return value;
  }
  return plausibleValue(path, named, operation, ids);
}

/** The required arguments of an operation with plausible values. */
export function requiredArguments(op: SchemaOperation, ids: SampleIds): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of op.field.args) {
    if (isNonNullType(arg.type) && arg.defaultValue === undefined) args[arg.name] = sampleValue(arg.type, [arg.name], op.name, ids);
  }
  return args;
}

/**
 * The operation's required arguments with `value` put at `slot` (as a list of one where the
 * slot takes a list), creating the input objects on the way with their required fields.
 */
export function argumentsWith(op: SchemaOperation, slot: ArgumentSlot, value: unknown, ids: SampleIds): Record<string, unknown> {
  const args = requiredArguments(op, ids);
  let holder: Record<string, unknown> = args;
  let type: GraphQLInputType | undefined = op.field.args.find((a) => a.name === slot.path[0])?.type;
  for (const [i, name] of slot.path.entries()) {
    if (i === slot.path.length - 1) break;
    const named = getNamedType(type!);
    if (!isInputObjectType(named)) throw new Error(`${op.name}: ${slot.path.slice(0, i + 1).join('.')} is not an input object`);
    // A list of input objects is sent with one element, which holds the value.
    if (holder[name] === undefined || holder[name] === null) holder[name] = sampleValue(type!, slot.path.slice(0, i + 1), op.name, ids);
    const next = holder[name];
    holder = (Array.isArray(next) ? next[0] : next) as Record<string, unknown>;
    type = named.getFields()[slot.path[i + 1]].type;
  }
  holder[slot.path[slot.path.length - 1]] = slot.list ? [value] : value;
  return args;
}

/** A selection for a field's type: `{ __typename }` for objects, none for leaves. */
export function minimalSelection(type: GraphQLOutputType): string {
  return isLeafType(getNamedType(type)) ? '' : ' { __typename }';
}

export interface GeneratedCall {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * One request calling `op` with `args`: each argument as a variable of the argument's type, or,
 * for those named in `inline`, written into the document as a literal.
 */
export function callOperation(op: SchemaOperation, args: Record<string, unknown>, options: { inline?: readonly string[]; selection?: string } = {}): GeneratedCall {
  const given = op.field.args.filter((arg) => args[arg.name] !== undefined);
  const inline = new Set(options.inline ?? []);
  const asVariable = (arg: GraphQLArgument) => !inline.has(arg.name);
  const definitions = given.filter(asVariable).map((arg) => `$${arg.name}: ${arg.type.toString()}`);
  const argumentText = given.map((arg) => {
    if (asVariable(arg)) return `${arg.name}: $${arg.name}`;
    const literal = astFromValue(args[arg.name], arg.type);
    if (!literal) throw new Error(`${op.name}: cannot write ${arg.name} as a literal`);
    return `${arg.name}: ${print(literal)}`;
  });
  const query =
    `${op.kind}${definitions.length ? ` (${definitions.join(', ')})` : ''} { ` +
    `${op.name}${argumentText.length ? `(${argumentText.join(', ')})` : ''}${options.selection ?? minimalSelection(op.field.type)} }`;
  return { query, variables: Object.fromEntries(given.filter(asVariable).map((arg) => [arg.name, args[arg.name]])) };
}

/**
 * A selection that reads as much of a type as one request may: every field without required
 * arguments, objects down `maxDepth` levels, and a connection's nodes (edges count as no level),
 * for suites that look for data that should not be there (cross-tenant).
 */
export function wideSelection(type: GraphQLOutputType, maxDepth = 2): string {
  const walk = (named: GraphQLNamedType, depth: number): string => {
    if (!isObjectType(named)) return '';
    const fields = Object.values(named.getFields()).filter((f) => !f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined));
    const parts: string[] = [];
    for (const f of fields) {
      const inner = getNamedType(f.type);
      if (isLeafType(inner)) parts.push(f.name);
      else if (isConnection(inner)) {
        const node = getNamedType((getNamedType((inner as GraphQLObjectType).getFields().edges.type) as GraphQLObjectType).getFields().node.type);
        if (depth < maxDepth) parts.push(`${f.name} { totalCount edges { node { ${walk(node, maxDepth)} } } }`);
      } else if (depth < maxDepth) {
        const sub = walk(inner, depth + 1);
        if (sub) parts.push(`${f.name} { ${sub} }`);
      }
    }
    return parts.length ? parts.join(' ') : '__typename';
  };
  const named = getNamedType(type);
  return isLeafType(named) ? '' : ` { ${walk(named, 0)} }`;
}

const isConnection = (type: GraphQLNamedType) => isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();

/**
 * Where an operation takes an external id: the argument paths of objects (or of the arguments
 * themselves, `[]`) that hold both `system` and `externalId`.
 */
export function externalRefHolders(field: GraphQLField<unknown, unknown>, maxDepth = 2): string[][] {
  const holders: string[][] = [];
  const holds = (names: string[]) => names.includes('system') && names.includes('externalId');
  if (holds(field.args.map((a) => a.name))) holders.push([]);
  const walk = (path: string[], type: GraphQLInputType, depth: number) => {
    const named = getNamedType(type);
    if (!isInputObjectType(named) || depth > maxDepth) return;
    if (holds(Object.keys(named.getFields()))) holders.push(path);
    for (const inner of Object.values(named.getFields())) walk([...path, inner.name], inner.type, depth + 1);
  };
  for (const arg of field.args) walk([arg.name], arg.type, 0);
  return holders;
}
