import { DataSource } from 'typeorm';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, TestApp, TestOrganization, UMBRELLA_TREE, unique } from './support';

// promoteToPost (docs/guide/inbox.md, "Customer stories"): an incoming message becomes a
// CUSTOMER_STORY draft with the message as its third-party source, linked both ways.

const PROMOTE = `mutation ($itemId: ID!, $input: PromoteToPostInput) { promoteToPost(itemId: $itemId, input: $input) {
  item { id version promotedPostId promotedPost { id } }
  post { id brandId status title body format tags profileIds source { url author completedChecks } authorId } } }`;
const ITEM = `query ($id: ID!) { inboxItem(id: $id) { id promotedPostId promotedPost { id tags source { url } } version } }`;
const SUBMIT = `mutation ($id: ID!) { submitPost(id: $id) { post { id status } } }`;
const UPDATE = `mutation ($input: UpdatePostInput!) { updatePost(input: $input) { id } }`;
const SET_POLICY = `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { id } }`;

describe('promoting an inbox item to a customer story', () => {
  let t: TestApp;
  let org: TestOrganization;
  let build: Builders;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let snickersX: string;
  let snickersFb: string;
  let doveFb: string;
  let db: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(DataSource);
    org = await t.createOrganization('Inbox promote');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    snickersX = await build.profile(brands.Snickers, { network: 'X', live: true });
    snickersFb = await build.profile(brands.Snickers, { live: true });
    doveFb = await build.profile(brands.Dove, { live: true });
    // Snickers' reshares go through the verification checklist (the article's tip 22).
    await t.ok(SET_POLICY, { input: { brandId: brands.Snickers, type: 'SOURCE_VERIFICATION', config: { sourceVerification: { requiredChecks: ['SOURCE_BIO', 'CORROBORATION'] } } } }, org.adminToken);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  /** One item ingested on `profileId` (a praise comment with a permalink unless said); returns its id. */
  const item = async (profileId: string, fields: Record<string, unknown> = {}) => {
    const [r] = (await build.ingest([{ profileId, about: 'PRAISE', body: 'Ran my first marathon on a Snickers!', permalink: `https://x.example/s/${unique()}`, ...fields }])).results;
    expect(r.status).toBe('CREATED');
    return r.item!.id;
  };
  const audited = async (action: string, entityId: string) =>
    Number((await db.query(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action = $2 AND entity_id = $3`, [org.id, action, entityId]))[0].count);

  it('drafts a CUSTOMER_STORY post with the item as its source, quoting it with credit, linked both ways', async () => {
    const handle = `runner_${unique()}`;
    const permalink = `https://x.example/status/${unique()}`;
    const id = await item(snickersX, { permalink, author: { handle: `@${handle}`, displayName: 'Ola Runner' } });
    const { promoteToPost: r } = await t.ok(PROMOTE, { itemId: id }, org.adminToken);
    expect(r.post).toMatchObject({
      brandId: brands.Snickers, status: 'DRAFT', title: null, format: 'TEXT', tags: ['CUSTOMER_STORY'], profileIds: [snickersX],
      body: `“Ran my first marathon on a Snickers!”\n\n— Ola Runner (@${handle}) on X`,
      source: { url: permalink, author: handle, completedChecks: [] },
    });
    expect(r.item).toEqual({ id, version: 2, promotedPostId: r.post.id, promotedPost: { id: r.post.id } });
    // Read again: the item names its story, the story names the item's address.
    const { inboxItem } = await t.ok(ITEM, { id }, org.adminToken);
    expect(inboxItem).toMatchObject({ promotedPostId: r.post.id, promotedPost: { id: r.post.id, tags: ['CUSTOMER_STORY'], source: { url: permalink } }, version: 2 });
    expect(await audited('inbox.item.promoted', id)).toBe(1);
    expect(await audited('post.created', r.post.id)).toBe(1);
  });

  it('takes the profiles, body and title given instead of the defaults', async () => {
    const id = await item(snickersX);
    const input = { profileIds: [snickersFb, snickersX], body: 'Meet Ola, who ran her first marathon this spring.', title: 'Ola' };
    const { promoteToPost: r } = await t.ok(PROMOTE, { itemId: id, input }, org.adminToken);
    expect(r.post).toMatchObject({ profileIds: [snickersFb, snickersX], body: input.body, title: 'Ola', tags: ['CUSTOMER_STORY'] });
  });

  it('applies the brand\'s SOURCE_VERIFICATION when the story is submitted, until the checklist is done', async () => {
    const id = await item(snickersX);
    const { promoteToPost: r } = await t.ok(PROMOTE, { itemId: id }, org.adminToken);
    const refused = await t.gql(SUBMIT, { id: r.post.id }, org.adminToken);
    expect(errorCodes(refused)).toEqual(['POLICY_VIOLATION']);
    const violations = refused.errors![0].extensions.violations as { type: string; message: string }[];
    expect(violations.map((v) => v.type)).toEqual(['SOURCE_VERIFICATION', 'SOURCE_VERIFICATION']);
    expect(violations[0].message).toContain(r.post.source.url);

    await t.ok(UPDATE, { input: { id: r.post.id, source: { url: r.post.source.url, author: r.post.source.author, completedChecks: ['SOURCE_BIO', 'CORROBORATION'] } } }, org.adminToken);
    expect((await t.ok(SUBMIT, { id: r.post.id }, org.adminToken)).submitPost.post.status).toBe('APPROVED');
  });

  it('refuses a second promotion of the same item with CONFLICT naming the post, and drafts nothing', async () => {
    const id = await item(snickersX);
    const { promoteToPost: first } = await t.ok(PROMOTE, { itemId: id }, org.adminToken);
    const posts = async () => Number((await db.query(`SELECT count(*) FROM posts WHERE organization_id = $1`, [org.id]))[0].count);
    const before = await posts();
    const again = await t.gql(PROMOTE, { itemId: id }, org.adminToken);
    expect(errorCodes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0].extensions.postId).toBe(first.post.id);
    expect(again.errors![0].message).toContain(first.post.id);
    expect(await posts()).toBe(before);
    expect(await audited('inbox.item.promoted', id)).toBe(1);
  });

  it('refuses an item without a permalink, a direct message, a spam item, and an item with nothing to quote, naming the field', async () => {
    const noLink = await item(snickersX, { permalink: null });
    const dm = await item(snickersX, { kind: 'DIRECT_MESSAGE' });
    const empty = await item(snickersX, { body: '' });
    for (const [itemId, field, text] of [[noLink, 'itemId', 'no permalink'], [dm, 'itemId', 'private message'], [empty, 'input.body', 'no text to quote']]) {
      const refused = await t.gql(PROMOTE, { itemId }, org.adminToken);
      expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0].extensions.fields).toEqual([{ field, message: expect.stringContaining(text) }]);
    }
    // With a body of one's own, an item with no text can still become a story.
    expect((await t.ok(PROMOTE, { itemId: empty, input: { body: 'Our fan sent a photo.' } }, org.adminToken)).promoteToPost.post.body).toBe('Our fan sent a photo.');
    const [spam] = (await db.query(`UPDATE inbox_items SET status = 'SPAM' WHERE id = $1 RETURNING id`, [await item(snickersX)]))[0];
    expect(errorCodes(await t.gql(PROMOTE, { itemId: spam.id }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
  });

  it('checks the input like createPost: a profile of another brand, a blank body, a bad id', async () => {
    const id = await item(snickersX);
    const foreign = await t.gql(PROMOTE, { itemId: id, input: { profileIds: [doveFb] } }, org.adminToken);
    expect(errorCodes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors![0].extensions.fields).toEqual([{ field: 'input.profileIds.0', message: expect.stringContaining("not one of this brand's profiles") }]);
    expect(errorCodes(await t.gql(PROMOTE, { itemId: id, input: { body: '   ' } }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(PROMOTE, { itemId: 'nope' }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
    // Nothing was drafted from it.
    expect((await t.ok(ITEM, { id }, org.adminToken)).inboxItem.promotedPostId).toBeNull();
  });

  it('lets whoever may draft posts on the brand promote (a CONTENT_CREATOR); an analyst is refused, an item out of sight is NOT_FOUND', async () => {
    const creator = await t.createMember(org, 'creator', [{ roleKey: 'CONTENT_CREATOR', brandId: brands.Snickers }]);
    const analyst = await t.createMember(org, 'analyst', [{ roleKey: 'ANALYST', brandId: brands.Snickers }]);
    const doveCreator = await t.createMember(org, 'dove-creator', [{ roleKey: 'CONTENT_CREATOR', brandId: brands.Dove }]);
    const id = await item(snickersX);

    expect(errorCodes(await t.gql(PROMOTE, { itemId: id }, analyst.token))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await t.gql(PROMOTE, { itemId: id }, doveCreator.token))).toEqual(['NOT_FOUND']);
    const { promoteToPost: r } = await t.ok(PROMOTE, { itemId: id }, creator.token);
    expect(r.post.authorId).toBe(creator.id);
    // The Dove creator cannot read the story through the item either.
    expect(errorCodes(await t.gql(ITEM, { id }, doveCreator.token))).toEqual(['NOT_FOUND']);
  });

  it("answers NOT_FOUND for an unknown item and another organization's item", async () => {
    const other = await t.createOrganization('Inbox promote, other');
    const otherBuild = builders(t, other.adminToken);
    const brand = await otherBuild.brand('Elsewhere');
    const profile = await otherBuild.profile(brand, { live: true });
    const [theirs] = (await otherBuild.ingest([{ profileId: profile, permalink: 'https://x.example/other' }])).results;

    for (const itemId of [theirs.item!.id, '00000000-0000-4000-8000-000000000000']) {
      const refused = await t.gql(PROMOTE, { itemId }, org.adminToken);
      expect(errorCodes(refused)).toEqual(['NOT_FOUND']);
    }
    expect((await t.ok(ITEM, { id: theirs.item!.id }, other.adminToken)).inboxItem.promotedPostId).toBeNull();
  });
});
