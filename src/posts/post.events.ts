import { DomainEvent } from '../../libs/events';
import { Post } from './post.types';

/** A post as the audit log shows it (without the brand's ancestry, which is not the post's). */
const audited = ({ brandAncestorIds: _ancestors, ...post }: Post) => post;

/** What a step through the lifecycle changes, as the audit log keeps it. */
const stepFields = (p: Post) => ({ status: p.status, scheduledAt: p.scheduledAt, publishedAt: p.publishedAt, publishError: p.publishError, revision: p.revision });

/** What a scheduled publication attempt changes. */
const attemptFields = (before: Post, after: Post) => ({
  before: { status: before.status, publishAttempts: before.publishAttempts },
  after: { status: after.status, publishAttempts: after.publishAttempts, publishError: after.publishError },
});

interface Change {
  before: Post;
  after: Post;
}

abstract class PostEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'Post';
}

export class PostCreated extends PostEvent<{ post: Post }> {
  static readonly type = 'post.created';

  record() {
    const { post } = this.payload;
    return { entityId: post.id, brandId: post.brandId, after: audited(post) };
  }
}

/** Its content edited (a new revision). */
export class PostUpdated extends PostEvent<Change> {
  static readonly type = 'post.updated';

  record() {
    const { before, after } = this.payload;
    return { entityId: before.id, brandId: before.brandId, before: audited(before), after: audited(after) };
  }
}

export class PostArchived extends PostEvent<Change> {
  static readonly type = 'post.archived';

  record() {
    const { before, after } = this.payload;
    return { entityId: before.id, brandId: before.brandId, before: { status: before.status }, after: { status: after.status } };
  }
}

/** A caller's step through the lifecycle. */
abstract class PostStep extends PostEvent<Change> {
  record() {
    const { before, after } = this.payload;
    return { entityId: before.id, brandId: before.brandId, before: stepFields(before), after: stepFields(after) };
  }
}

export class PostSubmitted extends PostStep {
  static readonly type = 'post.submitted';
}

export class PostScheduled extends PostStep {
  static readonly type = 'post.scheduled';
}

/**
 * Published through the profiles' connectors: by a caller (`publishPost`, a lifecycle step)
 * or by the scheduler when due, whose record shows the attempt count instead.
 */
export class PostPublished extends PostEvent<Change & { by: 'caller' | 'scheduler' }> {
  static readonly type = 'post.published';

  record() {
    const { before, after, by } = this.payload;
    const fields = by === 'caller' ? { before: stepFields(before), after: stepFields(after) } : attemptFields(before, after);
    return { entityId: before.id, brandId: before.brandId, ...fields };
  }
}

/** The scheduler's attempt failed in a connector; it is retried with backoff. */
export class PostPublishFailed extends PostEvent<Change> {
  static readonly type = 'post.publish_failed';

  record() {
    const { before, after } = this.payload;
    return { entityId: before.id, brandId: before.brandId, ...attemptFields(before, after) };
  }
}

export const POST_EVENTS = [PostCreated, PostUpdated, PostArchived, PostSubmitted, PostScheduled, PostPublished, PostPublishFailed];
