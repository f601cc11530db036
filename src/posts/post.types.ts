import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { PostFormat, PostTag, SourceCheck } from '../../libs/policy-engine';
import { PrincipalType } from '../access';
import { PolicyViolation } from '../policies';
import { PostStatus } from './post.entities';

registerEnumType(PostStatus, {
  name: 'PostStatus',
  description: 'DRAFT -> IN_REVIEW -> APPROVED -> SCHEDULED -> PUBLISHED, with CHANGES_REQUESTED, REJECTED and ARCHIVED on the side.',
});

@ObjectType({ description: 'Third-party content a post reshares, with its verification checklist.' })
export class PostSource {
  @Field()
  url: string;

  @Field(() => String, { nullable: true })
  author: string | null;

  @Field(() => [SourceCheck], { description: 'The checks completed so far.' })
  completedChecks: SourceCheck[];
}

@ObjectType({ description: 'The internal audience test a humorous post passes before it goes out.' })
export class InternalTest {
  @Field()
  passed: boolean;

  @Field(() => String, { nullable: true })
  notes: string | null;
}

@ObjectType({ description: 'The content of a post at one revision.' })
export class PostContentFields {
  @Field(() => String, { nullable: true })
  title: string | null;

  @Field()
  body: string;

  @Field(() => PostFormat)
  format: PostFormat;

  @Field(() => [PostTag])
  tags: PostTag[];

  @Field(() => Int, { nullable: true, description: 'Length of a video or interview, in seconds.' })
  durationSeconds: number | null;

  @Field(() => PostSource, { nullable: true })
  source: PostSource | null;

  @Field(() => String, { nullable: true, description: 'A visible label, e.g. "Opinion".' })
  label: string | null;

  @Field(() => InternalTest, { nullable: true })
  internalTest: InternalTest | null;

  @Field(() => [ID])
  profileIds: string[];
}

@ObjectType({ description: 'One saved version of a post. Every edit adds one; old ones stay readable.' })
export class PostRevision extends PostContentFields {
  @Field(() => Int)
  number: number;

  @Field(() => ID)
  createdById: string;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'Content for one or more social profiles of one brand.', implements: () => [Node] })
export class Post extends PostContentFields {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  brandId: string;

  @Field(() => PostStatus)
  status: PostStatus;

  @Field(() => Int, { description: 'Number of the current revision.' })
  revision: number;

  @Field(() => ID)
  authorId: string;

  @Field(() => PrincipalType)
  authorType: PrincipalType;

  @Field(() => Date, { nullable: true })
  scheduledAt: Date | null;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field(() => Int)
  publishAttempts: number;

  @Field(() => String, { nullable: true, description: 'Why the last publication attempt failed; a retry is scheduled.' })
  publishError: string | null;

  @Field(() => Date, { nullable: true })
  nextAttemptAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  brandAncestorIds: string[];
}

export const PostConnection = ConnectionType(Post);
export const PostRevisionConnection = ConnectionType(PostRevision);

@ObjectType({ description: 'The result of submitPost, schedulePost and publishPost: the post and any WARN violations.' })
export class PostActionPayload {
  @Field(() => Post)
  post: Post;

  @Field(() => [PolicyViolation], { description: 'Violations of WARN policies: the action went through, but look at these.' })
  warnings: PolicyViolation[];
}
