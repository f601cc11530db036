// Publish/subscribe shared by every subscription: Redis when REDIS_URL is set, in-process when not.
export { SharedPubSub, type PubSubLog } from './shared-pubsub';
export { createSharedPubSub, PubSubModule, type PubSubOptions } from './pubsub.module';
export { decodeEvent, encodeEvent } from './event-codec';
