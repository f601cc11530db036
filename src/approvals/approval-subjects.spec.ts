import { RequestContext } from '../../libs/core';
import { ApprovalRequestStatus, ApprovalSubjectType } from './approval.entities';
import { ApprovalSubjectHandler, ApprovalSubjects } from './approval-subjects';

/** A handler that says which type it serves, for telling dispatch apart. */
const handler = (calls: string[], type: string): ApprovalSubjectHandler => ({
  lock: async (_ctx, id) => {
    calls.push(`${type} lock ${id}`);
    return { id, brandId: 'b', brandAncestorIds: [], authorId: 'a', revision: 1 };
  },
  closed: async (_ctx, id, outcome) => {
    calls.push(`${type} closed ${id} ${outcome}`);
  },
});

describe('ApprovalSubjects', () => {
  const ctx = {} as RequestContext;

  it('hands each subject type to the handler registered for it', async () => {
    const calls: string[] = [];
    const subjects = new ApprovalSubjects();
    subjects.register(ApprovalSubjectType.POST, handler(calls, 'post'));
    subjects.register(ApprovalSubjectType.INBOX_REPLY, handler(calls, 'reply'));
    await subjects.lock(ctx, ApprovalSubjectType.INBOX_REPLY, 'r1');
    await subjects.closed(ctx, ApprovalSubjectType.POST, 'p1', ApprovalRequestStatus.REJECTED);
    expect(calls).toEqual(['reply lock r1', 'post closed p1 REJECTED']);
  });

  it('refuses a second handler for a type, and a subject type nobody registered', () => {
    const subjects = new ApprovalSubjects();
    subjects.register(ApprovalSubjectType.POST, handler([], 'post'));
    expect(() => subjects.register(ApprovalSubjectType.POST, handler([], 'again'))).toThrow(/already registered/);
    expect(() => subjects.lock(ctx, ApprovalSubjectType.INBOX_REPLY, 'r1')).toThrow(/No handler for INBOX_REPLY/);
  });
});
