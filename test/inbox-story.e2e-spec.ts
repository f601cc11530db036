import { SandboxConnector } from '../src/publishing';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, TestApp, TestMember, TestOrganization, UMBRELLA_TREE } from './support';

// The inbox end to end, over HTTP, as issue 15 tells it: what comes back to Snickers on X is
// moderated by the umbrella, routed to the Snickers agent, answered within the brand's policies
// (a complaint's answer after approval) and counted against the response target.

const SET_POLICY = `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { id } }`;
const SET_RULE = `mutation ($input: SetModerationRuleInput!) { setModerationRule(input: $input) { id } }`;
const INGEST = `mutation ($input: [IngestInboxItemInput!]!) { ingestInboxItems(input: $input) {
  created results { status item { id status about assigneeId dueAt slaState moderation { ruleName brandId matched actions } } } } }`;
const REPLY = `mutation ($input: ReplyToInboxItemInput!) { replyToInboxItem(input: $input) {
  reply { id status } item { id status firstResponseAt } approvalRequestId } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { id status } } }`;
const ITEM = `query ($id: ID!) { inboxItem(id: $id) { status firstResponseAt slaState replies { status } } }`;
const INBOX = `query ($brandId: ID!) { inbox(filter: { brandId: $brandId }, first: 10) { totalCount edges { node { id status } } } }`;
const STATS = `query ($brandId: ID!, $from: DateTime!, $to: DateTime!) {
  inboxStats(brandId: $brandId, from: $from, to: $to, groupBy: BRAND) {
    total { received answered responseRate medianFirstResponseSeconds slaMet slaMetPercent hidden } } }`;

describe('the inbox, end to end', () => {
  let t: TestApp;
  let org: TestOrganization;
  let build: Builders;
  let sandbox: SandboxConnector;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let snickersX: string;
  let agent: TestMember;
  let approver: TestMember;

  const policy = (brandId: string, type: string, config: Record<string, unknown>, locked = false) =>
    t.ok(SET_POLICY, { input: { brandId, type, enforcement: 'BLOCK', locked, config } }, org.adminToken);

  beforeAll(async () => {
    t = await TestApp.start();
    sandbox = t.app.get(SandboxConnector);
    org = await t.createOrganization('Inbox story');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    snickersX = await build.profile(brands.Snickers, { network: 'X', handle: 'snickers', live: true });
    agent = await t.createMember(org, 'snickers-agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    approver = await t.createMember(org, 'approver', [{ roleKey: 'APPROVER', brandId: brands.Umbrella }]);
    const workflowId = await build.workflow('Care review', [{ name: 'Care lead', approverRoles: ['APPROVER'], quorum: 1 }]);

    // The umbrella governs: a banned term, complaint replies approved first, response targets.
    await policy(brands.Umbrella, 'BANNED_TERMS', { bannedTerms: { terms: ['cure'] } }, true);
    await policy(brands.Umbrella, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId, replies: { abouts: ['COMPLAINT'] } } });
    await policy(brands.Umbrella, 'RESPONSE_SLA', { responseSla: { minutes: 240, targets: [{ abouts: ['COMPLAINT'], minutes: 60 }, { abouts: ['QUESTION'], minutes: 120 }] } });
    // ...and moderates: a locked rule on the umbrella, a routing rule on Snickers.
    await t.ok(SET_RULE, { input: {
      brandId: brands.Umbrella, name: 'Banned words with links', locked: true,
      conditions: [{ type: 'KEYWORDS', terms: ['cure'] }, { type: 'HAS_LINK' }], actions: [{ type: 'HIDE' }],
    } }, org.adminToken);
    await t.ok(SET_RULE, { input: {
      brandId: brands.Snickers, name: 'Questions to the agent',
      conditions: [{ type: 'ABOUT', abouts: ['QUESTION'] }], actions: [{ type: 'ASSIGN', principalId: agent.id }],
    } }, org.adminToken);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  it('hides, routes, refuses, approves and counts', async () => {
    const from = new Date(Date.now() - 3600_000).toISOString();
    const received = new Date(Date.now() - 60_000).toISOString();
    const author = (handle: string) => ({ handle });
    const { ingestInboxItems } = await t.ok(INGEST, { input: [
      { profileId: snickersX, networkId: 'x-1', kind: 'COMMENT', body: 'This bar is a CURE for hunger, get yours at https://spam.example/bars', author: author('spammer'), receivedAt: received },
      { profileId: snickersX, networkId: 'x-2', kind: 'COMMENT', about: 'QUESTION', body: 'Is there a peanut-free Snickers?', author: author('ola'), receivedAt: received },
      { profileId: snickersX, networkId: 'x-3', kind: 'DIRECT_MESSAGE', about: 'COMPLAINT', body: 'My bar arrived melted.', author: author('kuba'), receivedAt: received },
    ] }, org.adminToken);
    expect(ingestInboxItems.created).toBe(3);
    const [spam, question, complaint] = ingestInboxItems.results.map((r: { item: any }) => r.item);

    // The umbrella's locked rule hid the comment, and the item says which rule and why.
    expect(spam.status).toBe('HIDDEN');
    expect(spam.moderation).toEqual([expect.objectContaining({ ruleName: 'Banned words with links', brandId: brands.Umbrella })]);
    expect(spam.moderation[0].matched.join(' ')).toMatch(/cure/i);
    expect(spam.moderation[0].matched.join(' ')).toMatch(/link/i);
    expect(sandbox.moderations.filter((m) => m.networkId === 'x-1').map((m) => m.action)).toEqual(['HIDE']);
    expect(spam.dueAt).toBeNull();

    // The question went to the Snickers agent, due within two hours; the complaint within one.
    expect(question).toMatchObject({ status: 'ASSIGNED', assigneeId: agent.id, slaState: 'ON_TIME' });
    expect(new Date(question.dueAt).getTime() - new Date(received).getTime()).toBe(120 * 60_000);
    expect(new Date(complaint.dueAt).getTime() - new Date(received).getTime()).toBe(60 * 60_000);
    // The agent sees their brand's items (the hidden one included), nothing else.
    expect((await t.ok(INBOX, { brandId: brands.Snickers }, agent.token)).inbox.totalCount).toBe(3);
    expect((await t.ok(INBOX, { brandId: brands.Dove }, agent.token)).inbox.totalCount).toBe(0);

    // A reply with the banned term is refused with the violations; nothing is sent.
    const refused = await t.gql(REPLY, { input: { itemId: question.id, body: 'Peanuts are the cure, sorry!' } }, agent.token);
    expect(errorCodes(refused)).toEqual(['POLICY_VIOLATION']);
    expect(refused.errors![0].extensions.violations).toEqual([expect.objectContaining({ type: 'BANNED_TERMS', enforcement: 'BLOCK' })]);
    const answered = (await t.ok(REPLY, { input: { itemId: question.id, body: 'Not yet, but we passed your wish on!' } }, agent.token)).replyToInboxItem;
    expect(answered.reply.status).toBe('SENT');
    expect(answered.item.status).toBe('WAITING');

    // The complaint's answer waits for approval, and goes out once the approver says yes.
    const pending = (await t.ok(REPLY, { input: { itemId: complaint.id, body: 'So sorry! A replacement is on its way.' } }, agent.token)).replyToInboxItem;
    expect(pending.reply.status).toBe('PENDING_APPROVAL');
    expect(pending.item.firstResponseAt).toBeNull();
    expect(sandbox.replies.filter((r) => r.replyId === pending.reply.id)).toEqual([]);
    await t.ok(DECIDE, { input: { requestId: pending.approvalRequestId, decision: 'APPROVE' } }, approver.token);
    expect(sandbox.replies.filter((r) => r.replyId === pending.reply.id)).toHaveLength(1);
    const complaintAfter = (await t.ok(ITEM, { id: complaint.id }, agent.token)).inboxItem;
    expect(complaintAfter).toMatchObject({ status: 'WAITING', slaState: 'MET', replies: [{ status: 'SENT' }] });

    // Snickers' response rate and median first response: 2 of the 2 items awaiting an answer (the hidden one is counted apart).
    const { total } = (await t.ok(STATS, { brandId: brands.Snickers, from, to: new Date(Date.now() + 60_000).toISOString() }, agent.token)).inboxStats;
    expect(total).toMatchObject({ received: 3, answered: 2, hidden: 1, slaMet: 2, slaMetPercent: 100 });
    expect(total.responseRate).toBeGreaterThan(0);
    expect(total.medianFirstResponseSeconds).toBeGreaterThanOrEqual(60);
  });
});
