import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Principal, RequestContext } from '../libs/core';
import { Db } from '../libs/database';
import { ApprovalRequestsService, ApprovalSubjectType } from '../src/approvals';
import { APPROVAL_QUEUE_TOPIC, ApprovalEvents, ApprovalQueueEvent } from '../src/approvals/approval-events';
import { OrganizationsService, SeedRole } from '../src/organizations/organizations.service';
import { SandboxConnector } from '../src/publishing';
import { BOOT_TIMEOUT_MS, builders, errorCodes, onPostgresServer, TEST_PASSWORD, TestApp, TestOrganization } from './support';

const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { id status currentStage subjectType postId inboxReplyId } } }`;
const QUEUE = `query ($subjectType: ApprovalSubjectType) { approvalQueue(first: 50, subjectType: $subjectType) { edges { node { id subjectType postId inboxReplyId brandId status } } } }`;
const REPLY = `mutation ($input: ReplyToInboxItemInput!) { replyToInboxItem(input: $input) { reply { id status } approvalRequestId } }`;
const REPLY_STATUS = `query ($id: ID!) { inboxItem(id: $id) { replies { id status } } }`;

/**
 * Approvals are subject-generic: inbox replies, registered by the inbox feature through
 * ApprovalSubjects, go through the same workflows, queue, author rule, quorum and race-safety as
 * posts (issue 15, governed replies); the database refuses a request naming no subject or two.
 */
describe('approval subjects', () => {
  let t: TestApp;
  let org: TestOrganization;
  let brandId: string;
  let profileId: string;
  let workflowId: string;
  let author: { principal: Principal; token: string };
  let approvers: { principal: Principal; token: string }[];
  const events: ApprovalQueueEvent[] = [];

  const member = async (name: string, roles: SeedRole[]) => {
    const email = `${name}-${randomUUID().slice(0, 8)}@${org.slug}.example`;
    const principal = await t.app.get(OrganizationsService).addUser(org.id, { email, displayName: name, password: TEST_PASSWORD }, roles);
    return { principal, token: await t.login(email, TEST_PASSWORD) };
  };

  /** A reply by the author to a fresh item, held for approval by the brand's APPROVAL_REQUIRED policy. */
  const submittedReply = async (): Promise<{ itemId: string; replyId: string; requestId: string }> => {
    const { results } = await builders(t, org.adminToken).ingest([{ profileId, about: 'COMPLAINT', body: 'My order never came' }]);
    const itemId = results[0].item!.id;
    const { reply, approvalRequestId } = (await t.ok(REPLY, { input: { itemId, body: 'Sorry! A new one is on its way.' } }, author.token)).replyToInboxItem;
    expect(reply.status).toBe('PENDING_APPROVAL');
    return { itemId, replyId: reply.id, requestId: approvalRequestId };
  };
  const replyStatus = async (itemId: string) => (await t.ok(REPLY_STATUS, { id: itemId }, org.adminToken)).inboxItem.replies[0].status;
  const decide = (requestId: string, decision: string, token: string) => t.gql(DECIDE, { input: { requestId, decision } }, token);

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Approval Subjects');
    const build = builders(t, org.adminToken);
    brandId = await build.brand('Replies');
    profileId = await build.profile(brandId, { network: 'X', handle: 'replies', displayName: 'Replies', live: true });
    // One workflow for both kinds of subject: every post and every reply of the brand goes through it.
    workflowId = await build.workflow('Reply review', [{ name: 'Care lead', approverRoles: ['APPROVER'], quorum: 1 }]);
    await build.requireApproval(brandId, workflowId, { always: true, replies: { always: true } });
    // The author could approve on this brand: only authorship keeps them from their own replies.
    author = await member('agent', [{ roleKey: 'ZOOM_AGENT', brandId }, { roleKey: 'APPROVER', brandId }]);
    approvers = [await member('lead-1', [{ roleKey: 'APPROVER', brandId }]), await member('lead-2', [{ roleKey: 'APPROVER', brandId }])];
    await t.app.get(ApprovalEvents).pubsub.subscribe(APPROVAL_QUEUE_TOPIC, (event: ApprovalQueueEvent) => {
      if (event.organizationId === org.id) events.push(event);
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  it('a reply\'s request is in the approvers\' queue (narrowed by subjectType), never its author\'s, and says what it approves', async () => {
    const { replyId, requestId } = await submittedReply();
    const expected = { id: requestId, subjectType: 'INBOX_REPLY', postId: null, inboxReplyId: replyId, brandId, status: 'OPEN' };
    const queue = async (token: string, subjectType?: string) => (await t.ok(QUEUE, { subjectType }, token)).approvalQueue.edges.map((e: any) => e.node);
    expect(await queue(approvers[0].token)).toContainEqual(expected);
    expect(await queue(approvers[0].token, 'INBOX_REPLY')).toContainEqual(expected);
    expect(await queue(approvers[0].token, 'POST')).not.toContainEqual(expect.objectContaining({ id: requestId }));
    expect(await queue(author.token)).toEqual([]);
    expect(events).toContainEqual(expect.objectContaining({ requestId, subjectType: 'INBOX_REPLY', inboxReplyId: replyId, postId: null, authorId: author.principal.id }));
  });

  it('the author never approves their own reply; an approver\'s decision closes the request and the subject follows', async () => {
    const { itemId, replyId, requestId } = await submittedReply();
    const own = await decide(requestId, 'APPROVE', author.token);
    expect(errorCodes(own)).toEqual(['FORBIDDEN']);
    expect(own.errors![0].message).toBe('An author never approves their own reply');
    const approved = (await t.ok(DECIDE, { input: { requestId, decision: 'APPROVE' } }, approvers[0].token)).decideApproval.request;
    expect(approved).toEqual({ id: requestId, status: 'APPROVED', currentStage: 0, subjectType: 'INBOX_REPLY', postId: null, inboxReplyId: replyId });
    expect(await replyStatus(itemId)).toBe('SENT');
    expect(errorCodes(await decide(requestId, 'REJECT', approvers[1].token))).toEqual(['CONFLICT']);
    expect(await replyStatus(itemId)).toBe('SENT');
  });

  it('voiding a reply\'s requests leaves a post\'s alone', async () => {
    const postId = await builders(t, author.token).post({ brandId, profileIds: [profileId], body: 'A post in review beside the reply' });
    const post = await builders(t, author.token).submit(postId);
    expect(post.status).toBe('IN_REVIEW');
    const { itemId, replyId, requestId } = await submittedReply();
    await t.app.get(Db).transaction(() => t.app.get(ApprovalRequestsService).voidOpen(new RequestContext(author.principal), ApprovalSubjectType.INBOX_REPLY, replyId));
    expect(errorCodes(await decide(requestId, 'APPROVE', approvers[0].token))).toEqual(['CONFLICT']);
    expect(await replyStatus(itemId)).toBe('PENDING_APPROVAL');
    expect(events).toContainEqual(expect.objectContaining({ requestId, subjectType: 'INBOX_REPLY', after: expect.objectContaining({ status: 'VOID' }) }));
    const postRequest = (await t.ok(DECIDE, { input: { requestId: post.requestId, decision: 'APPROVE' } }, approvers[0].token)).decideApproval.request;
    expect(postRequest).toEqual({ id: post.requestId, status: 'APPROVED', currentStage: 0, subjectType: 'POST', postId, inboxReplyId: null });
  });

  it('two approvers racing for a reply\'s quorum-1 stage record one decision; the loser gets CONFLICT', async () => {
    // The embedded database runs one transaction at a time: nothing to race there.
    if (!onPostgresServer()) return;
    for (let round = 0; round < 5; round++) {
      const { replyId, requestId } = await submittedReply();
      const answers = await Promise.all(approvers.map((a) => decide(requestId, 'APPROVE', a.token)));
      expect(answers.map(errorCodes).flat()).toEqual(['CONFLICT']);
      expect(t.app.get(SandboxConnector).replies.filter((r) => r.replyId === replyId)).toHaveLength(1);
    }
  });

  it('the database refuses a request naming no subject, both, or the id of the other type', async () => {
    const insert = (subjectType: string, postId: string | null, inboxReplyId: string | null) =>
      t.app.get(DataSource).query(
        `INSERT INTO approval_requests (organization_id, subject_type, post_id, inbox_reply_id, author_id, brand_id, revision, workflow_ids, stages, submitted_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, 1, '{}', '[]', $5)`,
        [org.id, subjectType, postId, inboxReplyId, author.principal.id, brandId],
      );
    const refused = { code: '23514', constraint: 'CHK_approval_requests_subject' };
    await expect(insert('INBOX_REPLY', null, null)).rejects.toMatchObject(refused);
    await expect(insert('POST', null, null)).rejects.toMatchObject(refused);
    await expect(insert('INBOX_REPLY', randomUUID(), randomUUID())).rejects.toMatchObject(refused);
    await expect(insert('POST', null, randomUUID())).rejects.toMatchObject(refused);
    // inbox_reply_id names a reply that exists (FK_approval_requests_inbox_reply_id).
    await expect(insert('INBOX_REPLY', null, randomUUID())).rejects.toMatchObject({ code: '23503', constraint: 'FK_approval_requests_inbox_reply_id' });
  });
});
