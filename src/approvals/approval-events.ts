import { Injectable } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { EventPublisher } from '../audit';
import { ApprovalQueueChanged, ApprovalQueueEvent } from './approval.events';

export type { ApprovalQueueEvent, QueueState } from './approval.events';

export const APPROVAL_QUEUE_TOPIC = 'approvalQueue';

/**
 * In-process publish/subscribe for approval queues, fed by the event publisher with each
 * ApprovalQueueChanged once the change commits. One process only: across replicas, swap in a
 * Redis-backed PubSub (docs/guide/configuration.md).
 */
@Injectable()
export class ApprovalEvents {
  readonly pubsub = new PubSub();

  constructor(publisher: EventPublisher) {
    publisher.listen(ApprovalQueueChanged, (event) => this.publish(event.payload));
  }

  publish(event: ApprovalQueueEvent): void {
    void this.pubsub.publish(APPROVAL_QUEUE_TOPIC, event);
  }
}
