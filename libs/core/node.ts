import { ArgsType, Field, ID, InterfaceType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { IsEntityId } from './id-args';

/** Most ids one `nodes` call may ask for: one lookup statement and one read per type, whatever the count. */
export const MAX_NODE_IDS = 100;

// The GraphQL type of a value found by `node`/`nodes`: the objects are plain (the features'
// mappers build them), so the reader tags each one with its type's name as it finds it.
const NODE_TYPE = Symbol('parasol.nodeType');

/** Marks `value` as a `typeName` node, so the Node interface resolves to that object type. */
export function asNode<T extends object>(value: T, typeName: string): T {
  Object.defineProperty(value, NODE_TYPE, { value: typeName, enumerable: false, configurable: true });
  return value;
}

/**
 * The Relay Node interface: an object a client can refetch by its id alone with `node(id)`,
 * which is how Relay and Apollo's normalised caches keep an object up to date.
 */
@InterfaceType('Node', {
  description:
    'An object that can be fetched again by its id alone: `node(id)` answers it (or null when it is out of the caller\'s reach), `nodes(ids)` many at once. Ids are UUIDs, unique across every type, so `__typename` plus `id` (or `id` alone) keys a client cache.',
  resolveType: (value: object) => (value as Record<symbol, string | undefined>)[NODE_TYPE],
})
export abstract class Node {
  @Field(() => ID, { description: 'The object\'s id: a UUID, unique across every type; `node(id)` fetches the object again.' })
  id: string;
}

@ArgsType()
export class NodeArgs {
  @Field(() => ID, { description: 'The id of any object implementing Node.' })
  @IsEntityId()
  id: string;
}

@ArgsType()
export class NodesArgs {
  @Field(() => [ID], { description: `Ids of objects implementing Node, at most ${MAX_NODE_IDS}; the answer has one entry per id, in the same order.` })
  @IsArray()
  @ArrayMaxSize(MAX_NODE_IDS, { message: `ids may name at most ${MAX_NODE_IDS} objects` })
  @IsEntityId(undefined, { each: true })
  ids: string[];
}
