// Response targets and due times (issue 15 point 6): pure functions, no Nest and no database.
export { dueAt } from './due-at';
export { InboxSlaState, responseSlaOf, slaTarget, slaState } from './sla';
