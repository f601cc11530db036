import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, GraphQLInterfaceType } from 'graphql';
import { randomUUID } from 'node:crypto';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, TestApp, TestMember, TestOrganization, UMBRELLA_TREE } from './support';

// Relay (docs/guide/conventions.md): node(id)/nodes(ids) for the first seven types implementing
// Node, with the access rules of the typed reads (relay-nodes.e2e-spec.ts covers the others), and
// backward paging (last/before) over posts, the inbox and the audit log, checked against forward
// paging.

const NODE = `query ($id: ID!) { node(id: $id) { __typename id ... on Post { body } ... on Brand { name } ... on InboxItem { body } ... on Contact { handle } } }`;
const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`;
const ITEM_AUTHOR = `query ($id: ID!) { inboxItem(id: $id) { author { id } } }`;

const PAGE_FIELDS = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }`;
const ARGS = `$first: Int, $after: String, $last: Int, $before: String`;
const PASS = `first: $first, after: $after, last: $last, before: $before`;
/** The three lists a UI pages backwards, each a query taking the page arguments and its own filter. */
const LISTS = {
  posts: { query: `query (${ARGS}, $filter: PostFilter) { list: posts(${PASS}, filter: $filter) { ${PAGE_FIELDS} } }` },
  'inbox (newest)': { query: `query (${ARGS}, $filter: InboxFilter) { list: inbox(${PASS}, filter: $filter) { ${PAGE_FIELDS} } }` },
  'inbox (urgent)': { query: `query (${ARGS}, $filter: InboxFilter) { list: inbox(${PASS}, filter: $filter, order: URGENT) { ${PAGE_FIELDS} } }` },
  auditEvents: { query: `query (${ARGS}, $filter: AuditEventFilter) { list: auditEvents(${PASS}, filter: $filter) { ${PAGE_FIELDS} } }` },
};

const HOUR = 3_600_000;
const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * HOUR).toISOString();

type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }; edges: { cursor: string; node: { id: string } }[] };

describe('Relay: node(id), nodes(ids) and backward paging', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let build: Builders;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  /** One object of each Node type, on Snickers where it has a brand. */
  const ids: Record<string, string> = {};
  /** Objects on Dove, or organization-wide, out of the Snickers analyst's reach. */
  const outOfReach: Record<string, string> = {};
  let analyst: TestMember;
  const filters: Record<keyof typeof LISTS, Record<string, unknown>> = {} as never;

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Relay');
    other = await t.createOrganization('Relay other');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    const snickersX = await build.profile(brands.Snickers, { network: 'X', live: true });
    const doveFb = await build.profile(brands.Dove, { live: true });
    const posts: string[] = [];
    for (let i = 1; i <= 5; i++) posts.push(await build.post({ brandId: brands.Snickers, profileIds: [snickersX], body: `Snickers post ${i}` }));
    const dovePost = await build.post({ brandId: brands.Dove, profileIds: [doveFb], body: 'Dove post' });
    const { results } = await build.ingest([
      ...[1, 2, 3, 4, 5].map((i) => ({ profileId: snickersX, body: `Snickers item ${i}`, receivedAt: at(i), author: { handle: `fan${i}` } })),
      { profileId: doveFb, body: 'Dove item', receivedAt: at(6), author: { handle: 'dovefan' } },
    ]);
    const items = results.map((r) => r.item!.id);
    const contactOf = async (item: string) => (await t.ok(ITEM_AUTHOR, { id: item }, org.adminToken)).inboxItem.author.id as string;
    const user = await build.user('relay-user', [{ roleKey: 'ANALYST', brandId: brands['Snickers Ice'] }]);
    const endpoint = (await t.ok(CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/relay', eventTypes: ['brand.created'] } }, org.adminToken)).createWebhookEndpoint.endpoint.id;
    analyst = await t.createMember(org, 'snickers-analyst', [{ roleKey: 'ANALYST', brandId: brands.Snickers }]);
    Object.assign(ids, {
      Brand: brands.Snickers, Post: posts[0], User: user.id, SocialProfile: snickersX, InboxItem: items[0], Contact: await contactOf(items[0]), WebhookEndpoint: endpoint,
    });
    Object.assign(outOfReach, {
      Brand: brands.Dove, Post: dovePost, SocialProfile: doveFb, InboxItem: items[5], Contact: await contactOf(items[5]),
      // Organization-wide: the analyst sees it exists nowhere (integration:manage is needed, as for webhookEndpoint).
      WebhookEndpoint: endpoint,
    });
    Object.assign(filters, {
      posts: { brandId: brands.Snickers },
      'inbox (newest)': { brandId: brands.Snickers },
      'inbox (urgent)': { brandId: brands.Snickers },
      auditEvents: { action: 'post.created' },
    });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  describe('node(id) and nodes(ids)', () => {
    it('answers every type that implements Node by its id, as its own query would', async () => {
      for (const [type, id] of Object.entries(ids)) {
        const { node } = await t.ok(NODE, { id }, org.adminToken);
        expect({ type, node: { __typename: node.__typename, id: node.id } }).toEqual({ type, node: { __typename: type, id } });
      }
      expect((await t.ok(NODE, { id: ids.Post }, org.adminToken)).node.body).toBe('Snickers post 1');
      expect((await t.ok(NODE, { id: ids.Contact }, org.adminToken)).node.handle).toBe('fan1');
    });

    it('covers these seven of the Node types (test/relay-nodes.e2e-spec.ts covers the others and checks the schema names no more)', async () => {
      // From schema.gql (CI checks it is the served schema): production answers no introspection.
      const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
      const node = schema.getType('Node') as GraphQLInterfaceType;
      expect(schema.getPossibleTypes(node).map((p) => p.name)).toEqual(expect.arrayContaining(Object.keys(ids)));
    });

    it('answers null, without an error, for an unknown id, another organization\'s object and one out of the caller\'s reach', async () => {
      const unknown = await t.gql(NODE, { id: randomUUID() }, org.adminToken);
      expect(unknown).toEqual({ data: { node: null } });
      for (const [type, id] of Object.entries(ids)) {
        expect({ type, answer: await t.gql(NODE, { id }, other.adminToken) }).toEqual({ type, answer: { data: { node: null } } });
      }
      for (const [type, id] of Object.entries(outOfReach)) {
        expect({ type, answer: await t.gql(NODE, { id }, analyst.token) }).toEqual({ type, answer: { data: { node: null } } });
      }
      // What is in reach stays readable, through the same rules as the typed queries.
      for (const type of ['Brand', 'Post', 'SocialProfile', 'InboxItem', 'Contact']) {
        expect((await t.ok(NODE, { id: ids[type] }, analyst.token)).node).toMatchObject({ __typename: type, id: ids[type] });
      }
    });

    it('answers nodes(ids) in order, one entry per id, null where node(id) is null', async () => {
      const unknown = randomUUID();
      const asked = [ids.Post, unknown, ...Object.values(ids), outOfReach.Post, ids.Post];
      const { nodes } = await t.ok(NODES, { ids: asked }, analyst.token);
      const expected = await Promise.all(asked.map(async (id) => (await t.ok(NODE, { id }, analyst.token)).node));
      expect(nodes).toEqual(expected.map((n) => n && { __typename: n.__typename, id: n.id }));
      expect(nodes[1]).toBeNull();
      expect((await t.ok(NODES, { ids: Object.values(ids) }, other.adminToken)).nodes).toEqual(Object.values(ids).map(() => null));
    });

    it('reads nodes(ids) in the same statements for 2 posts as for 10 objects of every kind', async () => {
      const posts = (await t.ok(`{ posts(first: 10) { edges { node { id } } } }`, {}, org.adminToken)).posts.edges.map((e: any) => e.node.id);
      const few = await t.countStatements(() => t.ok(NODES, { ids: [...posts.slice(0, 2), ...Object.values(ids)] }, org.adminToken));
      const many = await t.countStatements(() => t.ok(NODES, { ids: [...posts, ...Object.values(ids), randomUUID(), randomUUID()] }, org.adminToken));
      expect(many).toBe(few);
    });

    it('refuses an id that is not a UUID and more than 100 ids as bad input', async () => {
      expect(errorCodes(await t.gql(NODE, { id: 'not-a-uuid' }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await t.gql(NODES, { ids: Array.from({ length: 101 }, () => randomUUID()) }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await t.gql(NODE, { id: ids.Post }))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('connections under each object of a page', () => {
    const NESTED = `query ($first: Int) {
      posts(first: $first) { edges { node { id
        revisionsConnection(first: 2) { totalCount pageInfo { hasNextPage } edges { cursor node { number } } }
        publicationsConnection(first: 2) { totalCount edges { node { id } } } } } }
      inbox(first: $first) { edges { node { id notesConnection(first: 2) { totalCount edges { node { id } } } repliesConnection(first: 2) { totalCount edges { node { id } } } } } }
      users(first: $first) { edges { node { id roleAssignmentsConnection(first: 2) { totalCount edges { node { id roleKey } } } } } }
      brands(first: $first) { edges { node { id moderationRulesConnection(first: 2) { totalCount edges { node { id } } } } } }
      rolesConnection(first: 2) { totalCount edges { node { key } } }
      approvalWorkflowsConnection(first: 2) { totalCount edges { node { id } } }
    }`;

    it('reads each connection for every parent of the page at once: the same statements for 2 parents as for 6', async () => {
      const few = await t.countStatements(() => t.ok(NESTED, { first: 2 }, org.adminToken));
      const many = await t.countStatements(() => t.ok(NESTED, { first: 6 }, org.adminToken));
      expect(many).toBe(few);
    });

    it('pages a nested connection with its cursors, as the deprecated list gives it whole', async () => {
      const id = ids.Post;
      await t.ok(`mutation ($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, { input: { id, body: 'Snickers post 1, again' } }, org.adminToken);
      await t.ok(`mutation ($input: UpdatePostInput!) { updatePost(input: $input) { id } }`, { input: { id, body: 'Snickers post 1, once more' } }, org.adminToken);
      const page = async (after: string | null) =>
        (await t.ok(`query ($id: ID!, $after: String) { post(id: $id) { revisions { number } revisionsConnection(first: 2, after: $after) {
          totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { number } } } } }`, { id, after }, org.adminToken)).post;
      const first = await page(null);
      expect(first.revisionsConnection.totalCount).toBe(3);
      expect(first.revisionsConnection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      const second = await page(first.revisionsConnection.pageInfo.endCursor);
      expect(second.revisionsConnection.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      const paged = [...first.revisionsConnection.edges, ...second.revisionsConnection.edges].map((e: any) => e.node.number);
      expect(paged).toEqual(first.revisions.map((r: { number: number }) => r.number));
    });
  });

  describe('root connections beside their deprecated lists', () => {
    /** Each deprecated list with its connection (same arguments) and what identifies an item. */
    const PAIRS = [
      { list: 'roles', key: 'key', args: '' },
      { list: 'approvalWorkflows', key: 'id', args: '' },
      { list: 'savedReplies', key: 'id', args: '(brandId: $brandId)' },
      { list: 'moderationRules', key: 'id', args: '(brandId: $brandId)' },
    ];

    beforeAll(async () => {
      await build.workflow('Relay one', [{ name: 'Legal', approverRoles: ['APPROVER'] }]);
      await build.workflow('Relay two', [{ name: 'Brand', approverRoles: ['APPROVER'] }]);
      await build.workflow('Relay three', [{ name: 'Final', approverRoles: ['APPROVER'] }]);
      for (const name of ['Thanks', 'Where to buy', 'Sorry']) {
        await t.ok(`mutation ($input: SetSavedReplyInput!) { setSavedReply(input: $input) { id } }`, { input: { brandId: brands.Umbrella, name, body: `${name}!` } }, org.adminToken);
      }
    }, BOOT_TIMEOUT_MS);

    it.each(PAIRS)('pages $list as its connection: the same items in the same order', async ({ list, key, args }) => {
      const variables = { brandId: brands.Snickers };
      const declared = args ? '($brandId: ID!, $after: String)' : '($after: String)';
      const whole = (await t.ok(`query ${declared.replace(', $after: String', '').replace('($after: String)', '')} { ${list}${args} { ${key} } }`, variables, org.adminToken))[list];
      const paged: unknown[] = [];
      let after: string | null = null;
      for (;;) {
        const connectionArgs = args ? `(brandId: $brandId, first: 2, after: $after)` : '(first: 2, after: $after)';
        const page: any = (await t.ok(`query ${declared} { c: ${list}Connection${connectionArgs} { totalCount pageInfo { hasNextPage endCursor } edges { node { ${key} } } } }`, { ...variables, after }, org.adminToken)).c;
        expect(page.totalCount).toBe(whole.length);
        paged.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged).toEqual(whole);
      if (list !== 'moderationRules') expect(whole.length).toBeGreaterThan(2);
    });

    it('pages the content calendar a profile at a time, as contentCalendar lists it', async () => {
      const variables = { brandId: brands.Umbrella, from: at(0), to: at(24 * 30) };
      const { contentCalendar } = await t.ok(`query ($brandId: ID!, $from: DateTime!, $to: DateTime!) { contentCalendar(brandId: $brandId, from: $from, to: $to) { profileId posts { id } } }`, variables, org.adminToken);
      const { contentCalendarConnection: c } = await t.ok(`query ($brandId: ID!, $from: DateTime!, $to: DateTime!) {
        contentCalendarConnection(brandId: $brandId, from: $from, to: $to, first: 100) { totalCount edges { node { profileId postsConnection(first: 100) { totalCount edges { node { id } } } } } } }`, variables, org.adminToken);
      expect(c.totalCount).toBe(contentCalendar.length);
      expect(c.edges.map((e: any) => ({ profileId: e.node.profileId, posts: e.node.postsConnection.edges.map((p: any) => p.node) }))).toEqual(contentCalendar);
    });
  });

  describe.each(Object.keys(LISTS) as (keyof typeof LISTS)[])('backward paging over %s', (list) => {
    const page = async (variables: Record<string, unknown>): Promise<Page> =>
      (await t.ok(LISTS[list].query, { filter: filters[list], ...variables }, org.adminToken)).list;

    it('gives the same items as forward paging, reversed page by page, with both flags right', async () => {
      const forward: string[] = [];
      let cursor: string | null = null;
      for (let n = 0; ; n++) {
        const p: Page = await page({ first: 2, after: cursor });
        expect(p.pageInfo.hasPreviousPage).toBe(n > 0);
        forward.push(...p.edges.map((e) => e.node.id));
        if (!p.pageInfo.hasNextPage) break;
        cursor = p.pageInfo.endCursor;
      }
      expect(forward.length).toBeGreaterThanOrEqual(5);

      let backward: string[] = [];
      let before: string | null = null;
      for (let n = 0; ; n++) {
        const p: Page = await page({ last: 2, before });
        expect(p.totalCount).toBe(forward.length);
        // The last page (n = 0) has nothing after it; every later one has the pages read before.
        expect(p.pageInfo.hasNextPage).toBe(n > 0);
        expect(p.edges.length).toBeLessThanOrEqual(2);
        expect(p.pageInfo.startCursor).toBe(p.edges[0].cursor);
        backward = [...p.edges.map((e) => e.node.id), ...backward];
        if (!p.pageInfo.hasPreviousPage) break;
        before = p.pageInfo.startCursor;
      }
      expect(backward).toEqual(forward);
    });

    it('pages back from a forward page\'s cursor to the items before it', async () => {
      const all = (await page({ first: 50 })).edges.map((e) => e.node.id);
      const second = await page({ first: 2, after: (await page({ first: 2 })).pageInfo.endCursor });
      const back = await page({ last: 5, before: second.pageInfo.startCursor });
      expect(back.edges.map((e) => e.node.id)).toEqual(all.slice(0, 2));
      expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    });

    it('refuses after with last or before as bad input', async () => {
      const cursor = (await page({ first: 1 })).pageInfo.endCursor;
      const answer = await t.gql(LISTS[list].query, { filter: filters[list], last: 2, after: cursor }, org.adminToken);
      expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
    });
  });
});
