// The item's kind and subject are the policy engine's (RESPONSE_SLA targets and reply approvals name them).
export { InboxAbout, InboxItemKind } from '../../libs/policy-engine';
export { InboxSlaState } from './sla';

/** Who set an item's `about` last. */
export enum InboxAboutSource {
  INGEST = 'INGEST',
  RULE = 'RULE',
  AGENT = 'AGENT',
}

/** OPEN -> ASSIGNED -> WAITING (on the customer) -> CLOSED, plus HIDDEN and SPAM by moderation. */
export enum InboxItemStatus {
  OPEN = 'OPEN',
  ASSIGNED = 'ASSIGNED',
  WAITING = 'WAITING',
  CLOSED = 'CLOSED',
  HIDDEN = 'HIDDEN',
  SPAM = 'SPAM',
}

export enum InboxPriority {
  LOW = 'LOW',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}

/** Where an outgoing reply stands. */
export enum InboxReplyStatus {
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  SENDING = 'SENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  REJECTED = 'REJECTED',
  CHANGES_REQUESTED = 'CHANGES_REQUESTED',
}

/** Priorities in urgency order, most urgent first: the URGENT order sorts on this rank. */
export const PRIORITY_RANK: Record<InboxPriority, number> = { URGENT: 0, HIGH: 1, NORMAL: 2, LOW: 3 };
