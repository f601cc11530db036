import { InboxSlaState } from './inbox.enums';

/**
 * Where an item stands against its response target: none without a due time; else by its
 * first response (MET by the due time, MISSED after), or, unanswered, by now (ON_TIME, OVERDUE).
 * SLA_STATE_SQL is the same rule for filtering.
 */
export function slaState(dueAt: Date | null, firstResponseAt: Date | null, now: Date): InboxSlaState {
  if (!dueAt) return InboxSlaState.NO_TARGET;
  if (firstResponseAt) return firstResponseAt <= dueAt ? InboxSlaState.MET : InboxSlaState.MISSED;
  return now <= dueAt ? InboxSlaState.ON_TIME : InboxSlaState.OVERDUE;
}

/** slaState in SQL for an inbox_items alias `a` (now() is the transaction's start). */
export const SLA_STATE_SQL = (a: string) => `(CASE WHEN ${a}.due_at IS NULL THEN 'NO_TARGET'
  WHEN ${a}.first_response_at IS NOT NULL THEN CASE WHEN ${a}.first_response_at <= ${a}.due_at THEN 'MET' ELSE 'MISSED' END
  WHEN now() <= ${a}.due_at THEN 'ON_TIME' ELSE 'OVERDUE' END)`;
