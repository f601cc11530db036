import { DataSource } from 'typeorm';
import { StatementCounter } from '../libs/database';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, TestApp, TestMember, TestOrganization, UMBRELLA_TREE, unique } from './support';

// Reading the inbox (docs/guide/inbox.md, "Reading the inbox"): the inbox page with every
// filter and both orders, one item, one contact, and who sees what.

const PAGE = `query ($filter: InboxFilter, $first: Int, $after: String, $order: InboxOrder) {
  inbox(filter: $filter, first: $first, after: $after, order: $order) { totalCount pageInfo { hasNextPage endCursor } edges { node { id body } } } }`;
const ITEM = `query ($id: ID!) { inboxItem(id: $id) { id body author { id handle } externalRefs { system externalId } } }`;
const CONTACT = `query ($id: ID!) { contact(id: $id) { id handle externalRefs { system externalId } } }`;
const SET_REF = `mutation ($input: SetExternalRefInput!) { setExternalRef(input: $input) { entityType entityId } }`;
const FULL_PAGE = `query ($brandId: ID!) { inbox(first: 20, filter: { brandId: $brandId }) { totalCount edges { node {
  id body slaState brand { name } profile { handle } author { handle externalRefs { system } } post { id } assignee { id }
  conversation { threadKey messages(first: 3) { totalCount edges { node { direction body } } } } notes { body } replies { body } externalRefs { system } } } } }`;

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * HOUR).toISOString();

describe('reading the inbox', () => {
  let t: TestApp;
  let org: TestOrganization;
  let build: Builders;
  let db: DataSource;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let agent: TestMember;
  /** Item ids by body. */
  const ids: Record<string, string> = {};
  const authors: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(DataSource);
    org = await t.createOrganization('Inbox read');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    const snickersX = await build.profile(brands.Snickers, { network: 'X', live: true });
    const iceIg = await build.profile(brands['Snickers Ice'], { network: 'INSTAGRAM', live: true });
    const doveFb = await build.profile(brands.Dove, { live: true });
    agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    const { results } = await build.ingest([
      { profileId: snickersX, body: 'Where can I buy it?', about: 'QUESTION', receivedAt: at(1), author: { handle: 'alice' } },
      { profileId: snickersX, body: 'My bar was broken', about: 'COMPLAINT', kind: 'DIRECT_MESSAGE', receivedAt: at(2), author: { handle: 'bob' } },
      { profileId: iceIg, body: 'Love the ice cream!', about: 'PRAISE', kind: 'MENTION', receivedAt: at(3), author: { handle: 'carol' } },
      { profileId: doveFb, body: 'Dove is 100% great', about: 'PRAISE', kind: 'REVIEW', receivedAt: at(4), author: { handle: 'dave' } },
      { profileId: doveFb, body: 'Spam spam spam', receivedAt: at(5), author: { handle: 'eve' } },
    ]);
    for (const r of results) {
      const { inboxItem } = await t.ok(ITEM, { id: r.item!.id }, org.adminToken);
      ids[inboxItem.body] = inboxItem.id;
      authors[inboxItem.body] = inboxItem.author.id;
    }
    // No mutations change items yet: set the states the filters read straight in the table.
    const set = (body: string, sql: string, params: unknown[] = []) => db.query(`UPDATE inbox_items SET ${sql} WHERE id = $1`, [ids[body], ...params]);
    await set('Where can I buy it?', `due_at = now() + interval '1 hour', priority = 'HIGH', labels = '{stores}'`);
    await set('My bar was broken', `due_at = now() - interval '1 hour', priority = 'URGENT', status = 'ASSIGNED', assignee_id = $2, assigned_at = now()`, [agent.id]);
    await set('Love the ice cream!', `due_at = now() - interval '2 hours', first_response_at = now() - interval '3 hours', labels = '{fans,stores}'`);
    await set('Dove is 100% great', `due_at = now() - interval '2 hours', first_response_at = now() - interval '1 hour', status = 'CLOSED'`);
    await set('Spam spam spam', `status = 'SPAM'`);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  const bodies = async (variables: Record<string, unknown>, token = org.adminToken) => (await t.ok(PAGE, { first: 50, ...variables }, token)).inbox.edges.map((e: any) => e.node.body);

  it('lists the newest first, a page at a time', async () => {
    const first = (await t.ok(PAGE, { first: 2 }, org.adminToken)).inbox;
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((e: any) => e.node.body)).toEqual(['Spam spam spam', 'Dove is 100% great']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await t.ok(PAGE, { first: 2, after: first.pageInfo.endCursor }, org.adminToken)).inbox;
    expect(second.edges.map((e: any) => e.node.body)).toEqual(['Love the ice cream!', 'My bar was broken']);
    const third = (await t.ok(PAGE, { first: 2, after: second.pageInfo.endCursor }, org.adminToken)).inbox;
    expect(third.edges.map((e: any) => e.node.body)).toEqual(['Where can I buy it?']);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it('lists the most urgent first: earliest due, then priority, then oldest; items without a due time last', async () => {
    const order = ['Love the ice cream!', 'Dove is 100% great', 'My bar was broken', 'Where can I buy it?', 'Spam spam spam'];
    expect(await bodies({ order: 'URGENT' })).toEqual(order);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const page: any = (await t.ok(PAGE, { first: 2, after, order: 'URGENT' }, org.adminToken)).inbox;
      paged.push(...page.edges.map((e: any) => e.node.body));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(paged).toEqual(order);
  });

  it.each([
    ['brand subtree (the default)', () => ({ brandId: brands.Snickers }), ['Love the ice cream!', 'My bar was broken', 'Where can I buy it?']],
    ['brand alone', () => ({ brandId: brands.Snickers, includeSubtree: false }), ['My bar was broken', 'Where can I buy it?']],
    ['statuses', () => ({ statuses: ['CLOSED', 'SPAM'] }), ['Spam spam spam', 'Dove is 100% great']],
    ['kinds', () => ({ kinds: ['MENTION', 'REVIEW'] }), ['Dove is 100% great', 'Love the ice cream!']],
    ['abouts', () => ({ abouts: ['PRAISE'] }), ['Dove is 100% great', 'Love the ice cream!']],
    ['assignee', () => ({ assigneeId: agent.id }), ['My bar was broken']],
    ['unassigned', () => ({ unassigned: true, brandId: brands.Snickers }), ['Love the ice cream!', 'Where can I buy it?']],
    ['assigned', () => ({ unassigned: false }), ['My bar was broken']],
    ['label', () => ({ label: 'stores' }), ['Love the ice cream!', 'Where can I buy it?']],
    ['label in another case', () => ({ label: 'STORES' }), ['Love the ice cream!', 'Where can I buy it?']],
    ['SLA states', () => ({ slaStates: ['OVERDUE', 'MET'] }), ['Love the ice cream!', 'My bar was broken']],
    ['no SLA target', () => ({ slaStates: ['NO_TARGET'] }), ['Spam spam spam']],
    ['missed and on time', () => ({ slaStates: ['MISSED', 'ON_TIME'] }), ['Dove is 100% great', 'Where can I buy it?']],
    ['search, any case', () => ({ search: 'BAR' }), ['My bar was broken']],
    ['search, % is a character', () => ({ search: '100%' }), ['Dove is 100% great']],
    ['received range', () => ({ receivedFrom: at(2), receivedTo: at(4) }), ['Love the ice cream!', 'My bar was broken']],
  ])('filters by %s', async (_what, filter, expected) => {
    expect(await bodies({ filter: filter() })).toEqual(expected);
  });

  it('filters by profile', async () => {
    const { inboxItem } = await t.ok(`query ($id: ID!) { inboxItem(id: $id) { profileId } }`, { id: ids['Dove is 100% great'] }, org.adminToken);
    expect(await bodies({ filter: { profileId: inboxItem.profileId } })).toEqual(['Spam spam spam', 'Dove is 100% great']);
  });

  it('refuses assigneeId with unassigned', async () => {
    expect(errorCodes(await t.gql(PAGE, { filter: { assigneeId: agent.id, unassigned: true } }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows a zoom agent only the items of their brands', async () => {
    expect(await bodies({}, agent.token)).toEqual(['Love the ice cream!', 'My bar was broken', 'Where can I buy it?']);
    expect(await bodies({ filter: { brandId: brands.Dove } }, agent.token)).toEqual([]);
    const hidden = await t.gql(ITEM, { id: ids['Dove is 100% great'] }, agent.token);
    expect(errorCodes(hidden)).toEqual(['NOT_FOUND']);
    expect(errorCodes(await t.gql(CONTACT, { id: authors['Dove is 100% great'] }, agent.token))).toEqual(['NOT_FOUND']);
    expect((await t.ok(CONTACT, { id: authors['My bar was broken'] }, agent.token)).contact.handle).toBe('bob');
    const stranger = await t.createMember(org, 'stranger', [{ roleKey: 'ANALYST', brandId: brands['Dove Bar'] }]);
    expect(await bodies({}, stranger.token)).toEqual([]);
  });

  it('gives contacts and items external refs', async () => {
    const system = `crm${unique()}`;
    await t.ok(SET_REF, { input: { system, externalId: 'cust-1', entityType: 'CONTACT', entityId: authors['My bar was broken'] } }, org.adminToken);
    await t.ok(SET_REF, { input: { system, externalId: 'case-1', entityType: 'INBOX_ITEM', entityId: ids['My bar was broken'] } }, org.adminToken);
    const { inboxItem } = await t.ok(ITEM, { id: ids['My bar was broken'] }, org.adminToken);
    expect(inboxItem.externalRefs).toEqual([{ system, externalId: 'case-1' }]);
    expect((await t.ok(CONTACT, { id: authors['My bar was broken'] }, org.adminToken)).contact.externalRefs).toEqual([{ system, externalId: 'cust-1' }]);
    // An item out of the caller's sight cannot be named.
    const other = await t.gql(SET_REF, { input: { system, externalId: 'case-2', entityType: 'INBOX_ITEM', entityId: ids['Dove is 100% great'] } }, agent.token);
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
  });

  it('sends the same statements for a page over 10 items as over 1,000', async () => {
    const measure = async (n: number) => {
      const o = await t.createOrganization(`Inbox ${n}`);
      const b = builders(t, o.adminToken);
      const brand = await b.brand('Snickers');
      const profile = await b.profile(brand, { network: 'X', live: true });
      const post = await b.post({ brandId: brand, profileIds: [profile], body: 'A post' });
      for (let done = 0; done < n; done += 500) {
        const size = Math.min(500, n - done);
        await b.ingest(Array.from({ length: size }, (_, i) => ({ profileId: profile, postId: i % 2 ? post : undefined, author: { handle: `fan${(done + i) % 7}` } })));
      }
      const [{ id: adminId }] = await db.query(`SELECT id FROM users WHERE email = $1`, [o.adminEmail]);
      // The five newest (on the page) are assigned and have a due time, in both organizations.
      await db.query(`UPDATE inbox_items SET assignee_id = $2, due_at = received_at + interval '1 hour' WHERE organization_id = $1 AND id IN (SELECT id FROM inbox_items WHERE organization_id = $1 ORDER BY received_at DESC, id DESC LIMIT 5)`, [o.id, adminId]);
      await t.ok(`{ viewer { id } }`, {}, o.adminToken);
      let data: any;
      StatementCounter.recording = true;
      const statements = await t.countStatements(async () => {
        data = await t.ok(FULL_PAGE, { brandId: brand }, o.adminToken);
      });
      StatementCounter.recording = false;
      if (process.env.DEBUG_STATEMENTS) console.log(StatementCounter.statements.map((sql) => sql.replace(/\s+/g, ' ').slice(0, 140)).join('\n'));
      expect(data.inbox.totalCount).toBe(n);
      expect(data.inbox.edges).toHaveLength(Math.min(20, n));
      return statements;
    };
    const small = await measure(10);
    const large = await measure(1000);
    console.log(`inbox page statements: 10 items ${small}, 1,000 items ${large}`);
    expect(large).toBe(small);
  });

  it('sends the same statements for an umbrella page over 2 sub-brands as over 200', async () => {
    const measure = async (n: number) => {
      const o = await t.createOrganization(`Inbox ${n} brands`);
      const b = builders(t, o.adminToken);
      const umbrella = await b.brand('Umbrella');
      const profiles: string[] = [];
      for (let i = 0; i < n; i++) profiles.push(await b.profile(await b.brand(`Sub ${i}`, umbrella), { network: 'X', live: true }));
      await b.ingest(profiles.map((profileId, i) => ({ profileId, author: { handle: `fan${i % 7}` } })));
      await t.ok(`{ viewer { id } }`, {}, o.adminToken);
      let data: any;
      const statements = await t.countStatements(async () => {
        data = await t.ok(FULL_PAGE, { brandId: umbrella }, o.adminToken);
      });
      expect(data.inbox.totalCount).toBe(n);
      return statements;
    };
    const small = await measure(2);
    const large = await measure(200);
    console.log(`inbox page statements: 2 sub-brands ${small}, 200 sub-brands ${large}`);
    expect(large).toBe(small);
  });
});
