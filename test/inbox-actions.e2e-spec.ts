import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, GraphQLResponse, onPostgresServer, TestApp, TestMember, TestOrganization, UMBRELLA_TREE } from './support';
import { SandboxConnector } from '../src/publishing';

// Working the inbox (docs/guide/inbox.md, "Working the inbox"): every action on an item, the
// transitions each refuses, who may act, and a connector that fails. The subscription
// inboxChanged has its own suite (test/inbox-changes.e2e-spec.ts).

const FIELDS = 'id status assigneeId claimed closedAt hiddenAt thankedAt thankedById labels about aboutSetBy priority version';
const ITEM = `query ($id: ID!) { inboxItem(id: $id) { ${FIELDS} notes { body authorId } } }`;
const ASSIGN = `mutation ($id: ID!, $assigneeId: ID) { assignInboxItem(id: $id, assigneeId: $assigneeId) { ${FIELDS} } }`;
const CLAIM = `mutation ($id: ID!) { claimInboxItem(id: $id) { alreadyHeld item { ${FIELDS} } } }`;
const CLOSE = `mutation ($id: ID!) { closeInboxItem(id: $id) { ${FIELDS} } }`;
const REOPEN = `mutation ($id: ID!) { reopenInboxItem(id: $id) { ${FIELDS} } }`;
const LABEL = `mutation ($id: ID!, $add: [String!], $remove: [String!]) { labelInboxItem(id: $id, add: $add, remove: $remove) { ${FIELDS} } }`;
const NOTE = `mutation ($itemId: ID!, $body: String!) { addInboxNote(itemId: $itemId, body: $body) { id itemId authorId body } }`;
const THANK = `mutation ($id: ID!, $note: String) { thankInboxItem(id: $id, note: $note) { ${FIELDS} } }`;
const HIDE = `mutation ($id: ID!) { hideInboxItem(id: $id) { ${FIELDS} } }`;
const UNHIDE = `mutation ($id: ID!) { unhideInboxItem(id: $id) { ${FIELDS} } }`;
const SPAM = `mutation ($id: ID!) { markSpam(id: $id) { ${FIELDS} } }`;
const ABOUT = `mutation ($id: ID!, $about: InboxAbout!) { setInboxAbout(id: $id, about: $about) { ${FIELDS} } }`;
const PRIORITY = `mutation ($id: ID!, $priority: InboxPriority!) { setInboxPriority(id: $id, priority: $priority) { ${FIELDS} } }`;
const AUDIT = `query ($entityId: ID!) { auditEvents(filter: { entityId: $entityId }, first: 50) { edges { node { action } } } }`;

describe('working the inbox', () => {
  let t: TestApp;
  let org: TestOrganization;
  let build: Builders;
  let db: DataSource;
  let sandbox: SandboxConnector;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let snickersX: string;
  let agent: TestMember;
  let colleague: TestMember;
  let doveAgent: TestMember;
  let analyst: TestMember;

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(DataSource);
    sandbox = t.app.get(SandboxConnector);
    org = await t.createOrganization('Inbox actions');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    snickersX = await build.profile(brands.Snickers, { network: 'X', live: true });
    agent = await t.createMember(org, 'ada', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    colleague = await t.createMember(org, 'carl', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Umbrella }]);
    doveAgent = await t.createMember(org, 'dora', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Dove }]);
    analyst = await t.createMember(org, 'ann', [{ roleKey: 'ANALYST', brandId: brands.Snickers }]);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  /** A new OPEN item on Snickers' X profile. */
  const fresh = async (body = 'Where can I buy it?'): Promise<string> => (await build.ingest([{ profileId: snickersX, body }])).results[0].item!.id;
  const read = async (id: string) => (await t.ok(ITEM, { id }, org.adminToken)).inboxItem;
  const actions = async (id: string) => (await t.ok(AUDIT, { entityId: id }, org.adminToken)).auditEvents.edges.map((e: any) => e.node.action);
  const data = (body: GraphQLResponse) => Object.values(body.data ?? {})[0] as any;
  /** Puts an item in a status straight in the table, for the refusal cases. */
  const inStatus = async (status: string, assigneeId: string | null = null) => {
    const id = await fresh();
    await db.query(`UPDATE inbox_items SET status = $2, assignee_id = $3 WHERE id = $1`, [id, status, assigneeId]);
    return id;
  };

  describe('assigning and claiming', () => {
    it('assigns an OPEN item to an agent, reassigns it, and unassigns it back to OPEN', async () => {
      const id = await fresh();
      const assigned = (await t.ok(ASSIGN, { id, assigneeId: agent.id }, colleague.token)).assignInboxItem;
      expect(assigned).toMatchObject({ status: 'ASSIGNED', assigneeId: agent.id, claimed: false, version: 2 });
      expect((await t.ok(ASSIGN, { id, assigneeId: colleague.id }, agent.token)).assignInboxItem).toMatchObject({ status: 'ASSIGNED', assigneeId: colleague.id, version: 3 });
      expect((await t.ok(ASSIGN, { id, assigneeId: null }, agent.token)).assignInboxItem).toMatchObject({ status: 'OPEN', assigneeId: null, version: 4 });
      expect(await actions(id)).toEqual(expect.arrayContaining(['inbox.item.assigned', 'inbox.item.received']));
    });

    it('refuses an assignee without inbox:respond on the brand, an unknown one and another brand\'s agent: BAD_USER_INPUT on assigneeId', async () => {
      const id = await fresh();
      for (const assigneeId of [analyst.id, doveAgent.id, randomUUID()]) {
        const body = await t.gql(ASSIGN, { id, assigneeId }, agent.token);
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        expect(body.errors![0].extensions.fields).toEqual([expect.objectContaining({ field: 'assigneeId' })]);
      }
      expect(await read(id)).toMatchObject({ status: 'OPEN', assigneeId: null, version: 1 });
    });

    it('lets an agent claim an OPEN item; claiming it again says so and changes nothing', async () => {
      const id = await fresh();
      const first = (await t.ok(CLAIM, { id }, agent.token)).claimInboxItem;
      expect(first).toEqual({ alreadyHeld: false, item: expect.objectContaining({ status: 'ASSIGNED', assigneeId: agent.id, claimed: true, version: 2 }) });
      const again = (await t.ok(CLAIM, { id }, agent.token)).claimInboxItem;
      expect(again).toEqual({ alreadyHeld: true, item: expect.objectContaining({ assigneeId: agent.id, version: 2 }) });
      expect((await actions(id)).filter((a: string) => a === 'inbox.item.claimed')).toHaveLength(1);
    });

    it('tells a second agent who holds the item: CONFLICT with the holder, and the item stays theirs', async () => {
      const id = await fresh();
      await t.ok(CLAIM, { id }, agent.token);
      const body = await t.gql(CLAIM, { id }, colleague.token);
      expect(errorCodes(body)).toEqual(['CONFLICT']);
      expect(body.errors![0].extensions).toMatchObject({ assigneeId: agent.id, assigneeName: 'ada' });
      expect(await read(id)).toMatchObject({ assigneeId: agent.id, version: 2 });
    });

    (onPostgresServer() ? it : it.skip)('lets exactly one of two agents claiming at once win; the other gets CONFLICT naming the winner', async () => {
      for (let round = 0; round < 5; round++) {
        const id = await fresh();
        const [a, b] = await Promise.all([t.gql(CLAIM, { id }, agent.token), t.gql(CLAIM, { id }, colleague.token)]);
        const winners = [a, b].filter((r) => !r.errors);
        expect(winners).toHaveLength(1);
        const winner = winners[0].data!.claimInboxItem.item.assigneeId;
        const loser = [a, b].find((r) => r.errors)!;
        expect(errorCodes(loser)).toEqual(['CONFLICT']);
        expect(loser.errors![0].extensions.assigneeId).toBe(winner);
        expect(await read(id)).toMatchObject({ assigneeId: winner, version: 2 });
      }
    });
  });

  describe('closing and reopening', () => {
    it('closes an item and reopens it to ASSIGNED when held, OPEN when not; closedAt is set then cleared', async () => {
      const held = await fresh();
      await t.ok(CLAIM, { id: held }, agent.token);
      const closed = (await t.ok(CLOSE, { id: held }, agent.token)).closeInboxItem;
      expect(closed).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String), version: 3 });
      expect((await t.ok(REOPEN, { id: held }, agent.token)).reopenInboxItem).toMatchObject({ status: 'ASSIGNED', closedAt: null, assigneeId: agent.id, version: 4 });
      const open = await fresh();
      await t.ok(CLOSE, { id: open }, agent.token);
      expect((await t.ok(REOPEN, { id: open }, agent.token)).reopenInboxItem).toMatchObject({ status: 'OPEN', closedAt: null });
      expect(await actions(held)).toEqual(expect.arrayContaining(['inbox.item.closed', 'inbox.item.reopened']));
    });
  });

  describe('refused transitions', () => {
    // [action, status the item is in, mutation, variables beyond id]: each BAD_USER_INPUT on the id, with the status.
    const cases: [string, string, string, Record<string, unknown>][] = [
      ['assign', 'CLOSED', ASSIGN, { assigneeId: 'AGENT' }],
      ['assign', 'HIDDEN', ASSIGN, { assigneeId: 'AGENT' }],
      ['assign', 'SPAM', ASSIGN, { assigneeId: 'AGENT' }],
      ['unassign', 'CLOSED', ASSIGN, { assigneeId: null }],
      ['claim', 'CLOSED', CLAIM, {}],
      ['claim', 'HIDDEN', CLAIM, {}],
      ['claim', 'SPAM', CLAIM, {}],
      ['close', 'CLOSED', CLOSE, {}],
      ['close', 'HIDDEN', CLOSE, {}],
      ['close', 'SPAM', CLOSE, {}],
      ['reopen', 'OPEN', REOPEN, {}],
      ['reopen', 'ASSIGNED', REOPEN, {}],
      ['reopen', 'WAITING', REOPEN, {}],
      ['reopen', 'HIDDEN', REOPEN, {}],
      ['reopen', 'SPAM', REOPEN, {}],
      ['hide', 'HIDDEN', HIDE, {}],
      ['hide', 'SPAM', HIDE, {}],
      ['unhide', 'OPEN', UNHIDE, {}],
      ['unhide', 'ASSIGNED', UNHIDE, {}],
      ['unhide', 'WAITING', UNHIDE, {}],
      ['unhide', 'CLOSED', UNHIDE, {}],
      ['spam', 'SPAM', SPAM, {}],
      ['thank', 'HIDDEN', THANK, {}],
      ['thank', 'SPAM', THANK, {}],
    ];

    it.each(cases)('refuses to %s an item that is %s: BAD_USER_INPUT', async (_action, status, mutation, variables) => {
      const id = await inStatus(status);
      const moderationsBefore = sandbox.moderations.length;
      const vars = { id, ...variables, ...(variables.assigneeId === 'AGENT' ? { assigneeId: agent.id } : {}) };
      const body = await t.gql(mutation, vars, agent.token);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0].extensions).toMatchObject({ status, fields: [expect.objectContaining({ field: 'id' })] });
      expect(await read(id)).toMatchObject({ status, version: 1 });
      // A refused moderation never reaches the network.
      expect(sandbox.moderations.length).toBe(moderationsBefore);
    });
  });

  describe('labels, notes, thanks, about and priority', () => {
    it('adds and removes labels, normalized and compared without case; a call that changes nothing is no new version', async () => {
      const id = await fresh();
      const labelled = (await t.ok(LABEL, { id, add: [' VIP ', 'refund   request', 'vip'] }, agent.token)).labelInboxItem;
      expect(labelled).toMatchObject({ labels: ['VIP', 'refund request'], version: 2 });
      expect((await t.ok(LABEL, { id, add: ['Refund request'] }, agent.token)).labelInboxItem).toMatchObject({ labels: ['VIP', 'refund request'], version: 2 });
      expect((await t.ok(LABEL, { id, remove: ['vip'], add: ['stores'] }, agent.token)).labelInboxItem).toMatchObject({ labels: ['refund request', 'stores'], version: 3 });
      expect(await actions(id)).toContain('inbox.item.labeled');
    });

    it('refuses blank, too long and too many labels, and one added and removed at once, on their paths', async () => {
      const id = await fresh();
      const fieldsOf = async (variables: Record<string, unknown>) => {
        const body = await t.gql(LABEL, { id, ...variables }, agent.token);
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        return (body.errors![0].extensions.fields as { field: string }[]).map((f) => f.field);
      };
      expect(await fieldsOf({ add: ['ok', '  ', 'x'.repeat(51)] })).toEqual(['add.1', 'add.2']);
      expect(await fieldsOf({ add: Array.from({ length: 21 }, (_, i) => `l${i}`) })).toEqual(['add']);
      expect(await fieldsOf({ add: ['Fans'], remove: ['fans'] })).toEqual(['add.0']);
      expect((await read(id)).version).toBe(1);
    });

    it('adds an internal note, never sent: it is on the item, and nothing went to the network', async () => {
      const id = await fresh();
      const replies = sandbox.replies.length;
      const note = (await t.ok(NOTE, { itemId: id, body: '  Called them back.  ' }, agent.token)).addInboxNote;
      expect(note).toMatchObject({ itemId: id, authorId: agent.id, body: 'Called them back.' });
      expect(await read(id)).toMatchObject({ version: 2, notes: [{ body: 'Called them back.', authorId: agent.id }] });
      expect(sandbox.replies.length).toBe(replies);
      expect(await actions(id)).toContain('inbox.item.noted');
      expect(errorCodes(await t.gql(NOTE, { itemId: id, body: '   ' }, agent.token))).toEqual(['BAD_USER_INPUT']);
    });

    it('records a thank-you once, with its note; a second one is CONFLICT naming the first', async () => {
      const id = await fresh('You guys rock!');
      const thanked = (await t.ok(THANK, { id, note: 'Sent them a sticker pack' }, agent.token)).thankInboxItem;
      expect(thanked).toMatchObject({ thankedAt: expect.any(String), thankedById: agent.id, status: 'OPEN', version: 2 });
      expect((await read(id)).notes).toEqual([{ body: 'Sent them a sticker pack', authorId: agent.id }]);
      const again = await t.gql(THANK, { id }, colleague.token);
      expect(errorCodes(again)).toEqual(['CONFLICT']);
      expect(again.errors![0].extensions).toMatchObject({ thankedById: agent.id });
      expect(await actions(id)).toContain('inbox.item.thanked');
    });

    it('sets what an item is about (by an AGENT) and its priority; the same value again changes nothing', async () => {
      const id = await fresh();
      expect((await t.ok(ABOUT, { id, about: 'COMPLAINT' }, agent.token)).setInboxAbout).toMatchObject({ about: 'COMPLAINT', aboutSetBy: 'AGENT', version: 2 });
      expect((await t.ok(ABOUT, { id, about: 'COMPLAINT' }, agent.token)).setInboxAbout.version).toBe(2);
      expect((await t.ok(PRIORITY, { id, priority: 'URGENT' }, agent.token)).setInboxPriority).toMatchObject({ priority: 'URGENT', version: 3 });
      expect((await t.ok(PRIORITY, { id, priority: 'URGENT' }, agent.token)).setInboxPriority.version).toBe(3);
      expect(await actions(id)).toEqual(expect.arrayContaining(['inbox.item.about_changed', 'inbox.item.priority_changed']));
    });
  });

  describe('moderation through the connector', () => {
    it('hides, unhides and marks spam on the network, then on the item', async () => {
      const id = await fresh('Buy cheap followers at spam.example');
      const { networkId } = (await t.ok(`query ($id: ID!) { inboxItem(id: $id) { networkId } }`, { id }, org.adminToken)).inboxItem;
      const hidden = (await t.ok(HIDE, { id }, agent.token)).hideInboxItem;
      expect(hidden).toMatchObject({ status: 'HIDDEN', hiddenAt: expect.any(String), version: 2 });
      expect(sandbox.moderations.filter((m) => m.networkId === networkId).map((m) => [m.action, m.profile.id, m.organizationId])).toEqual([['HIDE', snickersX, org.id]]);
      expect((await t.ok(UNHIDE, { id }, agent.token)).unhideInboxItem).toMatchObject({ status: 'OPEN', hiddenAt: null, version: 3 });
      expect((await t.ok(SPAM, { id }, agent.token)).markSpam).toMatchObject({ status: 'SPAM', version: 4 });
      expect(sandbox.moderations.filter((m) => m.networkId === networkId).map((m) => m.action)).toEqual(['HIDE', 'UNHIDE', 'SPAM']);
      expect(await actions(id)).toEqual(expect.arrayContaining(['inbox.item.hidden', 'inbox.item.unhidden', 'inbox.item.spam']));
    });

    it.each([
      ['refuses', false],
      ['takes it but loses the answer', true],
    ])('answers UPSTREAM_UNAVAILABLE and changes nothing when the network %s', async (_what, afterSending) => {
      const id = await fresh();
      const events = (await actions(id)).length;
      sandbox.failNext(1, { kind: 'moderate', afterSending });
      const body = await t.gql(HIDE, { id }, agent.token);
      expect(errorCodes(body)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(body.errors![0].message).toBe('X did not hide the message; nothing was changed, try again later');
      expect(body.errors![0].extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', upstream: 'X' });
      expect(await read(id)).toMatchObject({ status: 'OPEN', hiddenAt: null, version: 1 });
      expect(await actions(id)).toHaveLength(events);
      // The network is back: the same call goes through.
      expect((await t.ok(HIDE, { id }, agent.token)).hideInboxItem.status).toBe('HIDDEN');
    });
  });

  describe('who may act', () => {
    const every: [string, string, (id: string) => Record<string, unknown>][] = [
      ['assignInboxItem', ASSIGN, (id) => ({ id, assigneeId: null })],
      ['claimInboxItem', CLAIM, (id) => ({ id })],
      ['closeInboxItem', CLOSE, (id) => ({ id })],
      ['reopenInboxItem', REOPEN, (id) => ({ id })],
      ['labelInboxItem', LABEL, (id) => ({ id, add: ['x'] })],
      ['addInboxNote', NOTE, (id) => ({ itemId: id, body: 'x' })],
      ['thankInboxItem', THANK, (id) => ({ id })],
      ['hideInboxItem', HIDE, (id) => ({ id })],
      ['unhideInboxItem', UNHIDE, (id) => ({ id })],
      ['markSpam', SPAM, (id) => ({ id })],
      ['setInboxAbout', ABOUT, (id) => ({ id, about: 'QUESTION' })],
      ['setInboxPriority', PRIORITY, (id) => ({ id, priority: 'HIGH' })],
    ];

    it.each(every)('%s: NOT_FOUND for another brand\'s agent, FORBIDDEN for an analyst, NOT_FOUND for an unknown item; the item unchanged', async (_name, mutation, vars) => {
      const id = await fresh();
      const moderations = sandbox.moderations.length;
      expect(errorCodes(await t.gql(mutation, vars(id), doveAgent.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(mutation, vars(id), analyst.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(mutation, vars(randomUUID()), agent.token))).toEqual(['NOT_FOUND']);
      expect(await read(id)).toMatchObject({ status: 'OPEN', version: 1 });
      expect(sandbox.moderations.length).toBe(moderations);
    });

    it('lets an org admin and an agent of an ancestor brand act', async () => {
      const id = await fresh();
      expect(data(await t.gql(PRIORITY, { id, priority: 'HIGH' }, org.adminToken)).priority).toBe('HIGH');
      expect(data(await t.gql(PRIORITY, { id, priority: 'LOW' }, colleague.token)).priority).toBe('LOW');
    });
  });

  describe('in production (NODE_ENV=production)', () => {
    let prod: TestApp;
    beforeAll(async () => {
      prod = await TestApp.start({ NODE_ENV: 'production' });
    }, BOOT_TIMEOUT_MS);
    afterAll(async () => {
      await prod?.close();
    }, BOOT_TIMEOUT_MS);

    const send = async (app: TestApp, query: string, variables: Record<string, unknown>, token: string) => {
      const res = await request(app.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${token}`).send({ query, variables });
      return { status: res.status, body: res.body as GraphQLResponse };
    };

    it.each([
      ['a refused transition', 'BAD_USER_INPUT', async () => ({ query: REOPEN, variables: { id: await fresh() } })],
      ['an item another agent holds', 'CONFLICT', async () => {
        const id = await fresh();
        await t.ok(CLAIM, { id }, colleague.token);
        return { query: CLAIM, variables: { id } };
      }],
    ] as [string, string, () => Promise<{ query: string; variables: Record<string, unknown> }>][])('%s: %s with HTTP 200 and the same answer as in test mode', async (_what, code, call) => {
      const { query, variables } = await call();
      const answer = await send(prod, query, variables, agent.token);
      expect(answer.status).toBe(200);
      expect(errorCodes(answer.body)).toEqual([code]);
      expect(answer.body.data).toBeNull();
      const tested = await send(t, query, variables, agent.token);
      expect({ status: tested.status, errors: tested.body.errors }).toEqual({ status: answer.status, errors: answer.body.errors });
    });

    it('a network that fails: UPSTREAM_UNAVAILABLE with HTTP 200, its message and the network, and nothing changed', async () => {
      const id = await fresh();
      prod.app.get(SandboxConnector).failNext(1, { kind: 'moderate' });
      const answer = await send(prod, HIDE, { id }, agent.token);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        data: null,
        errors: [expect.objectContaining({ message: 'X did not hide the message; nothing was changed, try again later', extensions: { code: 'UPSTREAM_UNAVAILABLE', upstream: 'X' } })],
      });
      expect(await read(id)).toMatchObject({ status: 'OPEN', version: 1 });
    });
  });
});
