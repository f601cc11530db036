import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { builders, errorCodes, GraphQLResponse, TestApp, TestOrganization } from './support';

const PROFILE = `id network handle displayName url status launchedAt createdAt updatedAt brand { id }`;

const ARCHIVE_BRAND = `mutation ($id: ID!) { archiveBrand(id: $id) { id status } }`;
const CREATE = `mutation ($input: CreateSocialProfileInput!) { createSocialProfile(input: $input) { ${PROFILE} } }`;
const UPDATE = `mutation ($input: UpdateSocialProfileInput!) { updateSocialProfile(input: $input) { ${PROFILE} } }`;
const GET = `query ($id: ID!) { socialProfile(id: $id) { ${PROFILE} } }`;
const BRAND_PROFILES = `query ($id: ID!, $status: SocialProfileStatus, $network: SocialNetwork, $first: Int, $after: String) {
  brand(id: $id) {
    profiles(status: $status, network: $network, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { id network handle status } }
    }
  }
}`;

type Action = 'launch' | 'pause' | 'archive';
const TRANSITION: Record<Action, string> = {
  launch: `mutation ($id: ID!) { launchSocialProfile(id: $id) { ${PROFILE} } }`,
  pause: `mutation ($id: ID!) { pauseSocialProfile(id: $id) { ${PROFILE} } }`,
  archive: `mutation ($id: ID!) { archiveSocialProfile(id: $id) { ${PROFILE} } }`,
};
const MUTATION_NAME: Record<Action, string> = { launch: 'launchSocialProfile', pause: 'pauseSocialProfile', archive: 'archiveSocialProfile' };

/** A handle no other test of the run uses. */
const uniqueHandle = (prefix = 'h') => `${prefix}_${randomUUID().slice(0, 8)}`;

describe('social profiles', () => {
  let t: TestApp;
  let org: TestOrganization;
  let brandId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Profiles Org');
    brandId = await createBrand(org, 'Snickers');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const createBrand = (owner: TestOrganization, name: string): Promise<string> => builders(t, owner.adminToken).brand(name);

  async function createProfile(input: Record<string, unknown> = {}, token = org.adminToken) {
    const { createSocialProfile } = await t.ok(
      CREATE,
      { input: { brandId, network: 'FACEBOOK', handle: uniqueHandle(), displayName: 'Snickers', ...input } },
      token,
    );
    return createSocialProfile;
  }

  const transition = (action: Action, id: string, token = org.adminToken) => t.gql(TRANSITION[action], { id }, token);
  const statusOf = async (id: string) => (await t.ok(GET, { id }, org.adminToken)).socialProfile.status;

  describe('create, update and read', () => {
    it('creates a DRAFT profile, dropping a leading @ from the handle', async () => {
      const handle = uniqueHandle('SnickersUK');
      const profile = await createProfile({ network: 'X', handle: `  @${handle} `, displayName: ' Snickers UK ', url: 'https://x.com/snickersuk' });
      expect(profile).toMatchObject({
        network: 'X',
        handle,
        displayName: 'Snickers UK',
        url: 'https://x.com/snickersuk',
        status: 'DRAFT',
        launchedAt: null,
        brand: { id: brandId },
      });
      expect(profile.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await t.ok(GET, { id: profile.id }, org.adminToken)).toEqual({ socialProfile: profile });
    });

    it('creates a profile without a url', async () => {
      const profile = await createProfile({ network: 'BLOG' });
      expect(profile.url).toBeNull();
    });

    it('updates only the fields given, and clears the url with null', async () => {
      const created = await createProfile({ network: 'INSTAGRAM', displayName: 'Before', url: 'https://instagram.com/before' });

      const newHandle = uniqueHandle('after');
      const { updateSocialProfile: renamed } = await t.ok(UPDATE, { input: { id: created.id, handle: `@${newHandle}` } }, org.adminToken);
      expect(renamed).toMatchObject({ id: created.id, handle: newHandle, displayName: 'Before', url: 'https://instagram.com/before', status: 'DRAFT', network: 'INSTAGRAM' });
      expect(new Date(renamed.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.updatedAt).getTime());

      const { updateSocialProfile: retitled } = await t.ok(UPDATE, { input: { id: created.id, displayName: 'After' } }, org.adminToken);
      expect(retitled).toMatchObject({ handle: newHandle, displayName: 'After', url: 'https://instagram.com/before' });

      const { updateSocialProfile: cleared } = await t.ok(UPDATE, { input: { id: created.id, url: null } }, org.adminToken);
      expect(cleared).toMatchObject({ handle: newHandle, displayName: 'After', url: null });

      expect((await t.ok(GET, { id: created.id }, org.adminToken)).socialProfile).toMatchObject({ handle: newHandle, displayName: 'After', url: null });
    });

    it('lists a brand\'s profiles on Brand.profiles, hiding archived ones unless asked for', async () => {
      const brand = await createBrand(org, 'Dove');
      const mk = async (network: string) =>
        (await t.ok(CREATE, { input: { brandId: brand, network, handle: uniqueHandle('dove'), displayName: 'Dove' } }, org.adminToken)).createSocialProfile;
      const facebook = await mk('FACEBOOK');
      const x = await mk('X');
      const youtube = await mk('YOUTUBE');
      await transition('archive', youtube.id);

      const visible = (await t.ok(BRAND_PROFILES, { id: brand }, org.adminToken)).brand.profiles;
      expect(visible.totalCount).toBe(2);
      expect(visible.edges.map((e: any) => e.node.id).sort()).toEqual([facebook.id, x.id].sort());

      const archived = (await t.ok(BRAND_PROFILES, { id: brand, status: 'ARCHIVED' }, org.adminToken)).brand.profiles;
      expect(archived.totalCount).toBe(1);
      expect(archived.edges.map((e: any) => e.node)).toEqual([{ id: youtube.id, network: 'YOUTUBE', handle: youtube.handle, status: 'ARCHIVED' }]);

      const drafts = (await t.ok(BRAND_PROFILES, { id: brand, status: 'DRAFT', network: 'X' }, org.adminToken)).brand.profiles;
      expect(drafts.edges.map((e: any) => e.node.id)).toEqual([x.id]);

      // A brand without profiles has an empty connection.
      const empty = await createBrand(org, 'Twix');
      expect((await t.ok(BRAND_PROFILES, { id: empty }, org.adminToken)).brand.profiles).toEqual({
        totalCount: 0,
        pageInfo: { hasNextPage: false, hasPreviousPage: false, endCursor: null },
        edges: [],
      });
    });

    it('pages through Brand.profiles one at a time without losing or repeating any', async () => {
      const brand = await createBrand(org, 'Galaxy');
      // Networks whose declaration order differs from their alphabetical order.
      const ids: string[] = [];
      for (const network of ['X', 'FACEBOOK', 'INSTAGRAM', 'BLOG', 'TIKTOK']) {
        for (const prefix of ['b', 'A']) {
          ids.push(await builders(t, org.adminToken).profile(brand, { network, handle: uniqueHandle(`${prefix}galaxy`), displayName: 'Galaxy' }));
        }
      }
      const all = (await t.ok(BRAND_PROFILES, { id: brand, first: 100 }, org.adminToken)).brand.profiles;
      expect(all.totalCount).toBe(10);
      const order = all.edges.map((e: any) => e.node.id);
      expect([...order].sort()).toEqual([...ids].sort());

      const paged: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const { brand: b }: { brand: any } = await t.ok(BRAND_PROFILES, { id: brand, first: 3, after }, org.adminToken);
        expect(b.profiles.totalCount).toBe(10);
        paged.push(...b.profiles.edges.map((e: any) => e.node.id));
        if (!b.profiles.pageInfo.hasNextPage) break;
        after = b.profiles.pageInfo.endCursor;
      }
      expect(paged).toEqual(order);
    });

    it('resolves socialProfile(id) { brand }', async () => {
      const profile = await createProfile({ network: 'LINKEDIN' });
      const { socialProfile } = await t.ok(`query ($id: ID!) { socialProfile(id: $id) { id brand { id name } } }`, { id: profile.id }, org.adminToken);
      expect(socialProfile).toEqual({ id: profile.id, brand: { id: brandId, name: 'Snickers' } });
    });

    it('answers NOT_FOUND for an unknown profile id', async () => {
      const id = randomUUID();
      expect(errorCodes(await t.gql(GET, { id }, org.adminToken))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(UPDATE, { input: { id, displayName: 'x' } }, org.adminToken))).toEqual(['NOT_FOUND']);
      for (const action of ['launch', 'pause', 'archive'] as const) {
        expect(errorCodes(await transition(action, id))).toEqual(['NOT_FOUND']);
      }
    });
  });

  describe('handle uniqueness', () => {
    it('is per network within the organization, case-insensitively', async () => {
      const handle = uniqueHandle('MarsBar');
      const first = await createProfile({ network: 'FACEBOOK', handle });

      // Another network: fine.
      await createProfile({ network: 'X', handle });

      // Same network, other case, with or without @: CONFLICT, naming the field.
      for (const taken of [handle.toUpperCase(), handle.toLowerCase(), `@${handle}`]) {
        const body = await t.gql(CREATE, { input: { brandId, network: 'FACEBOOK', handle: taken, displayName: 'Dup' } }, org.adminToken);
        expect(errorCodes(body)).toEqual(['CONFLICT']);
        expect(body.errors![0].extensions).toMatchObject({ field: 'handle', network: 'FACEBOOK' });
        expect(body.errors![0].message).toContain('FACEBOOK');
        expect(body.data).toBeNull();
      }

      // Also on another brand of the same organization.
      const otherBrand = await createBrand(org, 'Bounty');
      const onOtherBrand = await t.gql(CREATE, { input: { brandId: otherBrand, network: 'FACEBOOK', handle: handle.toUpperCase(), displayName: 'Dup' } }, org.adminToken);
      expect(errorCodes(onOtherBrand)).toEqual(['CONFLICT']);

      // Renaming another profile onto it: CONFLICT, and the renamed profile keeps its handle.
      const second = await createProfile({ network: 'FACEBOOK' });
      const rename = await t.gql(UPDATE, { input: { id: second.id, handle: handle.toUpperCase() } }, org.adminToken);
      expect(errorCodes(rename)).toEqual(['CONFLICT']);
      expect((await t.ok(GET, { id: second.id }, org.adminToken)).socialProfile.handle).toBe(second.handle);

      // A profile may change the case of its own handle.
      const { updateSocialProfile } = await t.ok(UPDATE, { input: { id: first.id, handle: handle.toUpperCase() } }, org.adminToken);
      expect(updateSocialProfile.handle).toBe(handle.toUpperCase());

      const { brand } = await t.ok(
        `query ($id: ID!) { brand(id: $id) { profiles(network: FACEBOOK, first: 100) { edges { node { handle } } } } }`,
        { id: brandId },
        org.adminToken,
      );
      expect(brand.profiles.edges.filter((e: any) => e.node.handle.toLowerCase() === handle.toLowerCase())).toHaveLength(1);
    });

    it('does not reach across organizations', async () => {
      const handle = uniqueHandle('SharedHandle');
      await createProfile({ network: 'FACEBOOK', handle });
      const other = await t.createOrganization('Other Profiles Org');
      const otherBrand = await createBrand(other, 'Snickers');
      const { createSocialProfile } = await t.ok(
        CREATE,
        { input: { brandId: otherBrand, network: 'FACEBOOK', handle, displayName: 'Snickers' } },
        other.adminToken,
      );
      expect(createSocialProfile).toMatchObject({ handle, status: 'DRAFT', brand: { id: otherBrand } });
    });
  });

  describe('lifecycle', () => {
    /** The actions that bring a new (DRAFT) profile to each status. */
    const PATH: Record<string, Action[]> = { DRAFT: [], LIVE: ['launch'], PAUSED: ['launch', 'pause'], ARCHIVED: ['archive'] };

    async function profileIn(status: string) {
      const profile = await createProfile({ network: 'TIKTOK' });
      let current = profile;
      for (const action of PATH[status]) {
        const body = await transition(action, profile.id);
        expect(body.errors).toBeUndefined();
        current = body.data[MUTATION_NAME[action]];
      }
      expect(current.status).toBe(status);
      return current;
    }

    it.each`
      from          | action       | to
      ${'DRAFT'}    | ${'launch'}  | ${'LIVE'}
      ${'LIVE'}     | ${'pause'}   | ${'PAUSED'}
      ${'PAUSED'}   | ${'launch'}  | ${'LIVE'}
      ${'DRAFT'}    | ${'archive'} | ${'ARCHIVED'}
      ${'LIVE'}     | ${'archive'} | ${'ARCHIVED'}
      ${'PAUSED'}   | ${'archive'} | ${'ARCHIVED'}
    `('$from -> $action -> $to', async ({ from, action, to }: { from: string; action: Action; to: string }) => {
      const before = await profileIn(from);
      const body = await transition(action, before.id);
      expect(body.errors).toBeUndefined();
      const after = body.data[MUTATION_NAME[action]];
      expect(after).toMatchObject({ id: before.id, status: to, handle: before.handle });
      if (to === 'LIVE') expect(after.launchedAt).not.toBeNull();
      // launchedAt records the first launch: a relaunch keeps it, other moves never clear it.
      if (before.launchedAt) expect(after.launchedAt).toBe(before.launchedAt);
      if (from === 'DRAFT' && to === 'ARCHIVED') expect(after.launchedAt).toBeNull();
      expect(await statusOf(before.id)).toBe(to);
    });

    it.each`
      from          | action       | allowed
      ${'DRAFT'}    | ${'pause'}   | ${'from DRAFT it may go to LIVE, ARCHIVED'}
      ${'LIVE'}     | ${'launch'}  | ${'from LIVE it may go to PAUSED, ARCHIVED'}
      ${'PAUSED'}   | ${'pause'}   | ${'from PAUSED it may go to LIVE, ARCHIVED'}
      ${'ARCHIVED'} | ${'launch'}  | ${'ARCHIVED is final'}
      ${'ARCHIVED'} | ${'pause'}   | ${'ARCHIVED is final'}
      ${'ARCHIVED'} | ${'archive'} | ${'ARCHIVED is final'}
    `('refuses to $action a $from profile', async ({ from, action, allowed }: { from: string; action: Action; allowed: string }) => {
      const before = await profileIn(from);
      const body = await transition(action, before.id);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.data).toBeNull();
      expect(body.errors![0].message).toBe(`Cannot ${action} a ${from} profile; ${allowed}`);
      expect(body.errors![0].extensions.fields).toEqual([{ field: 'id', message: `profile is ${from}` }]);
      const { socialProfile } = await t.ok(GET, { id: before.id }, org.adminToken);
      expect(socialProfile).toEqual(before);
    });
  });

  describe('input validation', () => {
    const validCreate = () => ({ brandId, network: 'PINTEREST', handle: uniqueHandle('valid'), displayName: 'Valid', url: 'https://pinterest.com/valid' });

    it.each`
      case                        | patch                                          | field
      ${'handle with spaces'}     | ${{ handle: 'snickers uk' }}                   | ${'input.handle'}
      ${'handle of only @'}       | ${{ handle: '@' }}                             | ${'input.handle'}
      ${'handle with a #'}        | ${{ handle: 'snickers#1' }}                    | ${'input.handle'}
      ${'handle too long'}        | ${{ handle: 'h'.repeat(101) }}                 | ${'input.handle'}
      ${'empty displayName'}      | ${{ displayName: '' }}                         | ${'input.displayName'}
      ${'blank displayName'}      | ${{ displayName: '   ' }}                      | ${'input.displayName'}
      ${'url that is not a url'}  | ${{ url: 'not a url' }}                        | ${'input.url'}
      ${'url without a protocol'} | ${{ url: 'facebook.com/snickers' }}            | ${'input.url'}
      ${'url of another scheme'}  | ${{ url: 'ftp://facebook.com/snickers' }}      | ${'input.url'}
      ${'brandId not a uuid'}     | ${{ brandId: 'snickers' }}                     | ${'input.brandId'}
    `('createSocialProfile: $case -> BAD_USER_INPUT on $field', async ({ patch, field }: { patch: Record<string, unknown>; field: string }) => {
      const body = await t.gql(CREATE, { input: { ...validCreate(), ...patch } }, org.adminToken);
      expectInvalid(body, field);
    });

    it.each`
      case                         | patch                         | field
      ${'id not a uuid'}           | ${{ id: 'nope' }}             | ${'input.id'}
      ${'handle with spaces'}      | ${{ handle: 'two words' }}    | ${'input.handle'}
      ${'handle cleared'}          | ${{ handle: null }}           | ${'input.handle'}
      ${'empty displayName'}       | ${{ displayName: '' }}        | ${'input.displayName'}
      ${'displayName cleared'}     | ${{ displayName: null }}      | ${'input.displayName'}
      ${'url that is not a url'}   | ${{ url: 'http://' }}         | ${'input.url'}
    `('updateSocialProfile: $case -> BAD_USER_INPUT on $field', async ({ patch, field }: { patch: Record<string, unknown>; field: string }) => {
      const profile = await createProfile({ network: 'PINTEREST' });
      const body = await t.gql(UPDATE, { input: { id: profile.id, ...patch } }, org.adminToken);
      expectInvalid(body, field);
      expect((await t.ok(GET, { id: profile.id }, org.adminToken)).socialProfile).toEqual(profile);
    });

    it.each(['launch', 'pause', 'archive'] as const)('%sSocialProfile with an id that is not a uuid -> BAD_USER_INPUT on id', async (action) => {
      expectInvalid(await transition(action, 'not-a-uuid'), 'id');
    });

    it.each`
      case                         | values
      ${'not base64 JSON'}         | ${null}
      ${'of the wrong arity'}      | ${['FACEBOOK', 'x']}
      ${'naming no network'}       | ${['MYSPACE', 'x', '00000000-0000-4000-8000-000000000000']}
      ${'with a number as handle'} | ${['FACEBOOK', 7, '00000000-0000-4000-8000-000000000000']}
      ${'with an id not a uuid'}   | ${['FACEBOOK', 'x', 'nope']}
    `('a Brand.profiles cursor $case is BAD_USER_INPUT on after', async ({ values }: { values: unknown[] | null }) => {
      const after = values ? Buffer.from(JSON.stringify(values)).toString('base64url') : '%%%';
      const body = await t.gql(BRAND_PROFILES, { id: brandId, after }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0].extensions.fields).toEqual([{ field: 'after', message: 'is not a valid cursor' }]);
    });

    it('reports every invalid field at once', async () => {
      const body = await t.gql(CREATE, { input: { ...validCreate(), handle: 'a b', displayName: '', url: 'nope' } }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      const fields = new Set((body.errors![0].extensions.fields as { field: string }[]).map((f) => f.field));
      expect(fields).toEqual(new Set(['input.handle', 'input.displayName', 'input.url']));
    });

    it('refuses a network outside the enum, as a variable or a literal (a GraphQL validation error)', async () => {
      const asVariable = await t.gql(CREATE, { input: { ...validCreate(), network: 'MYSPACE' } }, org.adminToken);
      expect(errorCodes(asVariable)).toEqual(['BAD_USER_INPUT']);
      expect(asVariable.errors![0].message).toContain('MYSPACE');
      expect(asVariable.errors![0].message).toContain('network');

      const asLiteral = await t.gql(
        `mutation ($brandId: ID!) { createSocialProfile(input: { brandId: $brandId, network: MYSPACE, handle: "myspace", displayName: "Tom" }) { id } }`,
        { brandId },
        org.adminToken,
      );
      expect(errorCodes(asLiteral)).toEqual(['BAD_USER_INPUT']);
      expect(asLiteral.errors![0].message).toContain('MYSPACE');
      expect(asLiteral.errors![0].message).toContain('SocialNetwork');
      expect(asLiteral.data).toBeUndefined();
    });

    it('creates nothing when the input is invalid', async () => {
      const handle = uniqueHandle('never');
      expectInvalid(await t.gql(CREATE, { input: { ...validCreate(), handle, url: 'nope' } }, org.adminToken), 'input.url');
      const { count } = (await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM social_profiles WHERE lower(handle) = lower($1)`, [handle]))[0];
      expect(count).toBe(0);
    });
  });

  describe('the profile\'s brand', () => {
    it('refuses a profile on an archived brand with BAD_USER_INPUT', async () => {
      const archived = await createBrand(org, 'Milky Way');
      await t.ok(ARCHIVE_BRAND, { id: archived }, org.adminToken);
      const body = await t.gql(CREATE, { input: { brandId: archived, network: 'FACEBOOK', handle: uniqueHandle(), displayName: 'Milky Way' } }, org.adminToken);
      expectInvalid(body, 'input.brandId');
      const { brand } = await t.ok(BRAND_PROFILES, { id: archived, status: 'DRAFT' }, org.adminToken);
      expect(brand.profiles.totalCount).toBe(0);
    });

    it('answers NOT_FOUND for another organization\'s brand, or an unknown one', async () => {
      const other = await t.createOrganization('Foreign Org');
      const foreignBrand = await createBrand(other, 'Snickers');
      for (const id of [foreignBrand, randomUUID()]) {
        const body = await t.gql(CREATE, { input: { brandId: id, network: 'FACEBOOK', handle: uniqueHandle(), displayName: 'Snickers' } }, org.adminToken);
        expect(errorCodes(body)).toEqual(['NOT_FOUND']);
        expect(body.errors![0].message).toBe(`Brand ${id} not found`);
        expect(body.data).toBeNull();
      }
      const { brand } = await t.ok(BRAND_PROFILES, { id: foreignBrand }, other.adminToken);
      expect(brand.profiles.totalCount).toBe(0);
    });
  });

  describe('a member who is not an org admin', () => {
    let member: { id: string; token: string };
    let profile: any;

    beforeAll(async () => {
      member = await t.createMember(org, 'reader', [{ roleKey: 'ANALYST', brandId: null }]);
      profile = await createProfile({ network: 'OTHER' });
    }, 180_000);

    it('reads profiles', async () => {
      expect((await t.ok(GET, { id: profile.id }, member.token)).socialProfile).toEqual(profile);
      const { brand } = await t.ok(BRAND_PROFILES, { id: brandId, network: 'OTHER' }, member.token);
      expect(brand.profiles.edges.map((e: any) => e.node.id)).toContain(profile.id);
    });

    it.each`
      operation    | request
      ${'create'}  | ${() => t.gql(CREATE, { input: { brandId, network: 'OTHER', handle: uniqueHandle(), displayName: 'Nope' } }, member.token)}
      ${'update'}  | ${() => t.gql(UPDATE, { input: { id: profile.id, displayName: 'Nope' } }, member.token)}
      ${'launch'}  | ${() => transition('launch', profile.id, member.token)}
      ${'pause'}   | ${() => transition('pause', profile.id, member.token)}
      ${'archive'} | ${() => transition('archive', profile.id, member.token)}
    `('is FORBIDDEN to $operation', async ({ request }: { request: () => Promise<GraphQLResponse> }) => {
      const body = await request();
      expect(errorCodes(body)).toEqual(['FORBIDDEN']);
      expect(body.data).toBeNull();
      expect((await t.ok(GET, { id: profile.id }, org.adminToken)).socialProfile).toEqual(profile);
    });
  });

  describe('statement count', () => {
    const LIST = `{ brands(first: 50) { totalCount edges { node { id profiles { totalCount edges { node { id } } } } } } }`;

    it('is the same for 3 brands x 2 profiles as for 30 brands x 2 profiles', async () => {
      const counted = await t.createOrganization('Counted Org');
      for (let i = 1; i <= 3; i++) {
        const brand = await createBrand(counted, `Brand ${String(i).padStart(2, '0')}`);
        for (const network of ['FACEBOOK', 'X']) {
          await builders(t, counted.adminToken).profile(brand, { network, handle: `brand${i}`, displayName: `Brand ${i}` });
        }
      }
      const small = await t.countStatements(() => t.ok(LIST, {}, counted.adminToken));
      const smallData = await t.ok(LIST, {}, counted.adminToken);
      expect(smallData.brands.totalCount).toBe(3);
      expect(smallData.brands.edges.map((e: any) => e.node.profiles.totalCount)).toEqual([2, 2, 2]);

      const sql = t.app.get(DataSource);
      await sql.query(
        `INSERT INTO brands (organization_id, name, slug)
         SELECT $1, 'Brand ' || lpad(g::text, 2, '0'), 'brand-' || g FROM generate_series(4, 30) g`,
        [counted.id],
      );
      await sql.query(
        `INSERT INTO social_profiles (organization_id, brand_id, network, handle, display_name)
         SELECT b.organization_id, b.id, n.network::social_network, b.slug, b.name
           FROM brands b CROSS JOIN (VALUES ('FACEBOOK'), ('X')) n(network)
          WHERE b.organization_id = $1 AND NOT EXISTS (SELECT 1 FROM social_profiles p WHERE p.brand_id = b.id)`,
        [counted.id],
      );
      const large = await t.countStatements(() => t.ok(LIST, {}, counted.adminToken));
      const largeData = await t.ok(LIST, {}, counted.adminToken);
      expect(largeData.brands.totalCount).toBe(30);
      expect(largeData.brands.edges).toHaveLength(30);
      for (const edge of largeData.brands.edges) {
        expect(edge.node.profiles.totalCount).toBe(2);
        expect(edge.node.profiles.edges).toHaveLength(2);
      }

      expect(large).toBe(small);
      // Authentication; BEGIN and the tenant scope of the request's transaction; the brand
      // page; one batch of profiles for all the brands; COMMIT.
      expect(small).toBeLessThanOrEqual(6);
    });
  });
});

/** A BAD_USER_INPUT response whose extensions.fields name exactly `field`. */
function expectInvalid(body: GraphQLResponse, field: string): void {
  expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
  expect(body.data).toBeNull();
  const fields = body.errors![0].extensions.fields as { field: string; message: string }[];
  expect(fields.length).toBeGreaterThan(0);
  expect(new Set(fields.map((f) => f.field))).toEqual(new Set([field]));
}
