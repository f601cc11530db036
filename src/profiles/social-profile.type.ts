import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node, SocialNetwork } from '../../libs/core';
import { SocialProfileStatus } from './social-profile.entity';

registerEnumType(SocialProfileStatus, {
  name: 'SocialProfileStatus',
  description: 'DRAFT -> LIVE (launch) <-> PAUSED; any of them -> ARCHIVED, which is final.',
  valuesMap: {
    DRAFT: { description: 'Being set up: nothing is published to it yet.' },
    LIVE: { description: 'In use: posts are published to it and its inbox is read.' },
    PAUSED: { description: 'Held: nothing is published until it is launched again.' },
    ARCHIVED: { description: 'Retired for good (final); kept for history.' },
  },
});

@ObjectType({ description: 'One page of one brand on one network.', implements: () => [Node] })
export class SocialProfile {
  @Field(() => ID, { description: "The profile's id (a UUID)." })
  id: string;

  @Field(() => SocialNetwork, { description: 'The network the page is on.' })
  network: SocialNetwork;

  @Field({ description: 'The handle on the network, without a leading @.' })
  handle: string;

  @Field({ description: 'The name the page shows, 1 to 120 characters.' })
  displayName: string;

  @Field(() => String, { nullable: true, description: "The page's http(s) URL; null when not set." })
  url: string | null;

  @Field(() => SocialProfileStatus, { description: 'Where the profile is in its life: DRAFT, LIVE, PAUSED or ARCHIVED.' })
  status: SocialProfileStatus;

  @Field(() => Date, { nullable: true, description: 'When the profile first went LIVE; null before.' })
  launchedAt: Date | null;

  @Field({ description: 'When the profile was created.' })
  createdAt: Date;

  @Field({ description: 'When the profile last changed.' })
  updatedAt: Date;

  brandId: string;
}

export const SocialProfileConnection = ConnectionType(SocialProfile);
