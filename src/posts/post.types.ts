import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Node } from '../../libs/core';
import { PostFormat, PostTag, SourceCheck } from '../../libs/policy-engine';
import { PrincipalType } from '../access';
import { PolicyViolation } from '../policies';
import { PostStatus } from './post.entities';

registerEnumType(PostStatus, {
  name: 'PostStatus',
  description: 'DRAFT -> IN_REVIEW -> APPROVED -> SCHEDULED -> PUBLISHED, with CHANGES_REQUESTED, REJECTED and ARCHIVED on the side.',
  valuesMap: {
    DRAFT: { description: 'Being written: editable; submitPost sends it on.' },
    IN_REVIEW: { description: 'Waiting for its approval request to be decided; an edit voids the request and makes it DRAFT again.' },
    APPROVED: { description: 'Approved (or needing no approval): it may be scheduled or published.' },
    SCHEDULED: { description: 'Due at scheduledAt: the scheduler publishes it then.' },
    PUBLISHED: { description: 'Sent to its profiles (see publications).' },
    CHANGES_REQUESTED: { description: 'An approver asked for changes: edit it and submit again.' },
    REJECTED: { description: 'An approver rejected it: edit it and submit again, or archive it.' },
    ARCHIVED: { description: 'Set aside for good; kept for history.' },
  },
});

@ObjectType({ description: 'Third-party content a post reshares, with its verification checklist.' })
export class PostSource {
  @Field({ description: 'The http(s) URL of the content reshared.' })
  url: string;

  @Field(() => String, { nullable: true, description: 'Who made the content; null when not given.' })
  author: string | null;

  @Field(() => [SourceCheck], { description: 'The checks completed so far.' })
  completedChecks: SourceCheck[];
}

@ObjectType({ description: 'The internal audience test a humorous post passes before it goes out.' })
export class InternalTest {
  @Field({ description: 'Whether the internal audience passed it.' })
  passed: boolean;

  @Field(() => String, { nullable: true, description: 'What the audience said; null when nothing was noted.' })
  notes: string | null;
}

@ObjectType({ description: 'The content of a post at one revision.' })
export class PostContentFields {
  @Field(() => String, { nullable: true, description: 'A title (blog posts, videos); null when none.' })
  title: string | null;

  @Field({ description: 'The text of the post.' })
  body: string;

  @Field(() => PostFormat, { description: 'TEXT, IMAGE, VIDEO, BLOG_POST, INTERVIEW or LINK.' })
  format: PostFormat;

  @Field(() => [PostTag], { description: 'What kind of content it is: policies select posts by their tags.' })
  tags: PostTag[];

  @Field(() => Int, { nullable: true, description: 'Length of a video or interview, in seconds.' })
  durationSeconds: number | null;

  @Field(() => PostSource, { nullable: true, description: 'The third-party content it reshares; null for original content.' })
  source: PostSource | null;

  @Field(() => String, { nullable: true, description: 'A visible label, e.g. "Opinion".' })
  label: string | null;

  @Field(() => InternalTest, { nullable: true, description: 'The internal audience test (humorous posts); null when not run.' })
  internalTest: InternalTest | null;

  @Field(() => [ID], { description: 'The social profiles the post goes to, all of its brand.' })
  profileIds: string[];
}

@ObjectType({ description: 'One saved version of a post. Every edit adds one; old ones stay readable.' })
export class PostRevision extends PostContentFields {
  @Field(() => Int, { description: '1 for the first version, then one more for each edit.' })
  number: number;

  @Field(() => ID, { description: "Who saved this revision: a user's or an API key's id." })
  createdById: string;

  @Field({ description: 'When this revision was saved.' })
  createdAt: Date;
}

@ObjectType({ description: 'Content for one or more social profiles of one brand.', implements: () => [Node] })
export class Post extends PostContentFields {
  @Field(() => ID, { description: "The post's id (a UUID)." })
  id: string;

  @Field(() => ID, { description: 'The brand the post belongs to.' })
  brandId: string;

  @Field(() => PostStatus, { description: 'Where the post is in its life (see PostStatus).' })
  status: PostStatus;

  @Field(() => Int, { description: 'Number of the current revision.' })
  revision: number;

  @Field(() => ID, { description: "Who created the post: a user's or an API key's id (see authorType)." })
  authorId: string;

  @Field(() => PrincipalType, { description: 'Whether a user or an API key created the post.' })
  authorType: PrincipalType;

  @Field(() => Date, { nullable: true, description: 'When the post is due to be published (SCHEDULED); null otherwise.' })
  scheduledAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the post was published; null before.' })
  publishedAt: Date | null;

  @Field(() => Int, { description: 'How many times publishing was tried; failures are retried with backoff.' })
  publishAttempts: number;

  @Field(() => String, { nullable: true, description: 'Why the last publication attempt failed; a retry is scheduled.' })
  publishError: string | null;

  @Field(() => Date, { nullable: true, description: 'When the next publication attempt runs after a failure; null when none is due.' })
  nextAttemptAt: Date | null;

  @Field({ description: 'When the post was created.' })
  createdAt: Date;

  @Field({ description: 'When the post last changed.' })
  updatedAt: Date;

  brandAncestorIds: string[];
}

export const PostConnection = ConnectionType(Post);
export const PostRevisionConnection = ConnectionType(PostRevision);

@ObjectType({ description: 'The result of submitPost, schedulePost and publishPost: the post and any WARN violations.' })
export class PostActionPayload {
  @Field(() => Post, { description: 'The post after the action.' })
  post: Post;

  @Field(() => [PolicyViolation], { description: 'Violations of WARN policies: the action went through, but look at these.' })
  warnings: PolicyViolation[];
}
