import { builders, errorCodes, GraphQLResponse, onPostgresServer, TestApp, TestOrganization } from './support';

/** The distinct input fields a BAD_USER_INPUT error names in `extensions.fields`. */
const namedFields = (body: GraphQLResponse) => [
  ...new Set(((body.errors?.[0]?.extensions.fields ?? []) as { field: string }[]).map((f) => f.field)),
];
const bySlug = <T extends { slug: string }>(brands: T[]) => [...brands].sort((a, b) => a.slug.localeCompare(b.slug));
const nodes = <T>(connection: { edges: { node: T }[] }) => connection.edges.map((e) => e.node);

const TREE_FIELDS = `id name slug status depth path parent { id } ancestors { id }`;
const CREATE = `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { ${TREE_FIELDS} } }`;
const UPDATE = `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) {
  id name slug description goals
  branding { logoUrl primaryColor secondaryColor voiceGuidelines }
  audience { description painPoints positioning competitors } } }`;
const MOVE = `mutation ($id: ID!, $newParentId: ID) { moveBrand(id: $id, newParentId: $newParentId) { ${TREE_FIELDS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveBrand(id: $id) { id status archivedAt } }`;
const BRAND = `query ($id: ID!) { brand(id: $id) { ${TREE_FIELDS} } }`;
const LIST = `query ($first: Int, $after: String, $filter: BrandFilter) {
  brands(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id name slug } } } }`;

describe('brand hierarchy', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Brand Tree');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const create = async (input: Record<string, unknown>, token = org.adminToken) => (await t.ok(CREATE, { input }, token)).createBrand;
  const read = async (id: string, token = org.adminToken) => (await t.ok(BRAND, { id }, token)).brand;
  const move = (id: string, newParentId: string | null, token = org.adminToken) => t.gql(MOVE, { id, newParentId }, token);

  it('serves the Mars demo tree: four sub-brands, each with a live Facebook page and X profile', async () => {
    const token = await t.login('admin@mars.example', 'parasol-demo');
    const { brands } = await t.ok(`{ brands(filter: { rootsOnly: true }) { edges { node { name slug depth
      children { totalCount edges { node { name slug depth path profiles { totalCount edges { node { network status } } } } } } } } } }`, {}, token);
    const mars = nodes(brands).find((b: any) => b.slug === 'mars') as any;
    expect(mars).toMatchObject({ name: 'Mars', depth: 0, children: { totalCount: 4 } });
    const children = bySlug(nodes<any>(mars.children));
    expect(children.map((c) => [c.name, c.slug, c.depth, c.path])).toEqual([
      ['Dove', 'dove', 1, ['mars', 'dove']],
      ["M&M's", 'm-ms', 1, ['mars', 'm-ms']],
      ['Mars', 'mars-bar', 1, ['mars', 'mars-bar']],
      ['Snickers', 'snickers', 1, ['mars', 'snickers']],
    ]);
    for (const child of children) {
      expect(child.profiles.totalCount).toBe(2);
      expect(nodes<any>(child.profiles).sort((a, b) => a.network.localeCompare(b.network))).toEqual([
        { network: 'FACEBOOK', status: 'LIVE' },
        { network: 'X', status: 'LIVE' },
      ]);
    }
  });

  describe('createBrand', () => {
    it('derives the slug from the name and places the brand in the tree', async () => {
      const root = await create({ name: 'Snickers Ice Cream' });
      expect(root).toMatchObject({ slug: 'snickers-ice-cream', status: 'ACTIVE', depth: 0, path: ['snickers-ice-cream'], parent: null, ancestors: [] });
      const child = await create({ name: 'Bars', slug: 'the-bars', parentId: root.id });
      const grandchild = await create({ name: 'Dové Minis!', parentId: child.id });
      expect(child).toMatchObject({ slug: 'the-bars', depth: 1, path: ['snickers-ice-cream', 'the-bars'], parent: { id: root.id } });
      expect(grandchild).toMatchObject({
        slug: 'dove-minis', depth: 2, path: ['snickers-ice-cream', 'the-bars', 'dove-minis'],
        parent: { id: child.id }, ancestors: [{ id: root.id }, { id: child.id }],
      });
    });

    it('transliterates the name into the slug, and a rename keeps the stored slug', async () => {
      const brand = await create({ name: 'Łaciate Żubrówka Straße' });
      expect(brand.slug).toBe('laciate-zubrowka-strasse');
      const renamed = (await t.ok(`mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { name slug } }`, { input: { id: brand.id, name: 'Işık' } }, org.adminToken)).updateBrand;
      expect(renamed).toEqual({ name: 'Işık', slug: 'laciate-zubrowka-strasse' });
    });

    it('keeps branding, audience and goals as given', async () => {
      const input = {
        name: 'Round Trip', description: 'Everything set',
        branding: { logoUrl: 'https://cdn.example/logo.png', primaryColor: '#1A2B3C', secondaryColor: '#ffffff', voiceGuidelines: 'Warm.' },
        audience: { description: 'Fans', painPoints: ['Hunger'], positioning: 'Joy', competitors: ['Twix', 'Payday'] },
        goals: ['Answer within a day'],
      };
      const { id } = await create(input);
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { name description goals
        branding { logoUrl primaryColor secondaryColor voiceGuidelines } audience { description painPoints positioning competitors } } }`, { id }, org.adminToken);
      expect(brand).toEqual(input);
    });

    it('refuses a child under an archived brand', async () => {
      const parent = await create({ name: 'Closed Line' });
      await t.ok(ARCHIVE, { id: parent.id }, org.adminToken);
      const body = await t.gql(CREATE, { input: { name: 'Late Child', parentId: parent.id } }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(body)).toEqual(['input.parentId']);
    });
  });

  it('updateBrand changes only the fields given; null clears description and branding keys', async () => {
    const { id } = await create({
      name: 'Patchable', description: 'Before', goals: ['One'],
      branding: { primaryColor: '#111111', secondaryColor: '#222222', voiceGuidelines: 'Calm.' },
      audience: { description: 'Everyone', competitors: ['Rival'] },
    });
    const { updateBrand } = await t.ok(UPDATE, {
      input: { id, name: 'Patched', description: null, branding: { primaryColor: '#333333', secondaryColor: null } },
    }, org.adminToken);
    expect(updateBrand).toEqual({
      id, name: 'Patched', slug: 'patchable', description: null, goals: ['One'],
      branding: { logoUrl: null, primaryColor: '#333333', secondaryColor: null, voiceGuidelines: 'Calm.' },
      audience: { description: 'Everyone', painPoints: [], positioning: null, competitors: ['Rival'] },
    });
    const cleared = (await t.ok(UPDATE, { input: { id, slug: 'patched', branding: null } }, org.adminToken)).updateBrand;
    expect(cleared).toMatchObject({ name: 'Patched', slug: 'patched', branding: { logoUrl: null, primaryColor: null, secondaryColor: null, voiceGuidelines: null } });
  });

  describe('moveBrand', () => {
    it('moves the whole subtree, and to null makes a root', async () => {
      const from = await create({ name: 'Move From' });
      const to = await create({ name: 'Move To' });
      const a = await create({ name: 'Mover', parentId: from.id });
      const b = await create({ name: 'Mover Child', parentId: a.id });
      const c = await create({ name: 'Mover Grandchild', parentId: b.id });

      expect((await t.ok(MOVE, { id: a.id, newParentId: to.id }, org.adminToken)).moveBrand).toMatchObject({ depth: 1, parent: { id: to.id } });
      expect(await read(c.id)).toMatchObject({
        depth: 3, path: ['move-to', 'mover', 'mover-child', 'mover-grandchild'], ancestors: [{ id: to.id }, { id: a.id }, { id: b.id }],
      });
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { descendants { totalCount } } }`, { id: from.id }, org.adminToken);
      expect(brand.descendants.totalCount).toBe(0);

      expect((await t.ok(MOVE, { id: a.id, newParentId: null }, org.adminToken)).moveBrand).toMatchObject({ depth: 0, parent: null, ancestors: [] });
      expect(await read(c.id)).toMatchObject({ depth: 2, path: ['mover', 'mover-child', 'mover-grandchild'], ancestors: [{ id: a.id }, { id: b.id }] });
    });

    it('refuses a move under the brand itself or its own descendant, and changes nothing', async () => {
      const a = await create({ name: 'Cycle A' });
      const b = await create({ name: 'Cycle B', parentId: a.id });
      const c = await create({ name: 'Cycle C', parentId: b.id });
      const before = await Promise.all([a, b, c].map((x) => read(x.id)));
      for (const target of [a, b, c]) {
        const body = await move(a.id, target.id);
        expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
        expect(namedFields(body)).toEqual(['newParentId']);
      }
      expect(errorCodes(await move(b.id, c.id))).toEqual(['BAD_USER_INPUT']);
      expect(await Promise.all([a, b, c].map((x) => read(x.id)))).toEqual(before);
    });
  });

  it('lets each mutation of a document, and the fields of its result, read what the ones before it wrote', async () => {
    const parent = await create({ name: `Before ${Date.now()}` });
    const child = await create({ name: 'Fresh Child', parentId: parent.id });
    const renamed = `After ${Date.now()}`;
    const data = await t.ok(
      `mutation ($parent: ID!, $child: ID!, $name: String!) {
        seen: updateBrand(input: { id: $child, description: "first" }) { parent { name } }
        renamed: updateBrand(input: { id: $parent, name: $name }) { name }
        after: updateBrand(input: { id: $child, description: "second" }) { parent { name } }
      }`,
      { parent: parent.id, child: child.id, name: renamed },
      org.adminToken,
    );
    // The first mutation's result loaded the parent; the rename must not be hidden behind that load.
    expect(data.seen.parent.name).toBe(parent.name);
    expect(data.renamed.name).toBe(renamed);
    expect(data.after.parent.name).toBe(renamed);
  });

  it('archiveBrand archives the subtree and its profiles, and hides them unless asked for', async () => {
    const parent = await create({ name: 'Archive Parent' });
    const doomed = await create({ name: 'Doomed', parentId: parent.id });
    const below = await create({ name: 'Doomed Below', parentId: doomed.id });
    const build = builders(t, org.adminToken);
    await build.profile(doomed.id, { handle: 'doomed-page' });
    await build.profile(below.id, { handle: 'doomed-below-page' });

    expect((await t.ok(ARCHIVE, { id: doomed.id }, org.adminToken)).archiveBrand).toMatchObject({ status: 'ARCHIVED', archivedAt: expect.any(String) });

    const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) {
      children { totalCount } descendants { totalCount }
      allChildren: children(includeArchived: true) { totalCount }
      all: descendants(includeArchived: true) { totalCount edges { node { status profiles(status: ARCHIVED) { totalCount } live: profiles { totalCount } } } } } }`,
    { id: parent.id }, org.adminToken);
    expect(brand).toMatchObject({ children: { totalCount: 0 }, descendants: { totalCount: 0 }, allChildren: { totalCount: 1 }, all: { totalCount: 2 } });
    for (const node of nodes<any>(brand.all)) expect(node).toEqual({ status: 'ARCHIVED', profiles: { totalCount: 1 }, live: { totalCount: 0 } });

    const visible = (await t.ok(LIST, { first: 100, filter: { search: 'doomed' } }, org.adminToken)).brands;
    const all = (await t.ok(LIST, { first: 100, filter: { search: 'doomed', includeArchived: true } }, org.adminToken)).brands;
    expect(visible.totalCount).toBe(0);
    expect(nodes<any>(all).map((b) => b.id).sort()).toEqual([doomed.id, below.id].sort());
  });

  describe('slugs are unique among live siblings', () => {
    it('answers CONFLICT for a sibling or root clash, and allows the same slug elsewhere', async () => {
      const p1 = await create({ name: 'Slug Parent One' });
      const p2 = await create({ name: 'Slug Parent Two' });
      await create({ name: 'Shared', parentId: p1.id });
      const other = await create({ name: 'Shared', parentId: p2.id });
      expect(other.slug).toBe('shared');
      expect(errorCodes(await t.gql(CREATE, { input: { name: 'Shared Again', slug: 'shared', parentId: p1.id } }, org.adminToken))).toEqual(['CONFLICT']);
      expect(errorCodes(await t.gql(CREATE, { input: { name: 'Slug Parent One' } }, org.adminToken))).toEqual(['CONFLICT']);
      expect(errorCodes(await t.gql(UPDATE, { input: { id: p2.id, slug: 'slug-parent-one' } }, org.adminToken))).toEqual(['CONFLICT']);
    });

    it('refuses a move next to a sibling with the same slug, and moves nothing', async () => {
      const p1 = await create({ name: 'Clash Parent One' });
      const p2 = await create({ name: 'Clash Parent Two' });
      await create({ name: 'Twin', parentId: p1.id });
      const twin = await create({ name: 'Twin', parentId: p2.id });
      await create({ name: 'Twin Child', parentId: twin.id });
      const before = await read(twin.id);
      expect(errorCodes(await move(twin.id, p1.id))).toEqual(['CONFLICT']);
      expect(await read(twin.id)).toEqual(before);
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { children { totalCount } } }`, { id: p1.id }, org.adminToken);
      expect(brand.children.totalCount).toBe(1);
    });

    it('lets a new brand reuse the slug of an archived one', async () => {
      const parent = await create({ name: 'Reuse Parent' });
      for (const parentId of [parent.id, null]) {
        const old = await create({ name: 'Reused Slug', parentId });
        await t.ok(ARCHIVE, { id: old.id }, org.adminToken);
        expect((await create({ name: 'Reused Slug', parentId })).slug).toBe('reused-slug');
      }
    });
  });

  describe('input validation', () => {
    let brandId: string;
    beforeAll(async () => {
      brandId = (await create({ name: 'Validation Target' })).id;
    }, 180_000);
    const createWith = (input: Record<string, unknown>) => [CREATE, () => ({ input: { name: 'Valid Name', ...input } })] as const;
    const DESCENDANTS = `query ($id: ID!, $maxDepth: Int, $first: Int, $after: String) {
      brand(id: $id) { descendants(maxDepth: $maxDepth, first: $first, after: $after) { totalCount } } }`;
    // Well-formed cursors (base64url JSON of the right length) whose values have the wrong types.
    const forged = (...values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const cases: [string, string, () => Record<string, unknown>, string][] = [
      ['a slug with spaces and capitals', ...createWith({ slug: 'Bad Slug' }), 'input.slug'],
      ['a slug longer than 64 characters', ...createWith({ slug: 'a'.repeat(65) }), 'input.slug'],
      ['a name with nothing to derive a slug from', CREATE, () => ({ input: { name: '!!!' } }), 'input.slug'],
      ['a blank name', CREATE, () => ({ input: { name: '   ' } }), 'input.name'],
      ['a primary colour that is not hex', ...createWith({ branding: { primaryColor: 'red' } }), 'input.branding.primaryColor'],
      ['a logo URL that is not http(s)', ...createWith({ branding: { logoUrl: 'ftp://cdn.example/logo.png' } }), 'input.branding.logoUrl'],
      ['a parentId that is not a uuid', ...createWith({ parentId: 'mars' }), 'input.parentId'],
      ['an update with a blank name', UPDATE, () => ({ input: { id: brandId, name: '' } }), 'input.name'],
      ['an update clearing the slug', UPDATE, () => ({ input: { id: brandId, slug: null } }), 'input.slug'],
      ['an update id that is not a uuid', UPDATE, () => ({ input: { id: '42' } }), 'input.id'],
      ['a move under a non-uuid parent', MOVE, () => ({ id: brandId, newParentId: 'root' }), 'newParentId'],
      ['brands(first: 101)', LIST, () => ({ first: 101 }), 'first'],
      ['brands(first: 0)', LIST, () => ({ first: 0 }), 'first'],
      ['a garbage brands cursor', LIST, () => ({ after: 'garbage' }), 'after'],
      ['a brands cursor with values of the wrong type', LIST, () => ({ after: forged('Alpha', 'not-a-uuid') }), 'after'],
      ['descendants(maxDepth: 0)', DESCENDANTS, () => ({ id: brandId, maxDepth: 0 }), 'maxDepth'],
      ['descendants(first: 101)', DESCENDANTS, () => ({ id: brandId, first: 101 }), 'first'],
      ['a garbage descendants cursor', DESCENDANTS, () => ({ id: brandId, after: 'garbage' }), 'after'],
      ['a descendants cursor with values of the wrong type', DESCENDANTS, () => ({ id: brandId, after: forged('one', 'Alpha', brandId) }), 'after'],
    ];
    it.each(cases)('%s is BAD_USER_INPUT naming the field', async (_case, query, variables, field) => {
      const body = await t.gql(query, variables(), org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(body)).toEqual([field]);
    });
  });

  it("never shows or changes another organization's brands", async () => {
    const other = await t.createOrganization('Other Tenant');
    const theirs = (await t.ok(CREATE, { input: { name: 'Their Brand' } }, other.adminToken)).createBrand;
    const ours = await create({ name: 'Our Brand' });
    const attempts: [string, string, Record<string, unknown>][] = [
      ['brand', BRAND, { id: theirs.id }],
      ['updateBrand', UPDATE, { input: { id: theirs.id, name: 'Hijacked' } }],
      ['moveBrand (the brand)', MOVE, { id: theirs.id, newParentId: null }],
      ['moveBrand (the new parent)', MOVE, { id: ours.id, newParentId: theirs.id }],
      ['archiveBrand', ARCHIVE, { id: theirs.id }],
      ['createBrand (the parent)', CREATE, { input: { name: 'Intruder', parentId: theirs.id } }],
    ];
    for (const [operation, query, variables] of attempts) {
      expect([operation, errorCodes(await t.gql(query, variables, org.adminToken))]).toEqual([operation, ['NOT_FOUND']]);
    }
    expect(await read(theirs.id, other.adminToken)).toEqual(theirs);
    const ids = nodes<any>((await t.ok(LIST, { first: 100, filter: { includeArchived: true } }, org.adminToken)).brands).map((b) => b.id);
    expect(ids).toContain(ours.id);
    expect(ids).not.toContain(theirs.id);
  });

  it('lets a member who is not an org admin read, but not change, the tree', async () => {
    const member = await t.createMember(org, 'analyst', [{ roleKey: 'ANALYST', brandId: null }]);
    const brand = await create({ name: 'Read Only' });
    const parent = await create({ name: 'Read Only Parent' });
    expect(await read(brand.id, member.token)).toEqual(brand);
    expect((await t.ok(LIST, { filter: { search: 'read-only' } }, member.token)).brands.totalCount).toBe(2);
    const attempts: [string, Record<string, unknown>][] = [
      [CREATE, { input: { name: 'Sneaky' } }],
      [UPDATE, { input: { id: brand.id, name: 'Sneaky' } }],
      [MOVE, { id: brand.id, newParentId: parent.id }],
      [ARCHIVE, { id: brand.id }],
    ];
    for (const [query, variables] of attempts) expect(errorCodes(await t.gql(query, variables, member.token))).toEqual(['FORBIDDEN']);
    expect(await read(brand.id)).toEqual(brand);
  });

  describe('pagination', () => {
    /** Follows endCursor until the last page, returning each page. */
    async function walk(fetch: (after: string | null) => Promise<any>) {
      const pages: any[] = [];
      let after: string | null = null;
      do {
        const page = await fetch(after);
        pages.push(page);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after && pages.length < 10);
      return pages;
    }

    it('walks brands two at a time: every brand once, with a constant totalCount', async () => {
      const own = await t.createOrganization('Paging');
      for (const name of ['Echo', 'Alpha', 'Delta', 'Charlie', 'Bravo']) await create({ name }, own.adminToken);
      const pages = await walk(async (after) => (await t.ok(LIST, { first: 2, after }, own.adminToken)).brands);
      expect(pages.map((p) => [p.totalCount, p.edges.length, p.pageInfo.hasNextPage])).toEqual([[5, 2, true], [5, 2, true], [5, 1, false]]);
      expect(pages.flatMap((p) => nodes<any>(p).map((b) => b.name))).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
    });

    it('walks descendants breadth first, two at a time', async () => {
      const root = await create({ name: 'Paging Root' });
      const b = await create({ name: 'P-B', parentId: root.id });
      const a = await create({ name: 'P-A', parentId: root.id });
      await create({ name: 'P-A2', parentId: a.id });
      await create({ name: 'P-B1', parentId: b.id });
      await create({ name: 'P-A1', parentId: a.id });
      const query = `query ($id: ID!, $after: String) { brand(id: $id) {
        descendants(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name depth } } } } }`;
      const pages = await walk(async (after) => (await t.ok(query, { id: root.id, after }, org.adminToken)).brand.descendants);
      expect(pages.map((p) => [p.totalCount, p.edges.length, p.pageInfo.hasNextPage])).toEqual([[5, 2, true], [5, 2, true], [5, 1, false]]);
      expect(pages.flatMap((p) => nodes<any>(p).map((n) => `${n.depth}:${n.name}`))).toEqual(['1:P-A', '1:P-B', '2:P-A1', '2:P-A2', '2:P-B1']);
    });
  });

  it('never lets two opposite concurrent moves both succeed, nor build a cycle', async () => {
    // The embedded database serializes transactions, so the race only exists on a server.
    if (!onPostgresServer()) return;
    const own = await t.createOrganization('Race');
    const parent = await create({ name: 'Race Parent' }, own.adminToken);
    const a = await create({ name: 'Race A', parentId: parent.id }, own.adminToken);
    const b = await create({ name: 'Race B', parentId: parent.id }, own.adminToken);
    for (let round = 0; round < 10; round++) {
      const results = await Promise.all([move(a.id, b.id, own.adminToken), move(b.id, a.id, own.adminToken)]);
      expect(results.map((r) => errorCodes(r)).sort()).toEqual([[], ['BAD_USER_INPUT']]);
      const [x, y] = await Promise.all([read(a.id, own.adminToken), read(b.id, own.adminToken)]);
      // Whichever won, one is the other's child: the tree stays parent -> top -> child.
      const [child, top] = x.depth > y.depth ? [x, y] : [y, x];
      expect(top).toMatchObject({ depth: 1, parent: { id: parent.id }, ancestors: [{ id: parent.id }] });
      expect(child).toMatchObject({ depth: 2, parent: { id: top.id }, ancestors: [{ id: parent.id }, { id: top.id }] });
      await t.ok(MOVE, { id: child.id, newParentId: parent.id }, own.adminToken);
    }
  });
});
