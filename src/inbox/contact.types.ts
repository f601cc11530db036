import { Field, ID, ObjectType } from '@nestjs/graphql';
import { SocialNetwork } from '../../libs/core';

@ObjectType({ description: 'Someone who writes to a brand: one per network handle in the organization, across brands.' })
export class Contact {
  @Field(() => ID)
  id: string;

  @Field(() => SocialNetwork)
  network: SocialNetwork;

  @Field({ description: 'Their handle on the network, as first seen (unique per network, whatever the case).' })
  handle: string;

  @Field(() => String, { nullable: true })
  displayName: string | null;

  @Field(() => String, { nullable: true, description: 'Their profile page on the network.' })
  profileUrl: string | null;

  @Field({ description: 'When their first message came in.' })
  firstSeenAt: Date;

  @Field({ description: 'When their latest message came in.' })
  lastSeenAt: Date;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}
