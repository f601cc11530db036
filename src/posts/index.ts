// The posts feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { PostLifecycleService } from './post-lifecycle.service';
export { PostEntity, PostPublicationEntity, PostRevisionEntity } from './post.entities';
export { POST_EVENTS } from './post.events';
export { Post } from './post.types';
export { PostsService } from './posts.service';
export { PostsModule } from './posts.module';
