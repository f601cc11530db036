import { DataSource } from 'typeorm';
import { SandboxConnector } from '../src/publishing';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, InboxItemInput, onPostgresServer, TestApp, TestMember, TestOrganization, UMBRELLA_TREE } from './support';

// Replying (docs/guide/inbox.md, "Replying"): governed replies sent through the profile's
// connector, approval of replies, retries, the dry run, and saved replies down the brand tree.

const REPLY = `mutation ($input: ReplyToInboxItemInput!) { replyToInboxItem(input: $input) {
  reply { id itemId status body tags networkId error sentAt authorId authorType }
  item { id status firstResponseAt version } approvalRequestId warnings { type enforcement message } } }`;
const RETRY = `mutation ($id: ID!) { retryInboxReply(id: $id) { reply { id status networkId error } item { status firstResponseAt } } }`;
const CHECK = `query ($itemId: ID!, $body: String!, $tags: [PostTag!]) { replyCheck(itemId: $itemId, body: $body, tags: $tags) {
  violations { type enforcement } warnings { type enforcement } approvalRequired workflows { workflowId } } }`;
const ITEM = `query ($id: ID!) { inboxItem(id: $id) { id status firstResponseAt version networkId
  replies { id status body } conversation { messages(first: 10) { edges { node { direction body itemId replyId status } } } } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { id status } } }`;
const QUEUE = `query { approvalQueue(first: 50, subjectType: INBOX_REPLY) { edges { node { id inboxReplyId } } } }`;
const SET_SAVED = `mutation ($input: SetSavedReplyInput!) { setSavedReply(input: $input) { id brandId name body tags locked inheritedFrom } }`;
const REMOVE_SAVED = `mutation ($id: ID!) { removeSavedReply(id: $id) { id name } }`;
const SAVED = `query ($brandId: ID!) { savedReplies(brandId: $brandId) { id name body inheritedFrom locked } }`;
const SET_POLICY = `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { id } }`;

describe('replying to inbox items', () => {
  let t: TestApp;
  let db: DataSource;
  let sandbox: SandboxConnector;
  let org: TestOrganization;
  let build: Builders;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let snickersX: string;
  let doveFb: string;
  let workflowId: string;
  let agent: TestMember;
  let otherAgent: TestMember;
  /** An agent who may also approve on Snickers: only authorship keeps them from their own replies. */
  let leadAgent: TestMember;
  let approvers: TestMember[];
  let analyst: TestMember;
  let doveAgent: TestMember;
  let doveManager: TestMember;

  /** A fresh item on Snickers' X profile (a QUESTION unless said); its id. */
  const item = async (over: Partial<InboxItemInput> = {}): Promise<string> => {
    const { results } = await build.ingest([{ profileId: snickersX, about: 'QUESTION', body: 'Where can I buy the new bar?', ...over }]);
    return results[0].item!.id;
  };
  const reply = (input: Record<string, unknown>, token = agent.token) => t.gql(REPLY, { input }, token);
  const replied = async (input: Record<string, unknown>, token = agent.token) => (await t.ok(REPLY, { input }, token)).replyToInboxItem;
  const read = async (id: string) => (await t.ok(ITEM, { id }, org.adminToken)).inboxItem;
  const sentFor = (replyId: string) => sandbox.replies.filter((r) => r.replyId === replyId);
  const count = async (table: string) => Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE organization_id = $1`, [org.id]))[0].n);
  const policy = (brandId: string, type: string, config: Record<string, unknown>, enforcement = 'BLOCK') =>
    t.ok(SET_POLICY, { input: { brandId, type, enforcement, config } }, org.adminToken);

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(DataSource);
    sandbox = t.app.get(SandboxConnector);
    org = await t.createOrganization('Inbox replies');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    snickersX = await build.profile(brands.Snickers, { network: 'X', handle: 'snickers', live: true });
    doveFb = await build.profile(brands.Dove, { live: true });
    workflowId = await build.workflow('Care lead review', [{ name: 'Care lead', approverRoles: ['APPROVER'], quorum: 1 }]);
    await policy(brands.Snickers, 'BANNED_TERMS', { bannedTerms: { terms: ['guarantee'] } });
    await policy(brands.Snickers, 'REQUIRED_DISCLOSURE', { requiredDisclosure: { tags: ['PROMOTION'], text: '#ad' } }, 'WARN');
    // Replies to complaints wait for a care lead; posts are not routed by this policy.
    await policy(brands.Snickers, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId, replies: { abouts: ['COMPLAINT'] } } });
    agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    otherAgent = await t.createMember(org, 'other-agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    leadAgent = await t.createMember(org, 'lead-agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }, { roleKey: 'APPROVER', brandId: brands.Snickers }]);
    approvers = [
      await t.createMember(org, 'lead-1', [{ roleKey: 'APPROVER', brandId: brands.Snickers }]),
      await t.createMember(org, 'lead-2', [{ roleKey: 'APPROVER', brandId: brands.Umbrella }]),
    ];
    analyst = await t.createMember(org, 'analyst', [{ roleKey: 'ANALYST', brandId: brands.Snickers }]);
    doveAgent = await t.createMember(org, 'dove-agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Dove }]);
    doveManager = await t.createMember(org, 'dove-manager', [{ roleKey: 'BRAND_MANAGER', brandId: brands.Dove }]);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  it('sends a reply through the profile\'s connector; it joins the conversation after the message it answers', async () => {
    const id = await item({ body: 'Is it gluten free?' });
    const before = await read(id);
    const { reply, item: after, approvalRequestId, warnings } = await replied({ itemId: id, body: 'It is not, sorry!' });
    expect(reply).toMatchObject({ itemId: id, status: 'SENT', body: 'It is not, sorry!', error: null, authorId: agent.id, authorType: 'USER' });
    expect(reply.networkId).toMatch(/^sandbox-reply-/);
    expect(approvalRequestId).toBeNull();
    expect(warnings).toEqual([]);
    expect(sentFor(reply.id)).toEqual([
      expect.objectContaining({ itemId: id, inReplyToNetworkId: before.networkId, idempotencyKey: reply.id, body: 'It is not, sorry!', externalId: reply.networkId, profile: expect.objectContaining({ handle: 'snickers', network: 'X' }) }),
    ]);
    // The customer is next to speak.
    expect(after).toMatchObject({ status: 'WAITING', firstResponseAt: reply.sentAt, version: before.version + 1 });
    const messages = (await read(id)).conversation.messages.edges.map((e: any) => e.node);
    expect(messages).toEqual([
      { direction: 'IN', body: 'Is it gluten free?', itemId: id, replyId: null, status: 'WAITING' },
      { direction: 'OUT', body: 'It is not, sorry!', itemId: id, replyId: reply.id, status: 'SENT' },
    ]);
    const actions = await db.query(`SELECT action FROM audit_events WHERE organization_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['inbox.item.received', 'inbox.item.replied']);
  });

  it('stops the SLA clock with the first reply only', async () => {
    const id = await item();
    await db.query(`UPDATE inbox_items SET due_at = now() + interval '1 hour' WHERE id = $1`, [id]);
    const sla = async () => (await t.ok(`query ($id: ID!) { inboxItem(id: $id) { slaState firstResponseAt } }`, { id }, org.adminToken)).inboxItem;
    expect(await sla()).toEqual({ slaState: 'ON_TIME', firstResponseAt: null });
    const first = await replied({ itemId: id, body: 'In every shop near you.' });
    const second = await replied({ itemId: id, body: 'And online, too.' });
    expect(second.reply.status).toBe('SENT');
    expect(second.item).toMatchObject({ status: 'WAITING', firstResponseAt: first.reply.sentAt });
    expect(await sla()).toEqual({ slaState: 'MET', firstResponseAt: first.reply.sentAt });
  });

  it('refuses a reply with a banned term with the violations, and saves nothing', async () => {
    const id = await item();
    const replies = await count('inbox_replies');
    const calls = sandbox.replies.length;
    const body = await reply({ itemId: id, body: 'We guarantee it is in stock' });
    expect(errorCodes(body)).toEqual(['POLICY_VIOLATION']);
    expect(body.errors![0].extensions.violations).toEqual([expect.objectContaining({ type: 'BANNED_TERMS', enforcement: 'BLOCK', field: 'body' })]);
    expect(await count('inbox_replies')).toBe(replies);
    expect(sandbox.replies.length).toBe(calls);
    expect(await read(id)).toMatchObject({ status: 'OPEN', firstResponseAt: null, replies: [] });
  });

  it('sends a reply that only breaks a WARN policy, with the warning', async () => {
    const id = await item();
    const { reply, warnings } = await replied({ itemId: id, body: 'Try our new bar, 20% off this week!', tags: ['PROMOTION'] });
    expect(reply).toMatchObject({ status: 'SENT', tags: ['PROMOTION'] });
    expect(warnings).toEqual([expect.objectContaining({ type: 'REQUIRED_DISCLOSURE', enforcement: 'WARN' })]);
  });

  describe('approval of replies (APPROVAL_REQUIRED with replies: { abouts: [COMPLAINT] })', () => {
    const pending = async (author = agent) => {
      const id = await item({ about: 'COMPLAINT', body: 'My bar was broken' });
      const result = await replied({ itemId: id, body: 'So sorry! We will send you a new one.' }, author.token);
      expect(result.reply.status).toBe('PENDING_APPROVAL');
      expect(result.approvalRequestId).toEqual(expect.any(String));
      return { itemId: id, replyId: result.reply.id as string, requestId: result.approvalRequestId as string, result };
    };
    const queue = async (token: string) => (await t.ok(QUEUE, {}, token)).approvalQueue.edges.map((e: any) => e.node);

    it('holds the reply for approval, in the approvers\' queue; it goes out only once approved', async () => {
      const { itemId, replyId, requestId, result } = await pending();
      expect(result.item).toMatchObject({ status: 'OPEN', firstResponseAt: null });
      expect(sentFor(replyId)).toEqual([]);
      expect(await queue(approvers[0].token)).toContainEqual({ id: requestId, inboxReplyId: replyId });
      expect(await queue(approvers[1].token)).toContainEqual({ id: requestId, inboxReplyId: replyId });
      expect(await queue(leadAgent.token)).toContainEqual({ id: requestId, inboxReplyId: replyId });
      const decided = (await t.ok(DECIDE, { input: { requestId, decision: 'APPROVE' } }, approvers[0].token)).decideApproval.request;
      expect(decided.status).toBe('APPROVED');
      expect(sentFor(replyId)).toHaveLength(1);
      const after = await read(itemId);
      expect(after.replies).toEqual([{ id: replyId, status: 'SENT', body: 'So sorry! We will send you a new one.' }]);
      expect(after.status).toBe('WAITING');
      expect(after.firstResponseAt).not.toBeNull();
      const actions = await db.query(`SELECT action FROM audit_events WHERE organization_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, itemId]);
      expect(actions.map((a: { action: string }) => a.action)).toEqual(['inbox.item.received', 'inbox.item.reply_pending', 'inbox.item.replied']);
    });

    it('leaves a rejected reply unsent, and one sent back for changes too', async () => {
      for (const [decision, status] of [['REJECT', 'REJECTED'], ['REQUEST_CHANGES', 'CHANGES_REQUESTED']]) {
        const { itemId, replyId, requestId } = await pending();
        await t.ok(DECIDE, { input: { requestId, decision } }, approvers[0].token);
        expect(sentFor(replyId)).toEqual([]);
        expect(await read(itemId)).toMatchObject({ status: 'OPEN', firstResponseAt: null, replies: [{ id: replyId, status }] });
      }
    });

    it('never lets the author approve their own reply', async () => {
      const { replyId, requestId } = await pending(leadAgent);
      expect(await queue(leadAgent.token)).not.toContainEqual(expect.objectContaining({ id: requestId }));
      const own = await t.gql(DECIDE, { input: { requestId, decision: 'APPROVE' } }, leadAgent.token);
      expect(errorCodes(own)).toEqual(['FORBIDDEN']);
      expect(own.errors![0].message).toBe('An author never approves their own reply');
      expect(sentFor(replyId)).toEqual([]);
    });

    it('records one decision when two approvers race, and sends the reply once', async () => {
      // The embedded database runs one transaction at a time: nothing to race there.
      if (!onPostgresServer()) return;
      for (let round = 0; round < 3; round++) {
        const { replyId, requestId } = await pending();
        const answers = await Promise.all(approvers.map((a) => t.gql(DECIDE, { input: { requestId, decision: 'APPROVE' } }, a.token)));
        expect(answers.map(errorCodes).flat()).toEqual(['CONFLICT']);
        expect(sentFor(replyId)).toHaveLength(1);
      }
    });

    it('fails an approved reply whose item was closed meanwhile; a retry after reopening sends it', async () => {
      const { itemId, replyId, requestId } = await pending();
      await db.query(`UPDATE inbox_items SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [itemId]);
      await t.ok(DECIDE, { input: { requestId, decision: 'APPROVE' } }, approvers[0].token);
      expect(await read(itemId)).toMatchObject({ status: 'CLOSED', replies: [{ id: replyId, status: 'FAILED' }] });
      expect(sentFor(replyId)).toEqual([]);
      await db.query(`UPDATE inbox_items SET status = 'OPEN', closed_at = NULL WHERE id = $1`, [itemId]);
      const retried = (await t.ok(RETRY, { id: replyId }, agent.token)).retryInboxReply;
      expect(retried.reply.status).toBe('SENT');
      expect(sentFor(replyId)).toHaveLength(1);
    });
  });

  it('marks a reply the connector refused FAILED, changes nothing else, and a retry sends it once', async () => {
    const id = await item();
    // The network takes the reply but the answer is lost: the crash the idempotency key is for.
    sandbox.failNext(1, { kind: 'reply', afterSending: true });
    const failed = await replied({ itemId: id, body: 'Here is the shop list.' });
    expect(failed.reply).toMatchObject({ status: 'FAILED', networkId: null, sentAt: null });
    expect(failed.reply.error).toMatch(/simulated timeout/);
    expect(failed.item).toMatchObject({ status: 'OPEN', firstResponseAt: null });
    expect(sentFor(failed.reply.id)).toHaveLength(1);
    const retried = (await t.ok(RETRY, { id: failed.reply.id }, agent.token)).retryInboxReply;
    expect(retried.reply).toMatchObject({ id: failed.reply.id, status: 'SENT', networkId: sentFor(failed.reply.id)[0].externalId, error: null });
    expect(retried.item.status).toBe('WAITING');
    expect(sentFor(failed.reply.id)).toHaveLength(1);
    const again = await t.gql(RETRY, { id: failed.reply.id }, agent.token);
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    const actions = await db.query(`SELECT action FROM audit_events WHERE organization_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, id]);
    expect(actions.map((a: { action: string }) => a.action)).toEqual(['inbox.item.received', 'inbox.item.reply_failed', 'inbox.item.replied']);
  });

  it.each([
    ['CLOSED', /reopen/],
    ['HIDDEN', /unhide/],
    ['SPAM', /unhide/],
  ])('refuses a reply to a %s item', async (status, how) => {
    const id = await item();
    await db.query(`UPDATE inbox_items SET status = $2 WHERE id = $1`, [id, status]);
    const body = await reply({ itemId: id, body: 'Hello!' });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors![0].message).toMatch(how);
    expect(body.errors![0].extensions.fields).toEqual([{ field: 'input.itemId', message: `item is ${status}` }]);
  });

  it('refuses a reply to an item another agent holds (CONFLICT naming them); the holder answers', async () => {
    const id = await item();
    await db.query(`UPDATE inbox_items SET status = 'ASSIGNED', assignee_id = $2, assigned_at = now() WHERE id = $1`, [id, otherAgent.id]);
    const body = await reply({ itemId: id, body: 'Hello!' });
    expect(errorCodes(body)).toEqual(['CONFLICT']);
    expect(body.errors![0].extensions.assigneeId).toBe(otherAgent.id);
    expect((await replied({ itemId: id, body: 'Hello!' }, otherAgent.token)).reply.status).toBe('SENT');
  });

  it('dry-runs a reply with replyCheck, writing nothing', async () => {
    const question = await item();
    const complaint = await item({ about: 'COMPLAINT' });
    const before = [await count('inbox_replies'), await count('approval_requests'), await count('audit_events'), sandbox.replies.length];
    const check = async (itemId: string, body: string, tags?: string[]) => (await t.ok(CHECK, { itemId, body, tags }, agent.token)).replyCheck;
    expect(await check(question, 'We guarantee it', ['PROMOTION'])).toEqual({
      violations: [{ type: 'BANNED_TERMS', enforcement: 'BLOCK' }],
      warnings: [{ type: 'REQUIRED_DISCLOSURE', enforcement: 'WARN' }],
      approvalRequired: false,
      workflows: [],
    });
    expect(await check(complaint, 'Sorry about that')).toEqual({ violations: [], warnings: [], approvalRequired: true, workflows: [{ workflowId }] });
    expect([await count('inbox_replies'), await count('approval_requests'), await count('audit_events'), sandbox.replies.length]).toEqual(before);
  });

  describe('saved replies', () => {
    let umbrellaThanks: string;
    let umbrellaApology: string;
    let snickersThanks: string;
    let doveOnly: string;

    beforeAll(async () => {
      const set = async (input: Record<string, unknown>) => (await t.ok(SET_SAVED, { input }, org.adminToken)).setSavedReply;
      umbrellaThanks = (await set({ brandId: brands.Umbrella, name: 'Thanks', body: 'Thank you from all of us!' })).id;
      umbrellaApology = (await set({ brandId: brands.Umbrella, name: 'Apology', body: 'We are so sorry.', locked: true })).id;
      const own = await set({ brandId: brands.Snickers, name: 'thanks', body: 'Thanks, from Snickers!', tags: ['PROMOTION'] });
      expect(own).toMatchObject({ brandId: brands.Snickers, inheritedFrom: brands.Snickers, tags: ['PROMOTION'], locked: false });
      snickersThanks = own.id;
      doveOnly = (await set({ brandId: brands.Dove, name: 'Dove care', body: 'Dove cares.' })).id;
    }, BOOT_TIMEOUT_MS);

    const saved = async (brandId: string, token = org.adminToken) => (await t.ok(SAVED, { brandId }, token)).savedReplies;

    it('lists the saved replies in force, inherited and overridden by name, each with where it comes from', async () => {
      expect(await saved(brands['Snickers Ice'], agent.token)).toEqual([
        { id: umbrellaApology, name: 'Apology', body: 'We are so sorry.', inheritedFrom: brands.Umbrella, locked: true },
        { id: snickersThanks, name: 'thanks', body: 'Thanks, from Snickers!', inheritedFrom: brands.Snickers, locked: false },
      ]);
      expect((await saved(brands.Dove)).map((s: any) => [s.name, s.inheritedFrom])).toEqual([
        ['Apology', brands.Umbrella], ['Dove care', brands.Dove], ['Thanks', brands.Umbrella],
      ]);
    });

    it('refuses to override a locked name below, and replaces a brand\'s own of the same name', async () => {
      const locked = await t.gql(SET_SAVED, { input: { brandId: brands.Snickers, name: 'APOLOGY', body: 'Oops' } }, org.adminToken);
      expect(errorCodes(locked)).toEqual(['FORBIDDEN']);
      expect(locked.errors![0].extensions.lockedBy).toMatchObject({ brandId: brands.Umbrella, savedReplyId: umbrellaApology });
      const replaced = (await t.ok(SET_SAVED, { input: { brandId: brands.Dove, name: 'dove care', body: 'Dove cares a lot.' } }, org.adminToken)).setSavedReply;
      expect(replaced).toMatchObject({ id: doveOnly, name: 'dove care', body: 'Dove cares a lot.' });
    });

    it('answers with a saved reply in force on the item\'s brand: its text and tags', async () => {
      const id = await item();
      const { reply, warnings } = await replied({ itemId: id, savedReplyId: snickersThanks });
      expect(reply).toMatchObject({ status: 'SENT', body: 'Thanks, from Snickers!', tags: ['PROMOTION'] });
      expect(warnings).toEqual([expect.objectContaining({ type: 'REQUIRED_DISCLOSURE' })]);
      const own = await replied({ itemId: await item(), savedReplyId: umbrellaApology, body: 'My own words' });
      expect(own.reply.body).toBe('My own words');
    });

    it('refuses a saved reply not in force on the item\'s brand, and an unknown one', async () => {
      const id = await item();
      // Dove's is out of the agent's sight (NOT_FOUND for them); the admin sees it is not Snickers'.
      expect(errorCodes(await reply({ itemId: id, savedReplyId: doveOnly }))).toEqual(['NOT_FOUND']);
      for (const savedReplyId of [doveOnly, umbrellaThanks]) {
        const body = await reply({ itemId: id, savedReplyId }, org.adminToken);
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        expect(body.errors![0].extensions.fields).toEqual([expect.objectContaining({ field: 'input.savedReplyId' })]);
      }
      const unknown = await reply({ itemId: id, savedReplyId: '00000000-0000-4000-8000-000000000000' });
      expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
    });

    it('removes a saved reply: the inherited one is in force again', async () => {
      const other = (await t.ok(SET_SAVED, { input: { brandId: brands['Snickers Ice'], name: 'Thanks', body: 'Ice thanks' } }, org.adminToken)).setSavedReply;
      expect((await saved(brands['Snickers Ice'])).find((s: any) => s.name.toLowerCase() === 'thanks').id).toBe(other.id);
      expect((await t.ok(REMOVE_SAVED, { id: other.id }, org.adminToken)).removeSavedReply).toEqual({ id: other.id, name: 'Thanks' });
      expect((await saved(brands['Snickers Ice'])).find((s: any) => s.name.toLowerCase() === 'thanks').id).toBe(snickersThanks);
      const actions = await db.query(`SELECT action FROM audit_events WHERE organization_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, other.id]);
      expect(actions.map((a: { action: string }) => a.action)).toEqual(['saved_reply.set', 'saved_reply.removed']);
    });

    it('needs policy:manage to set or remove, brand:read to list', async () => {
      const input = { brandId: brands.Snickers, name: 'Agent says', body: 'Hi' };
      expect(errorCodes(await t.gql(SET_SAVED, { input }, agent.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(SET_SAVED, { input }, doveManager.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(REMOVE_SAVED, { id: snickersThanks }, agent.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(REMOVE_SAVED, { id: snickersThanks }, doveManager.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(SAVED, { brandId: brands.Snickers }, doveAgent.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(SAVED, { brandId: brands.Snickers }))).toEqual(['UNAUTHENTICATED']);
      expect(await saved(brands.Snickers, analyst.token)).toHaveLength(2);
    });

    it('refuses bad saved replies', async () => {
      for (const input of [
        { brandId: brands.Snickers, name: ' ', body: 'Hi' },
        { brandId: brands.Snickers, name: 'Long', body: 'x'.repeat(5001) },
        { brandId: brands.Snickers, name: 'Blank', body: '   ' },
        { brandId: 'not-an-id', name: 'Bad', body: 'Hi' },
      ]) {
        expect(errorCodes(await t.gql(SET_SAVED, { input }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
      }
    });
  });

  it('needs inbox:respond on the item\'s brand to reply, retry or check; an item out of reach is NOT_FOUND', async () => {
    const id = await item();
    sandbox.failNext(1, { kind: 'reply' });
    const failed = await replied({ itemId: id, body: 'First try' });
    expect(failed.reply.status).toBe('FAILED');
    for (const [token, code] of [[analyst.token, 'FORBIDDEN'], [doveAgent.token, 'NOT_FOUND'], [undefined, 'UNAUTHENTICATED']] as const) {
      expect(errorCodes(await t.gql(REPLY, { input: { itemId: id, body: 'Hi' } }, token))).toEqual([code]);
      expect(errorCodes(await t.gql(RETRY, { id: failed.reply.id }, token))).toEqual([code]);
      expect(errorCodes(await t.gql(CHECK, { itemId: id, body: 'Hi' }, token))).toEqual([code]);
    }
    expect((await t.ok(RETRY, { id: failed.reply.id }, org.adminToken)).retryInboxReply.reply.status).toBe('SENT');
  });

  it('refuses bad input with codes', async () => {
    const id = await item();
    const other = await t.createOrganization('Inbox replies elsewhere');
    const otherBrand = await builders(t, other.adminToken).brand('Elsewhere');
    const otherProfile = await builders(t, other.adminToken).profile(otherBrand, { live: true });
    const foreign = (await builders(t, other.adminToken).ingest([{ profileId: otherProfile }])).results[0].item!.id;
    const doveItem = (await build.ingest([{ profileId: doveFb }])).results[0].item!.id;
    const cases: [string, Record<string, unknown>, string, string?][] = [
      ['empty body', { itemId: id, body: '' }, 'BAD_USER_INPUT'],
      ['blank body', { itemId: id, body: '   ' }, 'BAD_USER_INPUT'],
      ['no body and no saved reply', { itemId: id }, 'BAD_USER_INPUT', 'input.body'],
      ['too long', { itemId: id, body: 'x'.repeat(5001) }, 'BAD_USER_INPUT'],
      ['unknown tag', { itemId: id, body: 'Hi', tags: ['NOPE'] }, 'BAD_USER_INPUT'],
      ['not an id', { itemId: 'nope', body: 'Hi' }, 'BAD_USER_INPUT'],
      ['unknown item', { itemId: '00000000-0000-4000-8000-000000000000', body: 'Hi' }, 'NOT_FOUND', 'input.itemId'],
      ['another organization\'s item', { itemId: foreign, body: 'Hi' }, 'NOT_FOUND', 'input.itemId'],
    ];
    for (const [what, input, code, field] of cases) {
      const body = await reply(input);
      expect([what, errorCodes(body)]).toEqual([what, [code]]);
      if (field) expect([what, body.errors![0].extensions.field ?? body.errors![0].extensions.fields]).toEqual([what, field === 'input.body' ? [expect.objectContaining({ field })] : field]);
    }
    expect(errorCodes(await reply({ itemId: doveItem, body: 'Hi' }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(RETRY, { id: '00000000-0000-4000-8000-000000000000' }, agent.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(CHECK, { itemId: foreign, body: 'Hi' }, agent.token))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(CHECK, { itemId: id, body: '' }, agent.token))).toEqual(['BAD_USER_INPUT']);
  });
});
