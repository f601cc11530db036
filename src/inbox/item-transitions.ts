import { InboxItemStatus } from './inbox.enums';

// The status machine of an inbox item, as the agents' actions drive it (docs/guide/inbox.md,
// "Working the inbox"): pure, so the whole table is unit-tested (item-transitions.spec.ts).
//
//   OPEN -> ASSIGNED -> WAITING -> CLOSED, plus HIDDEN and SPAM.
//
// WAITING is set by a reply going out (replyToInboxItem); a new incoming message in the
// conversation of a WAITING item is ingest's to handle (the new message is an item of its own).

const S = InboxItemStatus;

/** An agent's action on an item's status (the edits of labels, notes, about and priority change no status). */
export type StatusAction = 'assign' | 'unassign' | 'claim' | 'close' | 'reopen' | 'hide' | 'unhide' | 'spam' | 'thank';

/** What an item looks like to the machine. */
export interface ItemState {
  status: InboxItemStatus;
  assigneeId: string | null;
}

/** Where each action may start from. */
export const ALLOWED_FROM: Record<StatusAction, readonly InboxItemStatus[]> = {
  // Nobody is asked to answer what the public cannot see, nor what is done: reopen or unhide first.
  assign: [S.OPEN, S.ASSIGNED, S.WAITING],
  unassign: [S.OPEN, S.ASSIGNED, S.WAITING],
  claim: [S.OPEN, S.ASSIGNED, S.WAITING],
  close: [S.OPEN, S.ASSIGNED, S.WAITING],
  reopen: [S.CLOSED],
  // A closed item is still public on the network, and may need hiding later.
  hide: [S.OPEN, S.ASSIGNED, S.WAITING, S.CLOSED],
  // Also how an item wrongly marked as spam comes back.
  unhide: [S.HIDDEN, S.SPAM],
  spam: [S.OPEN, S.ASSIGNED, S.WAITING, S.CLOSED, S.HIDDEN],
  // A spammer or a hidden message is not thanked.
  thank: [S.OPEN, S.ASSIGNED, S.WAITING, S.CLOSED],
};

/** What to tell the agent when an action cannot start from a status. */
const WAY_OUT: Partial<Record<InboxItemStatus, string>> = {
  [S.CLOSED]: 'reopen it first',
  [S.HIDDEN]: 'unhide it first',
  [S.SPAM]: 'unhide it first',
};

/** Whether `action` may start from `status`. */
export const canStart = (action: StatusAction, status: InboxItemStatus): boolean => ALLOWED_FROM[action].includes(status);

/** Why `action` cannot start from `status`, or null when it can; with the way out when there is one. */
export function refusal(action: StatusAction, status: InboxItemStatus): string | null {
  if (canStart(action, status)) return null;
  // Reopening or unhiding leads back to the queue (OPEN or ASSIGNED): a way out only for actions allowed there.
  const wayOut = WAY_OUT[status];
  const leadsSomewhere = wayOut && canStart(action, S.OPEN) && canStart(action, S.ASSIGNED);
  return `cannot ${action} an item that is ${status}${leadsSomewhere ? `: ${wayOut}` : ''}`;
}

/** The status an item returns to when it is back in the queue: held by its assignee, or open. */
const backInQueue = (item: ItemState) => (item.assigneeId ? S.ASSIGNED : S.OPEN);

/**
 * The status after `action` (which must be allowed from the item's status). An assignment keeps
 * a WAITING item waiting on its customer; losing its assignee makes an ASSIGNED item OPEN.
 */
export function nextStatus(action: StatusAction, item: ItemState): InboxItemStatus {
  switch (action) {
    case 'assign':
    case 'claim':
      return item.status === S.WAITING ? S.WAITING : S.ASSIGNED;
    case 'unassign':
      return item.status === S.WAITING ? S.WAITING : S.OPEN;
    case 'close':
      return S.CLOSED;
    case 'reopen':
    case 'unhide':
      return backInQueue(item);
    case 'hide':
      return S.HIDDEN;
    case 'spam':
      return S.SPAM;
    case 'thank':
      return item.status;
  }
}

/** What a claim comes to: the caller takes the item, already holds it, or finds it held by someone else. */
export type ClaimOutcome = { kind: 'take' } | { kind: 'already-yours' } | { kind: 'held'; assigneeId: string };

/** No two agents answer the same customer blind: an item someone else holds is not claimed from them (assign it to take it over). */
export function claimOutcome(item: ItemState, callerId: string): ClaimOutcome {
  if (item.assigneeId === callerId) return { kind: 'already-yours' };
  if (item.assigneeId) return { kind: 'held', assigneeId: item.assigneeId };
  return { kind: 'take' };
}
