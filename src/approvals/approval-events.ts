import { Injectable } from '@nestjs/common';
import { SharedPubSub } from '../../libs/pubsub';
import { EventPublisher } from '../audit';
import { ApprovalQueueChanged, ApprovalQueueEvent } from './approval.events';

export type { ApprovalQueueEvent, QueueState } from './approval.events';

export const APPROVAL_QUEUE_TOPIC = 'approvalQueue';

/**
 * The approval queues' topic on the shared pub/sub (every replica's subscribers hear it when
 * REDIS_URL is set), fed by the event publisher with each ApprovalQueueChanged once the change
 * commits, never if it rolls back.
 */
@Injectable()
export class ApprovalEvents {
  constructor(
    publisher: EventPublisher,
    readonly pubsub: SharedPubSub,
  ) {
    publisher.listen(ApprovalQueueChanged, (event) => this.publish(event.payload));
  }

  publish(event: ApprovalQueueEvent): void {
    void this.pubsub.publish(APPROVAL_QUEUE_TOPIC, event);
  }
}
