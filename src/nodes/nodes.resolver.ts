import { Args, Extensions, Query, Resolver } from '@nestjs/graphql';
import { FieldCost, MAX_NODE_IDS, Node, NodeArgs, NodesArgs, RequestContext } from '../../libs/core';
import { Authenticated, Ctx } from '../../libs/auth';
import { NodesService } from './nodes.service';

/**
 * `nodes` answers up to MAX_NODE_IDS objects, each with the whole selection: priced as the most
 * it may answer, since the ids often come as a variable the cost of a document does not read.
 */
const NODES_COST: FieldCost = { complexity: ({ childComplexity }) => 1 + MAX_NODE_IDS * childComplexity };

@Resolver()
export class NodesResolver {
  constructor(private readonly reader: NodesService) {}

  // @Authenticated, not @Allow: each type's read applies its own permission (brand:read on the
  // object's brand, member:read, integration:manage, audit:read...), and an object out of reach is null.
  @Authenticated()
  @Query(() => Node, {
    nullable: true,
    description:
      'Any object implementing Node (every object type with an id of its own), by its id, with the access rules of its own query (`brand`, `post`, `user`, `inboxItem`, `webhookEndpoint`...) or of the object it is reached through (a note or a reply as its inbox item, a decision as its approval request, a delivery as its endpoint, a policy as the brand it is set on or one below it): null when the id is unknown, another organization\'s or out of the caller\'s reach, so it never tells which. BAD_USER_INPUT for an id that is not a UUID. Any authenticated caller.',
  })
  node(@Ctx() ctx: RequestContext, @Args() { id }: NodeArgs): Promise<object | null> {
    return this.reader.find(ctx, id);
  }

  @Authenticated()
  @Extensions(NODES_COST)
  @Query(() => [Node], {
    nullable: 'items',
    description: `Many objects implementing Node at once, at most ${MAX_NODE_IDS} ids: one entry per id, in the same order, null where \`node(id)\` would be null. Read in a fixed number of statements (one lookup, one per type), however many ids; the query cost counts its selection ${MAX_NODE_IDS} times. Any authenticated caller.`,
  })
  nodes(@Ctx() ctx: RequestContext, @Args() { ids }: NodesArgs): Promise<(object | null)[]> {
    return this.reader.findMany(ctx, ids);
  }
}
