import { InboxSlaState } from './inbox.enums';
import { slaState } from './sla-state';

describe('slaState', () => {
  const due = new Date('2026-01-01T10:00:00Z');
  const before = new Date('2026-01-01T09:00:00Z');
  const after = new Date('2026-01-01T11:00:00Z');

  it.each([
    ['no due time', null, null, before, InboxSlaState.NO_TARGET],
    ['no due time, answered', null, before, after, InboxSlaState.NO_TARGET],
    ['unanswered before the due time', due, null, before, InboxSlaState.ON_TIME],
    ['unanswered at the due time', due, null, due, InboxSlaState.ON_TIME],
    ['unanswered past the due time', due, null, after, InboxSlaState.OVERDUE],
    ['answered by the due time', due, before, after, InboxSlaState.MET],
    ['answered after the due time', due, after, after, InboxSlaState.MISSED],
  ])('%s', (_case, dueAt, firstResponseAt, now, expected) => {
    expect(slaState(dueAt, firstResponseAt, now)).toBe(expected);
  });
});
