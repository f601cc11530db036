import { InboxItemStatus } from './inbox.enums';
import { ALLOWED_FROM, canStart, claimOutcome, nextStatus, refusal, StatusAction } from './item-transitions';

const S = InboxItemStatus;
const ALL = Object.values(InboxItemStatus);

describe('the inbox item status machine', () => {
  // The whole table, written out: a change to it is a change of behaviour agents rely on.
  const table: [StatusAction, InboxItemStatus[]][] = [
    ['assign', [S.OPEN, S.ASSIGNED, S.WAITING]],
    ['unassign', [S.OPEN, S.ASSIGNED, S.WAITING]],
    ['claim', [S.OPEN, S.ASSIGNED, S.WAITING]],
    ['close', [S.OPEN, S.ASSIGNED, S.WAITING]],
    ['reopen', [S.CLOSED]],
    ['hide', [S.OPEN, S.ASSIGNED, S.WAITING, S.CLOSED]],
    ['unhide', [S.HIDDEN, S.SPAM]],
    ['spam', [S.OPEN, S.ASSIGNED, S.WAITING, S.CLOSED, S.HIDDEN]],
    ['thank', [S.OPEN, S.ASSIGNED, S.WAITING, S.CLOSED]],
  ];

  it.each(table)('%s starts only from %j', (action, from) => {
    expect(ALLOWED_FROM[action]).toEqual(from);
    for (const status of ALL) {
      expect(canStart(action, status)).toBe(from.includes(status));
      expect(refusal(action, status) === null).toBe(from.includes(status));
    }
  });

  it('names the way out of a refusal when there is one', () => {
    expect(refusal('close', S.CLOSED)).toBe('cannot close an item that is CLOSED: reopen it first');
    expect(refusal('assign', S.HIDDEN)).toBe('cannot assign an item that is HIDDEN: unhide it first');
    expect(refusal('claim', S.SPAM)).toBe('cannot claim an item that is SPAM: unhide it first');
    expect(refusal('reopen', S.OPEN)).toBe('cannot reopen an item that is OPEN');
    expect(refusal('unhide', S.CLOSED)).toBe('cannot unhide an item that is CLOSED');
    expect(refusal('thank', S.SPAM)).toBe('cannot thank an item that is SPAM: unhide it first');
  });

  it.each([
    ['assign', S.OPEN, null, S.ASSIGNED],
    ['assign', S.ASSIGNED, 'a', S.ASSIGNED],
    ['assign', S.WAITING, null, S.WAITING],
    ['claim', S.OPEN, null, S.ASSIGNED],
    ['claim', S.WAITING, null, S.WAITING],
    ['unassign', S.ASSIGNED, 'a', S.OPEN],
    ['unassign', S.WAITING, 'a', S.WAITING],
    ['close', S.WAITING, 'a', S.CLOSED],
    ['reopen', S.CLOSED, 'a', S.ASSIGNED],
    ['reopen', S.CLOSED, null, S.OPEN],
    ['hide', S.CLOSED, null, S.HIDDEN],
    ['unhide', S.HIDDEN, 'a', S.ASSIGNED],
    ['unhide', S.SPAM, null, S.OPEN],
    ['spam', S.HIDDEN, null, S.SPAM],
    ['thank', S.WAITING, 'a', S.WAITING],
  ] as [StatusAction, InboxItemStatus, string | null, InboxItemStatus][])('%s from %s (assignee %s) leads to %s', (action, status, assigneeId, expected) => {
    expect(nextStatus(action, { status, assigneeId })).toBe(expected);
  });

  it('lets nobody claim an item another agent holds', () => {
    expect(claimOutcome({ status: S.OPEN, assigneeId: null }, 'me')).toEqual({ kind: 'take' });
    expect(claimOutcome({ status: S.ASSIGNED, assigneeId: 'me' }, 'me')).toEqual({ kind: 'already-yours' });
    expect(claimOutcome({ status: S.ASSIGNED, assigneeId: 'you' }, 'me')).toEqual({ kind: 'held', assigneeId: 'you' });
    expect(claimOutcome({ status: S.WAITING, assigneeId: 'you' }, 'me')).toEqual({ kind: 'held', assigneeId: 'you' });
  });
});
