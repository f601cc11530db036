import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node, SocialNetwork } from '../../libs/core';
import { SocialProfileStatus } from './social-profile.entity';

registerEnumType(SocialProfileStatus, {
  name: 'SocialProfileStatus',
  description: 'DRAFT -> LIVE (launch) <-> PAUSED; any of them -> ARCHIVED, which is final.',
});

@ObjectType({ description: 'One page of one brand on one network.', implements: () => [Node] })
export class SocialProfile {
  @Field(() => ID)
  id: string;

  @Field(() => SocialNetwork)
  network: SocialNetwork;

  @Field({ description: 'The handle on the network, without a leading @.' })
  handle: string;

  @Field()
  displayName: string;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field(() => SocialProfileStatus)
  status: SocialProfileStatus;

  @Field(() => Date, { nullable: true })
  launchedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  brandId: string;
}

export const SocialProfileConnection = ConnectionType(SocialProfile);
