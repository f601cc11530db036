/** The kinds of incoming message the inbox holds. */
export enum InboxItemKind {
  COMMENT = 'COMMENT',
  REPLY = 'REPLY',
  MENTION = 'MENTION',
  DIRECT_MESSAGE = 'DIRECT_MESSAGE',
  REVIEW = 'REVIEW',
  SHARE = 'SHARE',
}

/** What an item is about: set at ingest, by a moderation rule or by an agent. */
export enum InboxAbout {
  QUESTION = 'QUESTION',
  COMPLAINT = 'COMPLAINT',
  PRAISE = 'PRAISE',
  OTHER = 'OTHER',
}

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

/** An item against its response target, computed from due_at, first_response_at and now. */
export enum InboxSlaState {
  NO_TARGET = 'NO_TARGET',
  ON_TIME = 'ON_TIME',
  OVERDUE = 'OVERDUE',
  MET = 'MET',
  MISSED = 'MISSED',
}

/** Priorities in urgency order, most urgent first: the URGENT order sorts on this rank. */
export const PRIORITY_RANK: Record<InboxPriority, number> = { URGENT: 0, HIGH: 1, NORMAL: 2, LOW: 3 };
