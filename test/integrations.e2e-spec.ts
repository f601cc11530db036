import { DataSource } from 'typeorm';
import { builders, errorCodes, GraphQLResponse, TestApp, TestOrganization } from './support';

// Integrators keep a CRM in sync (docs/guide/integrations.md): an INTEGRATION API key, external
// ids on synced entities, idempotent upserts, the change feed with a durable cursor, and the
// all-or-nothing brand tree import with its export. Every suite works in its own organization.

const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id name prefix } } }`;
const UPDATE_BRAND = `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id name updatedAt } }`;
const MOVE_BRAND = `mutation ($id: ID!, $p: ID) { moveBrand(id: $id, newParentId: $p) { id depth } }`;
const REF = `system externalId entityType entityId`;
const UPSERT_BRAND = `mutation ($input: UpsertBrandByExternalRefInput!) { upsertBrandByExternalRef(input: $input) {
  created brand { id name slug description depth updatedAt parent { id } externalRefs { ${REF} } } } }`;
const UPSERT_PROFILE = `mutation ($input: UpsertSocialProfileByExternalRefInput!) { upsertSocialProfileByExternalRef(input: $input) {
  created profile { id network handle displayName url updatedAt brand { id } externalRefs { ${REF} } } } }`;
const SET_REF = `mutation ($input: SetExternalRefInput!) { setExternalRef(input: $input) { ${REF} } }`;
const BY_REF = `query ($system: String!, $externalId: String!) { brandByExternalRef(system: $system, externalId: $externalId) {
  id name slug depth parent { id } ancestors { id } externalRefs { ${REF} } } }`;
const EVENT = `seq action entityType entityId brandId actorType actorId before after requestId`;
const CHANGES = `query ($after: String, $first: Int, $types: [String!]) { changes(after: $after, first: $first, types: $types) {
  cursor hasMore events { ${EVENT} } } }`;
const IMPORT = `mutation ($input: ImportBrandTreeInput!) { importBrandTree(input: $input) {
  applied created { line path brandId reason } updated { line path brandId reason } rejected { line path brandId reason } } }`;
const EXPORT = `query ($format: String!, $rootId: ID, $system: String) { exportBrandTree(format: $format, rootId: $rootId, system: $system) }`;

interface FeedEvent {
  seq: string;
  action: string;
  entityType: string;
  entityId: string;
  brandId: string | null;
  actorType: string;
  actorId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** The distinct input fields a BAD_USER_INPUT error names. */
const namedFields = (body: GraphQLResponse) => [...new Set(((body.errors?.[0]?.extensions.fields ?? []) as { field: string }[]).map((f) => f.field))];

/** The repeated sign-ups and syncs below are many requests each; a busy machine needs more than 5 s. */
jest.setTimeout(180_000);

describe('integrations', () => {
  let t: TestApp;
  let sql: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    sql = t.app.get(DataSource);
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  /** Rows of an organization in a table, counted as the database owner. */
  const count = async (table: string, organizationId: string, where = 'true', params: unknown[] = []): Promise<number> => {
    const [{ n }] = await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE organization_id = $1 AND (${where})`, [organizationId, ...params]);
    return n;
  };
  const counts = async (organizationId: string) => ({
    brands: await count('brands', organizationId),
    profiles: await count('social_profiles', organizationId),
    refs: await count('external_refs', organizationId),
    auditEvents: await count('audit_events', organizationId),
    outboxEvents: await count('outbox_events', organizationId),
  });

  /** Reads the change feed to its end from `after`, a page of `first` at a time. */
  async function drain(token: string, after: string | null = null, types?: string[], first = 100): Promise<{ events: FeedEvent[]; cursor: string; pages: number }> {
    const events: FeedEvent[] = [];
    let cursor = after;
    let pages = 0;
    for (;;) {
      const { changes } = await t.ok(CHANGES, { after: cursor, first, types }, token);
      pages += 1;
      events.push(...changes.events);
      expect(changes.events.length).toBeLessThanOrEqual(first);
      cursor = changes.cursor;
      if (!changes.hasMore) return { events, cursor: cursor!, pages };
      if (pages > 1000) throw new Error('the change feed does not end');
    }
  }

  const apiKey = async (org: TestOrganization, roleKey = 'INTEGRATION', brandId: string | null = null) => {
    const { createApiKey } = await t.ok(CREATE_API_KEY, { input: { name: `CRM sync ${roleKey}`, roleKey, brandId } }, org.adminToken);
    expect(createApiKey.secret).toMatch(/^psk_/);
    return { id: createApiKey.apiKey.id as string, secret: createApiKey.secret as string };
  };

  describe('an integrator syncing a Salesforce brand tree with an INTEGRATION API key', () => {
    let org: TestOrganization;
    let key: { id: string; secret: string };
    let adminId: string;
    /** Brand ids by external id, after the first pass. */
    const ids: Record<string, string> = {};
    /** The cursor after the second pass, kept like an integrator would. */
    let cursor: string;
    /** The cursor at the end of the feed, after the user's changes. */
    let feedEnd: string;

    const tree = (changed = false) => ({
      brands: [
        { system: 'salesforce', externalId: 'ACC-MARS', name: 'Mars', slug: 'mars', description: 'The umbrella' },
        { system: 'salesforce', externalId: 'ACC-SNICKERS', name: 'Snickers', parentExternalRef: { system: 'salesforce', externalId: 'ACC-MARS' } },
        {
          system: 'salesforce',
          externalId: 'ACC-DOVE',
          name: changed ? 'Dove Chocolate' : 'Dove',
          slug: 'dove',
          parentExternalRef: { system: 'salesforce', externalId: 'ACC-MARS' },
          branding: { primaryColor: '#6B3A2A' },
        },
      ],
      profiles: [
        { system: 'salesforce', externalId: 'PAGE-SN-FB', brandExternalRef: { system: 'salesforce', externalId: 'ACC-SNICKERS' }, network: 'FACEBOOK', handle: 'snickers', displayName: 'Snickers' },
        { system: 'salesforce', externalId: 'PAGE-SN-X', brandExternalRef: { system: 'salesforce', externalId: 'ACC-SNICKERS' }, network: 'X', handle: '@snickers', displayName: changed ? 'Snickers (official)' : 'Snickers' },
        { system: 'salesforce', externalId: 'PAGE-DOVE-IG', brandExternalRef: { system: 'salesforce', externalId: 'ACC-DOVE' }, network: 'INSTAGRAM', handle: 'dovechocolate', displayName: 'Dove', url: 'https://instagram.com/dovechocolate' },
      ],
    });

    /** One sync pass: parents before children, then profiles. */
    async function sync(changed: boolean) {
      const brands = [];
      for (const input of tree(changed).brands) brands.push((await t.ok(UPSERT_BRAND, { input }, key.secret)).upsertBrandByExternalRef);
      const profiles = [];
      for (const input of tree(changed).profiles) profiles.push((await t.ok(UPSERT_PROFILE, { input }, key.secret)).upsertSocialProfileByExternalRef);
      return { brands, profiles };
    }

    beforeAll(async () => {
      org = await t.createOrganization('Salesforce Sync');
      key = await apiKey(org);
      adminId = (await t.ok(`{ viewer { id } }`, {}, org.adminToken)).viewer.id;
    }, 180_000);

    it('the first pass creates the umbrella, its two children and their profiles, each named by its external id', async () => {
      expect((await t.ok(`{ viewer { id apiKey { id } user { id } } }`, {}, key.secret)).viewer).toEqual({ id: key.id, apiKey: { id: key.id }, user: null });
      const { brands, profiles } = await sync(false);
      expect(brands.map((b) => b.created)).toEqual([true, true, true]);
      expect(profiles.map((p) => p.created)).toEqual([true, true, true]);
      for (const [i, input] of tree(false).brands.entries()) ids[input.externalId] = brands[i].brand.id;

      const [mars, snickers, dove] = brands.map((b) => b.brand);
      expect(mars).toMatchObject({ name: 'Mars', slug: 'mars', depth: 0, parent: null, description: 'The umbrella' });
      expect(snickers).toMatchObject({ name: 'Snickers', slug: 'snickers', depth: 1, parent: { id: mars.id } });
      expect(dove).toMatchObject({ name: 'Dove', slug: 'dove', depth: 1, parent: { id: mars.id } });
      expect(snickers.externalRefs).toEqual([{ system: 'salesforce', externalId: 'ACC-SNICKERS', entityType: 'BRAND', entityId: snickers.id }]);

      expect(profiles.map((p) => [p.profile.network, p.profile.handle, p.profile.brand.id])).toEqual([
        ['FACEBOOK', 'snickers', snickers.id],
        ['X', 'snickers', snickers.id],
        ['INSTAGRAM', 'dovechocolate', dove.id],
      ]);
      expect(profiles[2].profile.externalRefs).toEqual([{ system: 'salesforce', externalId: 'PAGE-DOVE-IG', entityType: 'SOCIAL_PROFILE', entityId: profiles[2].profile.id }]);

      expect(await counts(org.id)).toMatchObject({ brands: 3, profiles: 3, refs: 6 });
      // The key is the actor of what it wrote.
      const [{ actors }] = await sql.query(
        `SELECT array_agg(DISTINCT actor_type || ':' || actor_id) AS actors FROM audit_events WHERE organization_id = $1 AND action IN ('brand.created', 'profile.created', 'external_ref.created')`,
        [org.id],
      );
      expect(actors).toEqual([`API_KEY:${key.id}`]);
    });

    it('the second pass creates nothing and changes only what differs', async () => {
      const before = await counts(org.id);
      const { cursor: start } = await drain(key.secret);
      const stamps = async () =>
        Object.fromEntries((await sql.query(`SELECT id, updated_at FROM brands WHERE organization_id = $1`, [org.id])).map((r: any) => [r.id, r.updated_at.toISOString()]));
      const brandStamps = await stamps();

      const { brands, profiles } = await sync(true);
      expect(brands.map((b) => b.created)).toEqual([false, false, false]);
      expect(profiles.map((p) => p.created)).toEqual([false, false, false]);
      expect(brands.map((b) => b.brand.id)).toEqual([ids['ACC-MARS'], ids['ACC-SNICKERS'], ids['ACC-DOVE']]);
      expect(brands[2].brand.name).toBe('Dove Chocolate');
      expect(profiles[1].profile.displayName).toBe('Snickers (official)');

      // No new rows, and every external id names exactly one entity, and every entity has one id per system.
      const after = await counts(org.id);
      expect({ brands: after.brands, profiles: after.profiles, refs: after.refs }).toEqual({ brands: before.brands, profiles: before.profiles, refs: before.refs });
      expect(
        await sql.query(
          `SELECT system, entity_type, external_id FROM external_refs WHERE organization_id = $1 GROUP BY 1, 2, 3 HAVING count(*) > 1
           UNION ALL SELECT system, entity_type, entity_id::text FROM external_refs WHERE organization_id = $1 GROUP BY 1, 2, 3 HAVING count(*) > 1`,
          [org.id],
        ),
      ).toEqual([]);

      // Only the two changed entities changed: one event each, with just the differing fields.
      const { events } = await drain(key.secret, start);
      expect(events.map((e) => [e.action, e.entityId])).toEqual([
        ['brand.updated', ids['ACC-DOVE']],
        ['profile.updated', profiles[1].profile.id],
      ]);
      expect(events[0].before).toMatchObject({ name: 'Dove' });
      expect(events[0].after).toMatchObject({ name: 'Dove Chocolate' });
      expect(Object.keys(events[0].after!).filter((k) => k !== 'updatedAt')).toEqual(['name']);
      expect(Object.keys(events[1].after!).filter((k) => k !== 'updatedAt')).toEqual(['displayName']);
      const stampsAfter = await stamps();
      expect(stampsAfter[ids['ACC-MARS']]).toBe(brandStamps[ids['ACC-MARS']]);
      expect(stampsAfter[ids['ACC-SNICKERS']]).toBe(brandStamps[ids['ACC-SNICKERS']]);
      expect(stampsAfter[ids['ACC-DOVE']]).not.toBe(brandStamps[ids['ACC-DOVE']]);

      // A third identical pass changes nothing at all.
      const settled = await counts(org.id);
      await sync(true);
      expect((await drain(key.secret, start)).events).toHaveLength(2);
      expect(await counts(org.id)).toEqual(settled);
    });

    it('brandByExternalRef finds a brand by its Salesforce id; Brand.externalRefs lists its ids', async () => {
      const { brandByExternalRef } = await t.ok(BY_REF, { system: 'salesforce', externalId: 'ACC-SNICKERS' }, key.secret);
      expect(brandByExternalRef).toEqual({
        id: ids['ACC-SNICKERS'],
        name: 'Snickers',
        slug: 'snickers',
        depth: 1,
        parent: { id: ids['ACC-MARS'] },
        ancestors: [{ id: ids['ACC-MARS'] }],
        externalRefs: [{ system: 'salesforce', externalId: 'ACC-SNICKERS', entityType: 'BRAND', entityId: ids['ACC-SNICKERS'] }],
      });
      // A second system names the same brand too; both are listed.
      await t.ok(SET_REF, { input: { entityType: 'BRAND', entityId: ids['ACC-SNICKERS'], system: 'hubspot', externalId: 'company-42' } }, key.secret);
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { externalRefs { ${REF} } profiles { edges { node { handle externalRefs { system externalId } } } } } }`, { id: ids['ACC-SNICKERS'] }, org.adminToken);
      expect(brand.externalRefs.map((r: any) => [r.system, r.externalId])).toEqual([['hubspot', 'company-42'], ['salesforce', 'ACC-SNICKERS']]);
      expect(brand.profiles.edges.map((e: any) => e.node.externalRefs)).toEqual(
        expect.arrayContaining([[{ system: 'salesforce', externalId: 'PAGE-SN-FB' }], [{ system: 'salesforce', externalId: 'PAGE-SN-X' }]]),
      );
      expect((await t.ok(BY_REF, { system: 'hubspot', externalId: 'company-42' }, key.secret)).brandByExternalRef.id).toBe(ids['ACC-SNICKERS']);

      // Unknown ids, another system's id and a profile's id are all NOT_FOUND as brands.
      for (const ref of [{ system: 'salesforce', externalId: 'ACC-NOPE' }, { system: 'zendesk', externalId: 'ACC-SNICKERS' }, { system: 'salesforce', externalId: 'PAGE-SN-FB' }]) {
        const body = await t.gql(BY_REF, ref, key.secret);
        expect(errorCodes(body)).toEqual(['NOT_FOUND']);
      }
      // Another organization's integrator does not see them either.
      const other = await t.createOrganization('Other CRM');
      expect(errorCodes(await t.gql(BY_REF, { system: 'salesforce', externalId: 'ACC-SNICKERS' }, other.adminToken))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(BY_REF, { system: 'Not A System!', externalId: 'x' }, key.secret))).toEqual(['BAD_USER_INPUT']);
    });

    it('the change feed read from a saved cursor shows exactly the changes made since, in commit order', async () => {
      // Read to the end, keeping the cursor.
      const everything = await drain(key.secret, null, undefined, 7);
      expect(everything.pages).toBeGreaterThan(1);
      const seqs = everything.events.map((e) => Number(e.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(everything.events.slice(0, 2).map((e) => e.action)).toEqual(['role_assignment.created', 'api_key.created']);
      cursor = everything.cursor;
      // At the end, the cursor stays where it is.
      const { changes: atEnd } = await t.ok(CHANGES, { after: cursor }, key.secret);
      expect(atEnd).toEqual({ cursor, hasMore: false, events: [] });

      // A user changes things through the API.
      const renamed = (await t.ok(UPDATE_BRAND, { input: { id: ids['ACC-SNICKERS'], name: 'Snickers Bars' } }, org.adminToken)).updateBrand;
      const profile = { id: await builders(t, org.adminToken).profile(ids['ACC-DOVE'], { network: 'TIKTOK', handle: 'dove', displayName: 'Dove' }) };
      const moved = (await t.ok(MOVE_BRAND, { id: ids['ACC-DOVE'], p: ids['ACC-SNICKERS'] }, org.adminToken)).moveBrand;
      expect(moved.depth).toBe(2);

      const { events, cursor: next } = await drain(key.secret, cursor);
      expect(events.map((e) => [e.action, e.entityType, e.entityId])).toEqual([
        ['brand.updated', 'Brand', renamed.id],
        ['profile.created', 'SocialProfile', profile.id],
        ['brand.moved', 'Brand', ids['ACC-DOVE']],
      ]);
      expect(events.every((e) => e.actorType === 'USER' && e.actorId === adminId)).toBe(true);
      expect(events.map((e) => Number(e.seq))).toEqual([1, 2, 3].map((i) => Math.max(...seqs) + i));
      expect(events[0]).toMatchObject({ brandId: renamed.id, before: { name: 'Snickers' }, after: { name: 'Snickers Bars' } });
      expect(events[1]).toMatchObject({ brandId: ids['ACC-DOVE'], before: null, after: { handle: 'dove', network: 'TIKTOK' } });
      expect(events[2].before).toMatchObject({ parentId: ids['ACC-MARS'], depth: 1 });
      expect(events[2].after).toMatchObject({ parentId: ids['ACC-SNICKERS'], depth: 2 });

      // Page by page, the same events; and from the newest cursor, nothing.
      expect((await drain(key.secret, cursor, undefined, 1)).events).toEqual(events);
      expect((await drain(key.secret, next)).events).toEqual([]);
      feedEnd = next;
    });

    it('filters by type: exact names and prefixes', async () => {
      const brandOnly = await drain(key.secret, cursor, ['brand.*']);
      expect(brandOnly.events.map((e) => e.action)).toEqual(['brand.updated', 'brand.moved']);
      expect((await drain(key.secret, cursor, ['profile.created'])).events.map((e) => e.action)).toEqual(['profile.created']);
      expect((await drain(key.secret, cursor, ['brand.moved', 'profile.*'])).events.map((e) => e.action)).toEqual(['profile.created', 'brand.moved']);
      // Nothing of a type: the cursor still moves past everything scanned, to the end of the feed.
      const noPosts = await drain(key.secret, cursor, ['post.*']);
      expect(noPosts).toEqual({ events: [], cursor: feedEnd, pages: 1 });
      expect((await drain(key.secret, cursor, ['profile.created'])).cursor).toBe(feedEnd);
      // Paged one at a time with a filter: the same two, and the cursor never goes back.
      const paged = await drain(key.secret, cursor, ['brand.*'], 1);
      expect(paged.events).toEqual(brandOnly.events);
      expect((await drain(key.secret, paged.cursor)).events).toEqual([]);
      expect(errorCodes(await t.gql(CHANGES, { after: cursor, types: ['Brand Created'] }, key.secret))).toEqual(['BAD_USER_INPUT']);
    });

    it('the cursor is opaque, and a garbage cursor is BAD_USER_INPUT', async () => {
      expect(cursor).not.toMatch(/^\d+$/);
      for (const garbage of ['garbage', '12', Buffer.from('["x"]').toString('base64url'), Buffer.from('[12]').toString('base64url'), Buffer.from('{"seq":1}').toString('base64url'), '!!!']) {
        const body = await t.gql(CHANGES, { after: garbage }, key.secret);
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        expect(namedFields(body)).toEqual(['after']);
        expect(body.data).toBeNull();
      }
    });

    it('a key on the umbrella syncs only below it, and its feed holds only its subtree', async () => {
      const scoped = await apiKey(org, 'INTEGRATION', ids['ACC-MARS']);
      const other = await builders(t, org.adminToken).brand('Wrigley');
      const child = await t.gql(UPSERT_BRAND, { input: { system: 'salesforce', externalId: 'ACC-TWIX', name: 'Twix', parentExternalRef: { system: 'salesforce', externalId: 'ACC-MARS' } } }, scoped.secret);
      expect(child.data?.upsertBrandByExternalRef).toMatchObject({ created: true, brand: { depth: 1, parent: { id: ids['ACC-MARS'] } } });
      const root = await t.gql(UPSERT_BRAND, { input: { system: 'salesforce', externalId: 'ACC-ROOT', name: 'Elsewhere' } }, scoped.secret);
      expect(errorCodes(root)).toEqual(['FORBIDDEN']);
      const outside = await t.gql(UPSERT_BRAND, { input: { system: 'salesforce', externalId: 'ACC-GUM', name: 'Gum', parentId: other } }, scoped.secret);
      expect(errorCodes(outside)).toEqual(['NOT_FOUND']);
      expect(await count('external_refs', org.id, `external_id IN ('ACC-ROOT', 'ACC-GUM')`)).toBe(0);

      const feed = await drain(scoped.secret);
      const inReach = new Set([ids['ACC-MARS'], ids['ACC-SNICKERS'], ids['ACC-DOVE'], child.data!.upsertBrandByExternalRef.brand.id]);
      expect(feed.events.filter((e) => !inReach.has(e.brandId!))).toEqual([]);
      // Every event of the subtree, none missing: the organization-wide key's feed cut to the subtree.
      expect(feed.events).toEqual((await drain(key.secret)).events.filter((e) => inReach.has(e.brandId!)));
      expect(feed.events.length).toBeGreaterThan(0);
      expect(feed.events.map((e) => e.entityId)).not.toContain(other);
      // Its cursor ends at the head of the feed all the same: the next read does not rescan what it may not see.
      expect(feed.cursor).toBe((await drain(key.secret)).cursor);
    });
  });

  it('fifty concurrent identical upserts leave exactly one brand and one external ref', async () => {
    const org = await t.createOrganization('Upsert Race');
    const key = await apiKey(org);
    const input = { system: 'salesforce', externalId: 'ACC-RACE', name: 'Race Brand', slug: 'race-brand', description: 'Raced fifty times' };
    // Each call is its own HTTP request and transaction; the embedded database runs them one after another.
    const bodies = await Promise.all(Array.from({ length: 50 }, () => t.gql(UPSERT_BRAND, { input }, key.secret)));
    expect(bodies.flatMap(errorCodes)).toEqual([]);
    const results = bodies.map((b) => b.data.upsertBrandByExternalRef);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.brand.id)).size).toBe(1);
    const id = results[0].brand.id;
    expect(await count('brands', org.id)).toBe(1);
    expect(await count('external_refs', org.id)).toBe(1);
    expect(await sql.query(`SELECT system, external_id, entity_type, entity_id FROM external_refs WHERE organization_id = $1`, [org.id])).toEqual([
      { system: 'salesforce', external_id: 'ACC-RACE', entity_type: 'BRAND', entity_id: id },
    ]);
    // One creation in the log; the other 49 calls found nothing to change.
    const actions = (await sql.query(`SELECT action FROM audit_events WHERE organization_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, id])).map((r: any) => r.action);
    expect(actions).toEqual(['brand.created', 'external_ref.created']);

    // The same race on a profile of that brand.
    const profileInput = { system: 'salesforce', externalId: 'PAGE-RACE', brandExternalRef: { system: 'salesforce', externalId: 'ACC-RACE' }, network: 'X', handle: 'race', displayName: 'Race' };
    const profileBodies = await Promise.all(Array.from({ length: 50 }, () => t.gql(UPSERT_PROFILE, { input: profileInput }, key.secret)));
    expect(profileBodies.flatMap(errorCodes)).toEqual([]);
    expect(profileBodies.filter((b) => b.data.upsertSocialProfileByExternalRef.created)).toHaveLength(1);
    expect(await count('social_profiles', org.id)).toBe(1);
    expect(await count('external_refs', org.id)).toBe(2);
  });

  describe('setExternalRef', () => {
    let org: TestOrganization;
    let a: string;
    let b: string;
    let profile: string;

    beforeAll(async () => {
      org = await t.createOrganization('External Refs');
      const build = builders(t, org.adminToken);
      ({ Alpha: a, Beta: b } = await build.tree({ Alpha: null, Beta: 'Alpha' }));
      profile = await build.profile(b, { network: 'X', handle: 'beta', displayName: 'Beta' });
    }, 180_000);

    const setRef = (input: Record<string, unknown>, token = org.adminToken) => t.gql(SET_REF, { input }, token);

    it('names an entity; the same external id for another entity, or a second id in the same system, is CONFLICT and writes nothing', async () => {
      const ok = await setRef({ entityType: 'BRAND', entityId: a, system: 'hubspot', externalId: 'H-1' });
      expect(ok.data.setExternalRef).toEqual({ system: 'hubspot', externalId: 'H-1', entityType: 'BRAND', entityId: a });
      const before = await counts(org.id);

      const taken = await setRef({ entityType: 'BRAND', entityId: b, system: 'hubspot', externalId: 'H-1' });
      expect(errorCodes(taken)).toEqual(['CONFLICT']);
      expect(taken.errors![0].message).toMatch(/hubspot:H-1/);
      const second = await setRef({ entityType: 'BRAND', entityId: a, system: 'hubspot', externalId: 'H-2' });
      expect(errorCodes(second)).toEqual(['CONFLICT']);
      expect(second.errors![0].message).toMatch(/hubspot/);
      expect(await counts(org.id)).toEqual(before);

      // Another system, or another entity type with the same external id, is fine.
      expect(errorCodes(await setRef({ entityType: 'BRAND', entityId: a, system: 'zendesk', externalId: 'H-1' }))).toEqual([]);
      expect(errorCodes(await setRef({ entityType: 'SOCIAL_PROFILE', entityId: profile, system: 'hubspot', externalId: 'H-1' }))).toEqual([]);
      const { viewer } = await t.ok(`{ viewer { id } }`, {}, org.adminToken);
      expect(errorCodes(await setRef({ entityType: 'USER', entityId: viewer.id, system: 'hubspot', externalId: 'owner-1' }))).toEqual([]);
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { externalRefs { system externalId } } }`, { id: a }, org.adminToken);
      expect(brand.externalRefs).toEqual([{ system: 'hubspot', externalId: 'H-1' }, { system: 'zendesk', externalId: 'H-1' }]);
      expect((await t.ok(`{ viewer { user { externalRefs { system externalId entityType } } } }`, {}, org.adminToken)).viewer.user.externalRefs).toEqual([
        { system: 'hubspot', externalId: 'owner-1', entityType: 'USER' },
      ]);
    });

    it('needs integration:manage: a brand manager or a zoom agent is FORBIDDEN', async () => {
      const manager = await t.createMember(org, 'manager', [{ roleKey: 'BRAND_MANAGER', brandId: a }]);
      const agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: b }]);
      const before = await counts(org.id);
      for (const token of [manager.token, agent.token]) {
        const body = await setRef({ entityType: 'BRAND', entityId: b, system: 'salesforce', externalId: 'SF-B' }, token);
        expect(errorCodes(body)).toEqual(['FORBIDDEN']);
        expect(body.data).toBeNull();
      }
      // An integration key on Beta may name Beta, but not Alpha above it (out of its sight).
      const key = await apiKey(org, 'INTEGRATION', b);
      expect(errorCodes(await setRef({ entityType: 'BRAND', entityId: a, system: 'salesforce', externalId: 'SF-A' }, key.secret))).toEqual(['NOT_FOUND']);
      expect(await counts(org.id)).toEqual({ ...before, auditEvents: before.auditEvents + 2, outboxEvents: before.outboxEvents + 2 });
      expect(errorCodes(await setRef({ entityType: 'BRAND', entityId: b, system: 'salesforce', externalId: 'SF-B' }, key.secret))).toEqual([]);
    });

    it("another organization's entity is NOT_FOUND, exactly like an unknown id", async () => {
      const other = await t.createOrganization('Other Refs');
      for (const [entityType, entityId] of [['BRAND', a], ['SOCIAL_PROFILE', profile]]) {
        const body = await setRef({ entityType, entityId, system: 'hubspot', externalId: 'stolen' }, other.adminToken);
        expect(errorCodes(body)).toEqual(['NOT_FOUND']);
        const unknown = await setRef({ entityType, entityId: '00000000-0000-4000-8000-000000000000', system: 'hubspot', externalId: 'stolen' }, other.adminToken);
        expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
        expect(body.errors![0].message.replace(entityId, '<id>')).toBe(unknown.errors![0].message.replace('00000000-0000-4000-8000-000000000000', '<id>'));
      }
      expect(await count('external_refs', other.id)).toBe(0);
      expect(await count('external_refs', org.id, `external_id = 'stolen'`)).toBe(0);
    });

    it('upserts check their parent: unknown parentExternalRef is NOT_FOUND, both parent fields BAD_USER_INPUT', async () => {
      const unknownParent = await t.gql(UPSERT_BRAND, { input: { system: 'hubspot', externalId: 'X-1', name: 'Orphan', parentExternalRef: { system: 'hubspot', externalId: 'nope' } } }, org.adminToken);
      expect(errorCodes(unknownParent)).toEqual(['NOT_FOUND']);
      const both = await t.gql(UPSERT_BRAND, { input: { system: 'hubspot', externalId: 'X-1', name: 'Orphan', parentId: a, parentExternalRef: { system: 'hubspot', externalId: 'H-1' } } }, org.adminToken);
      expect(errorCodes(both)).toEqual(['BAD_USER_INPUT']);
      expect(await count('brands', org.id, `name = 'Orphan'`)).toBe(0);
    });
  });

  describe('brand tree import and export', () => {
    let org: TestOrganization;
    const importTree = (document: string, format = 'JSON', dryRun = false) => t.gql(IMPORT, { input: { format, document, dryRun } }, org.adminToken);
    const imported = async (document: string, format = 'JSON', dryRun = false) => {
      const body = await importTree(document, format, dryRun);
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data.importBrandTree;
    };
    const lines = (list: { line: number }[]) => list.map((l) => l.line);
    const brandByPath = async (path: string) => {
      const rows = await sql.query(
        `SELECT b.id, b.name, b.description, b.depth, b.parent_id FROM brands b WHERE b.organization_id = $1 AND b.archived_at IS NULL
           AND concat_ws('/', (SELECT string_agg(a.slug, '/' ORDER BY a.depth) FROM brands a WHERE a.id = ANY(b.ancestor_ids)), b.slug) = $2`,
        [org.id, path],
      );
      return rows[0] ?? null;
    };

    const ACME = [
      { path: 'acme', name: 'Acme', externalRef: { system: 'salesforce', externalId: 'ACC-ACME' }, profiles: [{ network: 'FACEBOOK', handle: 'acme' }] },
      { path: 'acme/rockets', name: 'Rockets', profiles: [{ network: 'X', handle: '@acmerockets', displayName: 'Acme Rockets', url: 'https://x.com/acmerockets' }] },
      { path: 'acme/rockets/boosters', name: 'Boosters', externalRef: { system: 'salesforce', externalId: 'ACC-BOOST' } },
      { path: 'acme/anvils', name: 'Anvils', description: 'Heavy and reliable' },
    ];

    beforeAll(async () => {
      org = await t.createOrganization('Import Org');
    }, 180_000);

    it('imports a JSON tree: parents by path, profiles, external ids; the report lists every created line', async () => {
      const report = await imported(JSON.stringify(ACME));
      expect(report.applied).toBe(true);
      expect(report.rejected).toEqual([]);
      expect(report.updated).toEqual([]);
      expect(report.created.map((l: any) => [l.line, l.path, l.reason])).toEqual([
        [1, 'acme', null],
        [2, 'acme/rockets', null],
        [3, 'acme/rockets/boosters', null],
        [4, 'acme/anvils', null],
      ]);
      const acme = await brandByPath('acme');
      const rockets = await brandByPath('acme/rockets');
      const boosters = await brandByPath('acme/rockets/boosters');
      expect(report.created.map((l: any) => l.brandId)).toEqual([acme.id, rockets.id, boosters.id, (await brandByPath('acme/anvils')).id]);
      expect(boosters).toMatchObject({ name: 'Boosters', depth: 2, parent_id: rockets.id });
      expect(await brandByPath('acme/anvils')).toMatchObject({ description: 'Heavy and reliable', parent_id: acme.id });
      expect(await sql.query(`SELECT network, handle, display_name, url, brand_id FROM social_profiles WHERE organization_id = $1 ORDER BY handle`, [org.id])).toEqual([
        { network: 'FACEBOOK', handle: 'acme', display_name: 'acme', url: null, brand_id: acme.id },
        { network: 'X', handle: 'acmerockets', display_name: 'Acme Rockets', url: 'https://x.com/acmerockets', brand_id: rockets.id },
      ]);
      expect((await t.ok(BY_REF, { system: 'salesforce', externalId: 'ACC-BOOST' }, org.adminToken)).brandByExternalRef.id).toBe(boosters.id);
      expect(await counts(org.id)).toMatchObject({ brands: 4, profiles: 2, refs: 2 });
    });

    it('re-importing the same document updates every line and duplicates nothing', async () => {
      const before = await counts(org.id);
      const report = await imported(JSON.stringify(ACME));
      expect(report).toMatchObject({ applied: true, created: [], rejected: [] });
      expect(lines(report.updated)).toEqual([1, 2, 3, 4]);
      expect(report.updated[2].brandId).toBe((await brandByPath('acme/rockets/boosters')).id);
      const after = await counts(org.id);
      expect({ ...after, auditEvents: 0, outboxEvents: 0 }).toEqual({ ...before, auditEvents: 0, outboxEvents: 0 });
      // A changed name is an update of the same brand.
      const renamed = await imported(JSON.stringify([{ ...ACME[0], name: 'Acme Corporation' }]));
      expect(renamed.updated.map((l: any) => [l.line, l.brandId])).toEqual([[1, (await brandByPath('acme')).id]]);
      expect((await brandByPath('acme')).name).toBe('Acme Corporation');
    });

    it('a document with bad lines is rejected whole: every bad line and its reason is listed, and nothing is written', async () => {
      const before = await counts(org.id);
      const document = JSON.stringify([
        { path: 'acme', name: 'Acme Corporation' },
        { path: 'acme/ghost/child', name: 'Orphan' },
        { path: 'acme/Bad Slug!', name: 'Bad slug' },
        { path: 'acme/anvils', name: 'Anvils', profiles: [{ network: 'X', handle: 'acmerockets' }] },
        { path: 'acme/dynamite', name: 'Dynamite', profiles: [{ network: 'TIKTOK', handle: 'acmedynamite' }] },
        { path: 'acme/dynamite/fuses', name: 'Fuses' },
      ]);
      const report = await imported(document);
      expect(report.applied).toBe(false);
      expect(report.rejected.map((l: any) => [l.line, l.path, l.brandId])).toEqual([
        [2, 'acme/ghost/child', null],
        [3, 'acme/Bad Slug!', null],
        [4, 'acme/anvils', null],
      ]);
      const [ghost, slug, handle] = report.rejected.map((l: any) => l.reason);
      expect(ghost).toMatch(/parent acme\/ghost does not exist/);
      expect(slug).toMatch(/path.*slugs/);
      expect(handle).toMatch(/X handle acmerockets belongs to another brand/);
      // The good lines are reported as they would have gone, but none of them was written.
      expect(lines(report.updated)).toEqual([1]);
      expect(lines(report.created)).toEqual([5, 6]);
      expect(await counts(org.id)).toEqual(before);
      expect(await brandByPath('acme/dynamite')).toBeNull();
      expect(await count('social_profiles', org.id, `handle = 'acmedynamite'`)).toBe(0);
    });

    it('dryRun reports what would happen and writes nothing', async () => {
      const before = await counts(org.id);
      const report = await imported(JSON.stringify([...ACME, { path: 'acme/traps', name: 'Traps', profiles: [{ network: 'PINTEREST', handle: 'acmetraps' }] }]), 'JSON', true);
      expect(report.applied).toBe(false);
      expect(report.rejected).toEqual([]);
      expect(lines(report.updated)).toEqual([1, 2, 3, 4]);
      expect(report.created.map((l: any) => [l.line, l.path])).toEqual([[5, 'acme/traps']]);
      expect(await counts(org.id)).toEqual(before);
      expect(await brandByPath('acme/traps')).toBeNull();
    });

    it('imports CSV: the header is line 1, profiles as network:handle', async () => {
      const csv = [
        'path,name,description,externalSystem,externalId,profiles',
        'globex,Globex,,hubspot,GLX,FACEBOOK:globex X:globex',
        'globex/labs,Globex Labs,"Research, mostly",,,',
        'globex/labs/nano,Nano,,hubspot,GLX-NANO,INSTAGRAM:globexnano',
      ].join('\n');
      const report = await imported(csv, 'CSV');
      expect(report.applied).toBe(true);
      expect(report.created.map((l: any) => [l.line, l.path])).toEqual([[2, 'globex'], [3, 'globex/labs'], [4, 'globex/labs/nano']]);
      expect(await brandByPath('globex/labs')).toMatchObject({ name: 'Globex Labs', description: 'Research, mostly', depth: 1 });
      expect(await count('social_profiles', org.id, `handle LIKE 'globex%'`)).toBe(3);
      expect((await t.ok(BY_REF, { system: 'hubspot', externalId: 'GLX-NANO' }, org.adminToken)).brandByExternalRef.depth).toBe(2);

      const bad = await imported(`path,name\nglobex/labs,Globex Labs\nnowhere/else,Else\n`, 'CSV');
      expect(bad).toMatchObject({ applied: false, created: [] });
      expect(bad.rejected.map((l: any) => l.line)).toEqual([3]);
      expect(lines(bad.updated)).toEqual([2]);
    });

    it('exports JSON and CSV in the import format; re-importing an export changes nothing', async () => {
      const acme = await brandByPath('acme');
      const { exportBrandTree: json } = await t.ok(EXPORT, { format: 'JSON', rootId: acme.id, system: 'salesforce' }, org.adminToken);
      const tree = JSON.parse(json);
      expect(tree.map((l: any) => l.path)).toEqual(['acme', 'acme/anvils', 'acme/rockets', 'acme/rockets/boosters']);
      expect(tree[0]).toEqual({
        path: 'acme',
        name: 'Acme Corporation',
        description: null,
        externalRef: { system: 'salesforce', externalId: 'ACC-ACME' },
        profiles: [{ network: 'FACEBOOK', handle: 'acme', displayName: 'acme', url: null }],
      });
      expect(tree[2].profiles).toEqual([{ network: 'X', handle: 'acmerockets', displayName: 'Acme Rockets', url: 'https://x.com/acmerockets' }]);
      expect(tree[3].externalRef).toEqual({ system: 'salesforce', externalId: 'ACC-BOOST' });

      const { exportBrandTree: csv } = await t.ok(EXPORT, { format: 'CSV', system: 'hubspot' }, org.adminToken);
      const csvLines = csv.trim().split('\n');
      expect(csvLines[0]).toBe('path,name,description,externalSystem,externalId,profiles');
      expect(csvLines).toContain('globex,Globex,,hubspot,GLX,FACEBOOK:globex X:globex');
      expect(csvLines).toContain('globex/labs,Globex Labs,"Research, mostly",,,');
      expect(csvLines).toHaveLength(1 + 7);

      // Round trips: nothing is created, nothing rejected, nothing changes, and the export is the same.
      const before = await counts(org.id);
      const { cursor } = await drain(org.adminToken);
      const again = await imported(json);
      expect(again).toMatchObject({ applied: true, created: [], rejected: [] });
      expect(again.updated).toHaveLength(4);
      const againCsv = await imported(csv, 'CSV');
      expect(againCsv).toMatchObject({ applied: true, created: [], rejected: [] });
      expect(againCsv.updated).toHaveLength(7);
      expect(await counts(org.id)).toEqual(before);
      expect((await drain(org.adminToken, cursor)).events).toEqual([]);
      expect((await t.ok(EXPORT, { format: 'JSON', rootId: acme.id, system: 'salesforce' }, org.adminToken)).exportBrandTree).toBe(json);
      expect((await t.ok(EXPORT, { format: 'CSV', system: 'hubspot' }, org.adminToken)).exportBrandTree).toBe(csv);
    });

    it('importing needs brand:manage somewhere, exporting and the feed brand:read; an export holds only what the caller reads', async () => {
      const rockets = (await brandByPath('acme/rockets')).id;
      const nobody = await t.createMember(org, 'nobody');
      const agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: rockets }]);
      const before = await counts(org.id);
      for (const token of [nobody.token, agent.token]) {
        const body = await t.gql(IMPORT, { input: { format: 'JSON', document: JSON.stringify([{ path: 'acme/intruders', name: 'Intruders' }]) } }, token);
        expect(errorCodes(body)).toEqual(['FORBIDDEN']);
      }
      expect(errorCodes(await t.gql(EXPORT, { format: 'JSON' }, nobody.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(CHANGES, {}, nobody.token))).toEqual(['FORBIDDEN']);
      expect(await counts(org.id)).toEqual(before);

      const { exportBrandTree } = await t.ok(EXPORT, { format: 'JSON' }, agent.token);
      expect(JSON.parse(exportBrandTree).map((l: any) => l.path)).toEqual(['acme/rockets', 'acme/rockets/boosters']);
      const feed = await drain(agent.token);
      expect(new Set(feed.events.map((e) => e.brandId))).toEqual(new Set([rockets, (await brandByPath('acme/rockets/boosters')).id]));
    });

    it('a document that does not parse is BAD_USER_INPUT naming input.document', async () => {
      const before = await counts(org.id);
      for (const [document, format] of [
        ['{ not json', 'JSON'],
        ['{"path": "acme", "name": "Acme"}', 'JSON'],
        ['path,name\n"acme,Acme\n', 'CSV'],
        ['path,name\nacme,Acme,extra\n', 'CSV'],
      ]) {
        const body = await importTree(document, format);
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        expect(namedFields(body)).toEqual(['input.document']);
      }
      const wrongFormat = await importTree('[]', 'XML');
      expect(errorCodes(wrongFormat)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(wrongFormat)).toEqual(['input.format']);
      expect(errorCodes(await t.gql(EXPORT, { format: 'YAML' }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
      expect(await counts(org.id)).toEqual(before);
    });
  });
  /**
   * Issue 13, finding 10a: a brand the caller may not read, named by its external id, answers
   * exactly what an unknown external id answers, and never its internal id. Snickers' manager
   * cannot see Dove, its sibling.
   */
  describe('an external id of a brand out of sight reads like an unknown one', () => {
    let org: TestOrganization;
    let dove: string;
    let manager: string;
    const HIDDEN = { system: 'crm', externalId: 'ACC-DOVE' };
    const UNKNOWN = { system: 'crm', externalId: 'ACC-NONE' };
    /** The error as the caller sees it, with the external id it gave replaced. */
    const shape = (body: GraphQLResponse, ref: { externalId: string }) => {
      expect(JSON.stringify(body)).not.toContain(dove);
      return body.errors?.map((e) => ({ ...e, message: e.message.replace(ref.externalId, '<ref>') }));
    };

    beforeAll(async () => {
      org = await t.createOrganization('Hidden Refs');
      const { Snickers: snickers, Dove } = await builders(t, org.adminToken).tree({ Mars: null, Snickers: 'Mars', Dove: 'Mars' });
      dove = Dove;
      await t.ok(SET_REF, { input: { entityType: 'BRAND', entityId: dove, ...HIDDEN } }, org.adminToken);
      manager = (await t.createMember(org, 'snickers-manager', [{ roleKey: 'BRAND_MANAGER', brandId: snickers }])).token;
    }, 180_000);

    it.each([
      ['brandByExternalRef', BY_REF, (ref: object) => ref as Record<string, unknown>],
      ['upsertBrandByExternalRef with it as parent', UPSERT_BRAND, (ref: object) => ({ input: { system: 'crm', externalId: 'ACC-TWIX', name: 'Twix', parentExternalRef: ref } })],
      ['upsertSocialProfileByExternalRef with it as brand', UPSERT_PROFILE, (ref: object) => ({ input: { system: 'crm', externalId: 'PAGE-1', brandExternalRef: ref, network: 'X', handle: 'dove', displayName: 'Dove' } })],
    ])('%s: NOT_FOUND naming the external id', async (_name, query, variables) => {
      const before = await counts(org.id);
      const hidden = await t.gql(query, variables(HIDDEN), manager);
      const unknown = await t.gql(query, variables(UNKNOWN), manager);
      expect(errorCodes(hidden)).toEqual(['NOT_FOUND']);
      expect(shape(hidden, HIDDEN)).toEqual(shape(unknown, UNKNOWN));
      expect(await counts(org.id)).toEqual(before);
    });

    it('upserting the hidden brand itself, or importing over it, never names its internal id', async () => {
      const before = await counts(org.id);
      const upsert = await t.gql(UPSERT_BRAND, { input: { ...HIDDEN, name: 'Dove' } }, manager);
      expect(errorCodes(upsert)).toEqual(['NOT_FOUND']);
      expect(upsert.errors![0].message).toBe('Brand crm:ACC-DOVE not found');
      const lines = (line: object) => ({ input: { format: 'JSON', document: JSON.stringify([line]) } });
      for (const line of [
        { path: 'mars/dove', name: 'Dove' },
        { path: 'mars/snickers/bar', name: 'Bar', externalRef: HIDDEN },
      ]) {
        const report = await t.ok(IMPORT, lines(line), manager);
        expect(report.importBrandTree.applied).toBe(false);
        expect(JSON.stringify(report)).not.toContain(dove);
      }
      // A parent out of sight reads like a parent that does not exist.
      const underHidden = (await t.ok(IMPORT, lines({ path: 'mars/dove/bar', name: 'Bar' }), manager)).importBrandTree.rejected[0].reason;
      const underNothing = (await t.ok(IMPORT, lines({ path: 'mars/none/bar', name: 'Bar' }), manager)).importBrandTree.rejected[0].reason;
      expect(underHidden.replace('dove', '<slug>')).toBe(underNothing.replace('none', '<slug>'));
      expect(await counts(org.id)).toEqual(before);
    });
  });
});
