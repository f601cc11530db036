import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { builders, errorCodes, GraphQLResponse, TestApp, TestOrganization } from './support';

const CREATE_BRAND = `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`;
const CREATE_PROFILE = `mutation ($input: CreateSocialProfileInput!) { createSocialProfile(input: $input) { id } }`;
const LAUNCH = `mutation ($id: ID!) { launchSocialProfile(id: $id) { id status } }`;

const PROFILE_FIELDS = `id network handle displayName url status launchedAt updatedAt brand { id }`;

/** Everything an organization can see of its own data, for before/after comparisons. */
const SNAPSHOT = `{
  brands(first: 100, filter: { includeArchived: true }) {
    totalCount
    edges { node {
      id name slug status depth description archivedAt updatedAt
      parent { id }
      ancestors { id }
      children(first: 100, includeArchived: true) { totalCount edges { node { id } } }
      profiles(first: 100) { totalCount edges { node { ${PROFILE_FIELDS} } } }
      archived: profiles(first: 100, status: ARCHIVED) { totalCount }
    } }
  }
}`;
const PROFILE = `query ($id: ID!) { socialProfile(id: $id) { ${PROFILE_FIELDS} } }`;

interface Tenant {
  org: TestOrganization;
  mars: string;
  snickers: string;
  /** A DRAFT profile of Snickers, which launch and archive would change. */
  draft: string;
  /** A LIVE profile of Snickers, which pause would change. */
  live: string;
}

describe('tenancy: nothing crosses organizations', () => {
  let t: TestApp;
  let a: Tenant;
  let b: Tenant;

  /** The same brand names and profile handles in every organization. */
  async function tenant(): Promise<Tenant> {
    const org = await t.createOrganization('Mars');
    const build = builders(t, org.adminToken);
    const { Mars: mars, Snickers: snickers } = await build.tree({ Mars: null, Snickers: 'Mars' });
    const draft = await build.profile(snickers, { network: 'FACEBOOK', handle: 'snickers', displayName: 'snickers' });
    const live = await build.profile(snickers, { network: 'X', handle: 'snickers', displayName: 'snickers', live: true });
    return { org, mars, snickers, draft, live };
  }

  async function snapshot(tenant: Tenant) {
    const brands = await t.ok(SNAPSHOT, {}, tenant.org.adminToken);
    const profiles = await Promise.all([tenant.draft, tenant.live].map(async (id) => (await t.ok(PROFILE, { id }, tenant.org.adminToken)).socialProfile));
    return { brands, profiles };
  }

  beforeAll(async () => {
    t = await TestApp.start();
    a = await tenant();
    b = await tenant();
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  it('gives both organizations the same names, slugs and handles', async () => {
    const shape = async (tenant: Tenant) =>
      (await snapshot(tenant)).brands.brands.edges.map((e: any) => ({
        name: e.node.name,
        slug: e.node.slug,
        handles: e.node.profiles.edges.map((p: any) => `${p.node.network}:${p.node.handle}`),
      }));
    expect(await shape(a)).toEqual(await shape(b));
    expect(await shape(a)).toEqual([
      { name: 'Mars', slug: 'mars', handles: [] },
      { name: 'Snickers', slug: 'snickers', handles: ['FACEBOOK:snickers', 'X:snickers'] },
    ]);
  });

  it('lists only the caller\'s own brands and profiles', async () => {
    for (const [own, other] of [[a, b], [b, a]]) {
      const { brands } = await t.ok(SNAPSHOT, {}, own.org.adminToken);
      const ids = brands.edges.map((e: any) => e.node.id).sort();
      expect(ids).toEqual([own.mars, own.snickers].sort());
      const profileIds = brands.edges.flatMap((e: any) => e.node.profiles.edges.map((p: any) => p.node.id)).sort();
      expect(profileIds).toEqual([own.draft, own.live].sort());
      expect(ids).not.toContain(other.mars);

      const search = await t.ok(`{ brands(filter: { search: "snickers", includeArchived: true }) { totalCount edges { node { id } } } }`, {}, own.org.adminToken);
      expect(search.brands).toEqual({ totalCount: 1, edges: [{ node: { id: own.snickers } }] });

      const roots = await t.ok(
        `{ brands(filter: { rootsOnly: true }) { edges { node { id descendants { totalCount edges { node { id } } } } } } }`,
        {},
        own.org.adminToken,
      );
      expect(roots.brands.edges).toEqual([{ node: { id: own.mars, descendants: { totalCount: 1, edges: [{ node: { id: own.snickers } }] } } }]);
    }
  });

  /**
   * Every operation given organization A's ids with organization B's token. Each would change
   * or reveal A's data if tenancy leaked: profiles are in the status the action accepts.
   */
  const crossTenant: [string, string, () => Record<string, unknown>][] = [
    ['brand (umbrella)', `query ($id: ID!) { brand(id: $id) { id name } }`, () => ({ id: a.mars })],
    ['brand (sub-brand)', `query ($id: ID!) { brand(id: $id) { id name } }`, () => ({ id: a.snickers })],
    ['updateBrand', `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id } }`, () => ({ input: { id: a.snickers, name: 'Hijacked', description: 'hijacked' } })],
    ['moveBrand of A\'s brand to the root', `mutation ($id: ID!, $p: ID) { moveBrand(id: $id, newParentId: $p) { id } }`, () => ({ id: a.snickers, p: null })],
    ['moveBrand of A\'s brand under B\'s', `mutation ($id: ID!, $p: ID) { moveBrand(id: $id, newParentId: $p) { id } }`, () => ({ id: a.snickers, p: b.mars })],
    ['moveBrand of B\'s brand under A\'s', `mutation ($id: ID!, $p: ID) { moveBrand(id: $id, newParentId: $p) { id } }`, () => ({ id: b.snickers, p: a.mars })],
    ['moveBrand of B\'s root under A\'s', `mutation ($id: ID!, $p: ID) { moveBrand(id: $id, newParentId: $p) { id } }`, () => ({ id: b.mars, p: a.snickers })],
    ['archiveBrand (sub-brand)', `mutation ($id: ID!) { archiveBrand(id: $id) { id } }`, () => ({ id: a.snickers })],
    ['archiveBrand (umbrella)', `mutation ($id: ID!) { archiveBrand(id: $id) { id } }`, () => ({ id: a.mars })],
    ['createBrand under A\'s brand', CREATE_BRAND, () => ({ input: { name: 'Twix', parentId: a.mars } })],
    ['socialProfile', PROFILE, () => ({ id: a.draft })],
    ['updateSocialProfile', `mutation ($input: UpdateSocialProfileInput!) { updateSocialProfile(input: $input) { id } }`, () => ({ input: { id: a.draft, handle: 'hijacked', url: null } })],
    ['launchSocialProfile', LAUNCH, () => ({ id: a.draft })],
    ['pauseSocialProfile', `mutation ($id: ID!) { pauseSocialProfile(id: $id) { id } }`, () => ({ id: a.live })],
    ['archiveSocialProfile', `mutation ($id: ID!) { archiveSocialProfile(id: $id) { id } }`, () => ({ id: a.live })],
    ['createSocialProfile on A\'s brand', CREATE_PROFILE, () => ({ input: { brandId: a.snickers, network: 'INSTAGRAM', handle: 'snickers', displayName: 'Snickers' } })],
  ];

  describe('with organization B\'s token and organization A\'s ids', () => {
    let before: { a: unknown; b: unknown };
    beforeAll(async () => {
      before = { a: await snapshot(a), b: await snapshot(b) };
    }, 180_000);

    it.each(crossTenant)('%s is NOT_FOUND, like an id that does not exist', async (_name, query, variables) => {
      const body = await t.gql(query, variables(), b.org.adminToken);
      expect(errorCodes(body)).toEqual(['NOT_FOUND']);
      expect(body.data).toBeNull();

      // The answer tells nothing more than it would for a random id.
      const vars = variables();
      const foreignIds = [a.mars, a.snickers, a.draft, a.live];
      const replaced = JSON.parse(JSON.stringify(vars), (_k, v) => (foreignIds.includes(v) ? randomUUID() : v));
      const unknown: GraphQLResponse = await t.gql(query, replaced, b.org.adminToken);
      expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
      const shape = (r: GraphQLResponse) => ({ ...r.errors![0], message: r.errors![0].message.replace(/[0-9a-f-]{36}/g, '<id>') });
      expect(shape(body)).toEqual(shape(unknown));
    });

    it('changed nothing in A, nor in B', async () => {
      expect(await snapshot(a)).toEqual(before.a);
      expect(await snapshot(b)).toEqual(before.b);
      const sql = t.app.get(DataSource);
      const [{ count }] = await sql.query(`SELECT count(*)::int AS count FROM brands WHERE organization_id = ANY($1::uuid[])`, [[a.org.id, b.org.id]]);
      expect(count).toBe(4);
      const [{ profiles }] = await sql.query(`SELECT count(*)::int AS profiles FROM social_profiles WHERE organization_id = ANY($1::uuid[])`, [[a.org.id, b.org.id]]);
      expect(profiles).toBe(4);
    });

    it('leaves A fully usable by A', async () => {
      // The hijack attempts must not have locked or broken anything: A can still do each of them.
      const token = a.org.adminToken;
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { name children { totalCount } } }`, { id: a.mars }, token);
      expect(brand).toEqual({ name: 'Mars', children: { totalCount: 1 } });
      const { pauseSocialProfile } = await t.ok(`mutation ($id: ID!) { pauseSocialProfile(id: $id) { status } }`, { id: a.live }, token);
      expect(pauseSocialProfile.status).toBe('PAUSED');
      const { launchSocialProfile } = await t.ok(LAUNCH, { id: a.live }, token);
      expect(launchSocialProfile.status).toBe('LIVE');
    });
  });

  describe('a deactivated user', () => {
    it('cannot use a token issued before the deactivation', async () => {
      const member = await t.createMember(a.org, 'leaver', [{ roleKey: 'ZOOM_AGENT', brandId: null }]);
      const QUERY = `query ($id: ID!) { brand(id: $id) { id name } }`;
      expect(await t.ok(QUERY, { id: a.mars }, member.token)).toEqual({ brand: { id: a.mars, name: 'Mars' } });

      await t.app.get(DataSource).query(`UPDATE users SET status = 'DEACTIVATED' WHERE id = $1`, [member.id]);

      const body = await t.gql(QUERY, { id: a.mars }, member.token);
      expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
      expect(body.data).toBeNull();
      expect(errorCodes(await t.gql(`{ viewer { user { email } } }`, {}, member.token))).toEqual(['UNAUTHENTICATED']);
      // Nor log in again.
      const login = await t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, {
        e: member.email,
        p: 'correct horse battery staple',
      });
      expect(errorCodes(login)).toEqual(['UNAUTHENTICATED']);
    });

    it('loses write access too, as an org admin', async () => {
      const other = await t.createOrganization('Mars');
      const brandId = await builders(t, other.adminToken).brand('Mars');
      const sql = t.app.get(DataSource);
      await sql.query(`UPDATE users SET status = 'DEACTIVATED' WHERE organization_id = $1`, [other.id]);

      const body = await t.gql(`mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id } }`, { input: { id: brandId, name: 'Gone' } }, other.adminToken);
      expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
      const [{ name }] = await sql.query(`SELECT name FROM brands WHERE id = $1`, [brandId]);
      expect(name).toBe('Mars');
    });
  });
});
