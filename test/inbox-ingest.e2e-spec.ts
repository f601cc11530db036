import { DataSource } from 'typeorm';
import { StatementCounter } from '../libs/database';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, inboxItem, TestApp, TestOrganization, UMBRELLA_TREE, unique } from './support';

// ingestInboxItems (docs/guide/inbox.md, "Ingesting items"): up to 500 items a call, idempotent
// by (profile, network id), invalid items reported per item while the valid ones go in.

const INGEST = `mutation ($input: [IngestInboxItemInput!]!) { ingestInboxItems(input: $input) {
  created duplicates invalid results { index status item { id networkId } errors { field message code } } } }`;
const ITEM = `query ($id: ID!) { inboxItem(id: $id) {
  id brandId profileId kind about aboutSetBy body language networkId parentNetworkId permalink receivedAt status priority labels
  assigneeId claimed dueAt slaState moderation { ruleId } postId post { id } version
  author { id network handle displayName profileUrl firstSeenAt lastSeenAt }
  conversation { id threadKey contact { handle } messages(first: 10) { totalCount edges { node { id direction body itemId } } } } } }`;
const ARCHIVE_PROFILE = `mutation ($id: ID!) { archiveSocialProfile(id: $id) { id status } }`;
const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`;

describe('ingesting inbox items', () => {
  let t: TestApp;
  let org: TestOrganization;
  let build: Builders;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let snickersX: string;
  let doveFb: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(DataSource);
    org = await t.createOrganization('Inbox ingest');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    snickersX = await build.profile(brands.Snickers, { network: 'X', live: true });
    doveFb = await build.profile(brands.Dove, { live: true });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  const ingest = (input: object[], token = org.adminToken) => t.gql(INGEST, { input: input.map((i) => inboxItem(i as never)) }, token);
  const ingestOk = (input: object[], token = org.adminToken) => t.ok(INGEST, { input: input.map((i) => inboxItem(i as never)) }, token);
  const audited = async (action: string, entityId: string) =>
    Number((await db.query(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action = $2 AND entity_id = $3`, [org.id, action, entityId]))[0].count);

  it('creates items with their contact and conversation, and publishes their events', async () => {
    const post = await build.post({ brandId: brands.Snickers, profileIds: [snickersX], body: 'New bar!' });
    const handle = `Fan_${unique()}`;
    const comment = `c_${unique()}`;
    const received = '2026-01-01T10:00:00.000Z';
    const { ingestInboxItems: r } = await t.ok(INGEST, {
      input: [
        inboxItem({ profileId: snickersX, networkId: comment, body: 'Is it vegan?', about: 'QUESTION', language: 'en', postId: post, permalink: 'https://x.example/c/1', author: { handle: `@${handle}`, displayName: 'A Fan', profileUrl: 'https://x.example/fan' }, receivedAt: received }),
        inboxItem({ profileId: snickersX, kind: 'REPLY', parentNetworkId: comment, body: 'Asking again', author: { handle: handle.toLowerCase() }, receivedAt: '2026-01-01T10:05:00.000Z' }),
      ],
    }, org.adminToken);
    expect([r.created, r.duplicates, r.invalid]).toEqual([2, 0, 0]);
    expect(r.results.map((x: any) => [x.index, x.status, x.errors])).toEqual([[0, 'CREATED', []], [1, 'CREATED', []]]);

    const { inboxItem: item } = await t.ok(ITEM, { id: r.results[0].item.id }, org.adminToken);
    expect(item).toMatchObject({
      brandId: brands.Snickers, profileId: snickersX, kind: 'COMMENT', about: 'QUESTION', aboutSetBy: 'INGEST', body: 'Is it vegan?', language: 'en',
      networkId: comment, permalink: 'https://x.example/c/1', receivedAt: received, status: 'OPEN', priority: 'NORMAL', labels: [], assigneeId: null,
      claimed: false, dueAt: null, slaState: 'NO_TARGET', moderation: [], postId: post, post: { id: post }, version: 1,
    });
    // One contact per network handle, whatever the case and the @.
    expect(item.author).toMatchObject({ network: 'X', handle, displayName: 'A Fan', profileUrl: 'https://x.example/fan', firstSeenAt: received, lastSeenAt: '2026-01-01T10:05:00.000Z' });
    // The reply names the comment as its parent: same conversation, messages in time order.
    expect(item.conversation.threadKey).toBe(`item:${comment}`);
    expect(item.conversation.contact.handle).toBe(handle);
    expect(item.conversation.messages.totalCount).toBe(2);
    expect(item.conversation.messages.edges.map((e: any) => [e.node.direction, e.node.body])).toEqual([['IN', 'Is it vegan?'], ['IN', 'Asking again']]);

    expect(await audited('inbox.item.received', item.id)).toBe(1);
    expect(await audited('contact.created', item.author.id)).toBe(1);
  });

  it('threads direct messages per contact and thread ids per thread', async () => {
    const handle = `dm_${unique()}`;
    const thread = `t_${unique()}`;
    const { results } = await build.ingest([
      { profileId: snickersX, kind: 'DIRECT_MESSAGE', author: { handle } },
      { profileId: snickersX, kind: 'DIRECT_MESSAGE', author: { handle: handle.toUpperCase() } },
      { profileId: snickersX, kind: 'MENTION', threadId: thread },
      { profileId: snickersX, kind: 'MENTION', threadId: thread },
      { profileId: snickersX, kind: 'COMMENT' },
    ]);
    const conversations = results.map((r) => r.item!.conversation.id);
    expect(conversations[0]).toBe(conversations[1]);
    expect(conversations[2]).toBe(conversations[3]);
    expect(new Set(conversations).size).toBe(3);
    expect(results[0].item!.author.id).toBe(results[1].item!.author.id);
  });

  it('changes nothing on a repeat, and reports each item DUPLICATE with the one already there', async () => {
    const items = [inboxItem({ profileId: snickersX }), inboxItem({ profileId: doveFb })];
    const first = (await t.ok(INGEST, { input: items }, org.adminToken)).ingestInboxItems;
    const before = await db.query(`SELECT id, updated_at, version FROM inbox_items WHERE organization_id = $1 ORDER BY id`, [org.id]);
    const again = (await t.ok(INGEST, { input: items }, org.adminToken)).ingestInboxItems;
    expect([again.created, again.duplicates, again.invalid]).toEqual([0, 2, 0]);
    expect(again.results.map((r: any) => [r.status, r.item.id])).toEqual(first.results.map((r: any) => ['DUPLICATE', r.item.id]));
    expect(await db.query(`SELECT id, updated_at, version FROM inbox_items WHERE organization_id = $1 ORDER BY id`, [org.id])).toEqual(before);
    for (const r of first.results) expect(await audited('inbox.item.received', r.item.id)).toBe(1);
  });

  it('takes the first of two items with the same network id in one call; the second is DUPLICATE of it', async () => {
    const networkId = `same_${unique()}`;
    const { ingestInboxItems: r } = await ingestOk([{ profileId: snickersX, networkId, body: 'first' }, { profileId: snickersX, networkId, body: 'second' }]);
    expect(r.results.map((x: any) => x.status)).toEqual(['CREATED', 'DUPLICATE']);
    expect(r.results[1].item.id).toBe(r.results[0].item.id);
    expect((await t.ok(ITEM, { id: r.results[0].item.id }, org.adminToken)).inboxItem.body).toBe('first');
  });

  it('refuses 501 items as a whole, writing nothing', async () => {
    const marker = `bulk_${unique()}`;
    const body = await ingest(Array.from({ length: 501 }, (_, i) => ({ profileId: snickersX, networkId: `${marker}_${i}` })));
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors![0].extensions.fields).toEqual([{ field: 'input', message: 'at most 500 items per call (got 501)' }]);
    expect(Number((await db.query(`SELECT count(*) FROM inbox_items WHERE network_id LIKE $1`, [`${marker}%`]))[0].count)).toBe(0);
  });

  it('reports unknown, foreign and archived profiles per item while the valid ones go in', async () => {
    const other = await t.createOrganization('Inbox elsewhere');
    const otherBrand = await builders(t, other.adminToken).brand('Elsewhere');
    const foreign = await builders(t, other.adminToken).profile(otherBrand, { live: true });
    const archived = await build.profile(brands['Dove Bar']);
    await t.ok(ARCHIVE_PROFILE, { id: archived }, org.adminToken);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const { ingestInboxItems: r } = await ingestOk([{ profileId: unknown }, { profileId: foreign }, { profileId: archived }, { profileId: doveFb }]);
    expect([r.created, r.invalid]).toEqual([1, 3]);
    expect(r.results.map((x: any) => [x.status, x.errors.map((e: any) => [e.field, e.code])])).toEqual([
      ['INVALID', [['input.0.profileId', 'NOT_FOUND']]],
      ['INVALID', [['input.1.profileId', 'NOT_FOUND']]],
      ['INVALID', [['input.2.profileId', 'BAD_USER_INPUT']]],
      ['CREATED', []],
    ]);
    // Unknown and foreign read the same, naming only the id given.
    expect(r.results[1].errors[0].message).toBe(`social profile ${foreign} not found`);
  });

  it('needs inbox:respond on the profile\'s brand, and never shows a brand out of sight', async () => {
    const agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    const analyst = await t.createMember(org, 'analyst', [{ roleKey: 'ANALYST', brandId: brands.Umbrella }, { roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    const mine = await ingest([{ profileId: snickersX }, { profileId: doveFb }], agent.token);
    expect(mine.data.ingestInboxItems.results.map((x: any) => [x.status, x.errors.map((e: any) => e.code)])).toEqual([['CREATED', []], ['INVALID', ['NOT_FOUND']]]);
    const seen = await ingest([{ profileId: doveFb }], analyst.token);
    expect(seen.data.ingestInboxItems.results[0].errors.map((e: any) => [e.field, e.code])).toEqual([['input.0.profileId', 'FORBIDDEN']]);
    // Without inbox:respond anywhere, the call itself is refused.
    const reader = await t.createMember(org, 'reader', [{ roleKey: 'ANALYST', brandId: brands.Umbrella }]);
    expect(errorCodes(await ingest([{ profileId: snickersX }], reader.token))).toEqual(['FORBIDDEN']);
  });

  it('lets an INTEGRATION key ingest', async () => {
    const { secret } = (await t.ok(CREATE_API_KEY, { input: { name: 'Zendesk', roleKey: 'INTEGRATION', brandId: brands.Umbrella } }, org.adminToken)).createApiKey;
    const r = (await ingest([{ profileId: doveFb }], secret)).data.ingestInboxItems;
    expect(r.created).toBe(1);
  });

  it('reports bad fields per item, each with its path', async () => {
    const foreignPost = await build.post({ brandId: brands.Dove, profileIds: [doveFb], body: 'Dove post' });
    const { ingestInboxItems: r } = await ingestOk([
      { profileId: 'not-an-id' },
      { profileId: snickersX, networkId: '  ' },
      { profileId: snickersX, language: 'not a language', permalink: 'ftp://x.example/1' },
      { profileId: snickersX, receivedAt: new Date(Date.now() + 3_600_000).toISOString(), author: { handle: '@' } },
      { profileId: snickersX, postId: foreignPost },
      { profileId: snickersX, networkId: 'x'.repeat(296), body: 'y'.repeat(20_001) },
      { profileId: snickersX },
    ]);
    expect([r.created, r.invalid]).toEqual([1, 6]);
    expect(r.results.map((x: any) => x.errors.map((e: any) => `${e.field} ${e.code}`))).toEqual([
      ['input.0.profileId BAD_USER_INPUT'],
      ['input.1.networkId BAD_USER_INPUT'],
      ['input.2.language BAD_USER_INPUT', 'input.2.permalink BAD_USER_INPUT'],
      ['input.3.author.handle BAD_USER_INPUT', 'input.3.receivedAt BAD_USER_INPUT'],
      ['input.4.postId BAD_USER_INPUT'],
      ['input.5.networkId BAD_USER_INPUT', 'input.5.body BAD_USER_INPUT'],
      [],
    ]);
  });

  it('sends the same statements for 10 items as for 500, audit and outbox included', async () => {
    // Every created item and contact is audited, in one append for the batch (publishMany).
    const count = async (n: number) => {
      const items = Array.from({ length: n }, () => inboxItem({ profileId: snickersX }));
      StatementCounter.recording = true;
      try {
        await t.countStatements(() => t.ok(INGEST, { input: items }, org.adminToken));
        return StatementCounter.statements.length;
      } finally {
        StatementCounter.recording = false;
      }
    };
    await t.ok(`{ viewer { id } }`, {}, org.adminToken);
    const small = await count(10);
    const large = await count(500);
    console.log(`ingest statements: 10 items ${small}, 500 items ${large}`);
    expect(large).toBe(small);
  });
});
