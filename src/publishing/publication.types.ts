import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { PostFormat } from '../../libs/policy-engine';

/** What publishing needs of a post: the posts feature's Post has these fields and more. */
export interface PublishablePost {
  id: string;
  profileIds: string[];
  revision: number;
  title: string | null;
  body: string;
  format: PostFormat;
  publishAttempts: number;
}

@ObjectType({ description: 'What a network connector was asked to send.', implements: () => [Node] })
export class PostPublication {
  @Field(() => ID, { description: "The publication's id (a UUID)." })
  id: string;

  @Field(() => ID, { description: 'The social profile it went to.' })
  profileId: string;

  @Field({ description: "The name of the connector that sent it (`sandbox`, the built-in one that records what it would send)." })
  connector: string;

  @Field(() => String, { nullable: true, description: "The post's id on the network; null when the network gave none." })
  externalId: string | null;

  @Field({ description: 'When the connector was asked.' })
  createdAt: Date;
}

export const PostPublicationConnection = ConnectionType(PostPublication);
