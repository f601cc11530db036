import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Node, SocialNetwork } from '../../libs/core';

@ObjectType({ description: 'Someone who writes to a brand: one per network handle in the organization, across brands.', implements: () => [Node] })
export class Contact {
  @Field(() => ID, { description: 'Its id.' })
  id: string;

  @Field(() => SocialNetwork, { description: 'The network of the handle.' })
  network: SocialNetwork;

  @Field({ description: 'Their handle on the network, as first seen (unique per network, whatever the case).' })
  handle: string;

  @Field(() => String, { nullable: true, description: 'Their display name on the network, as last given.' })
  displayName: string | null;

  @Field(() => String, { nullable: true, description: 'Their profile page on the network.' })
  profileUrl: string | null;

  @Field({ description: 'When their first message came in.' })
  firstSeenAt: Date;

  @Field({ description: 'When their latest message came in.' })
  lastSeenAt: Date;

  @Field({ description: 'When it was stored.' })
  createdAt: Date;

  @Field({ description: 'When it last changed.' })
  updatedAt: Date;
}
