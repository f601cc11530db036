import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../libs/core';
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

@ObjectType({ description: 'What a network connector was asked to send.' })
export class PostPublication {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  profileId: string;

  @Field()
  connector: string;

  @Field(() => String, { nullable: true })
  externalId: string | null;

  @Field()
  createdAt: Date;
}

export const PostPublicationConnection = ConnectionType(PostPublication);
