import { Injectable } from '@nestjs/common';
import { PubSub } from 'graphql-subscriptions';
import { ApprovalRequestStatus, WorkflowStage } from './approval.entities';

/** A request's state as far as "who can decide it now" is concerned. */
export interface QueueState {
  status: ApprovalRequestStatus;
  stage: WorkflowStage | null;
  escalated: boolean;
  deciderIds: string[];
}

export interface ApprovalQueueEvent {
  organizationId: string;
  requestId: string;
  postId: string;
  brandId: string;
  brandAncestorIds: string[];
  authorId: string;
  before: QueueState | null;
  after: QueueState;
}

export const APPROVAL_QUEUE_TOPIC = 'approvalQueue';

/**
 * In-process publish/subscribe for approval queues. Events are published after the change
 * commits. One process only: across replicas, swap in a Redis-backed PubSub (docs/guide/configuration.md).
 */
@Injectable()
export class ApprovalEvents {
  readonly pubsub = new PubSub();

  publish(event: ApprovalQueueEvent): void {
    void this.pubsub.publish(APPROVAL_QUEUE_TOPIC, event);
  }
}
