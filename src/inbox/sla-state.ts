/**
 * The SQL twin of `slaState` (src/inbox/sla), for filtering an inbox_items alias `a`: none
 * without a due time; else by the first response (MET by the due time, MISSED after), or,
 * unanswered, by now (ON_TIME, OVERDUE). now() is the transaction's start.
 */
export const SLA_STATE_SQL = (a: string) => `(CASE WHEN ${a}.due_at IS NULL THEN 'NO_TARGET'
  WHEN ${a}.first_response_at IS NOT NULL THEN CASE WHEN ${a}.first_response_at <= ${a}.due_at THEN 'MET' ELSE 'MISSED' END
  WHEN now() <= ${a}.due_at THEN 'ON_TIME' ELSE 'OVERDUE' END)`;
