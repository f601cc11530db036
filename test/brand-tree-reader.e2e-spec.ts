import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StatementCounter } from '../libs/database';
import { errorCodes, TestApp, TestMember, TestOrganization } from './support';

/**
 * `brand(id)` reads the brand and the tree its selection asks for in one statement
 * (src/brand-console). It must answer exactly what the field resolvers answer: each case runs
 * the same selection through `brand(id)` and through the `brands` list (resolvers and
 * DataLoaders, level by level) and requires the same JSON, for callers who see different
 * parts of the tree.
 */
describe('brand tree read in one statement', () => {
  let t: TestApp;
  let org: TestOrganization;
  let manager: TestMember;
  let agent: TestMember;
  const ids = {} as Record<'umbrella' | 'alpha' | 'beta' | 'gamma' | 'alpha1' | 'alpha2', string>;

  const PROFILE = 'id network handle displayName url status launchedAt createdAt updatedAt';
  const PAGE_INFO = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
  const POLICY = `id type enforcement locked enabled brandId createdAt updatedAt
    config { bannedTerms { terms } contentLength { rules { format maxChars } } postingCadence { maxPerWeek } requiredDisclosure { tags text } }`;
  const LEVEL = `id name slug depth status description goals archivedAt createdAt updatedAt
    branding { primaryColor voiceGuidelines } audience { description painPoints }
    path viewerPermissions
    profiles(first: 2) { totalCount ${PAGE_INFO} edges { cursor node { ${PROFILE} } } }
    policies { ${POLICY} }
    effectivePolicies { ${POLICY} }`;
  const CONSOLE = `${LEVEL}
    children(first: 1) { totalCount ${PAGE_INFO} edges { cursor node { ${LEVEL} } } }
    all: children(first: 10) { totalCount edges { node { ${LEVEL} children { totalCount edges { node { ${LEVEL} } } } } } }`;

  beforeAll(async () => {
    // The list adds three levels (brands, edges, node) and a page of brands to what it compares.
    t = await TestApp.start({ QUERY_MAX_DEPTH: '16', QUERY_MAX_COST: '10000000' });
    org = await t.createOrganization('Tree reader');
    const db = t.app.get(DataSource);
    for (const key of Object.keys({ umbrella: 0, alpha: 0, beta: 0, gamma: 0, alpha1: 0, alpha2: 0 }) as (keyof typeof ids)[]) ids[key] = randomUUID();
    const brands: [string, string | null, string[], string, string | null][] = [
      [ids.umbrella, null, [], 'Umbrella', null],
      [ids.alpha, ids.umbrella, [ids.umbrella], 'Alpha', null],
      [ids.beta, ids.umbrella, [ids.umbrella], 'Beta', null],
      [ids.gamma, ids.umbrella, [ids.umbrella], 'Gamma', new Date().toISOString()],
      [ids.alpha1, ids.alpha, [ids.umbrella, ids.alpha], 'Alpha One', null],
      [ids.alpha2, ids.alpha, [ids.umbrella, ids.alpha], 'Alpha Two', null],
    ];
    for (const [id, parent, ancestors, name, archivedAt] of brands) {
      await db.query(
        `INSERT INTO brands (id, organization_id, parent_id, ancestor_ids, depth, name, slug, status, archived_at, goals, branding, audience)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [id, org.id, parent, ancestors, ancestors.length, name, name.toLowerCase().replace(' ', '-'), archivedAt ? 'ARCHIVED' : 'ACTIVE', archivedAt, [`Goal of ${name}`],
          { primaryColor: '#112233', voiceGuidelines: `${name} voice` }, { description: `${name} fans`, painPoints: ['hunger'] }],
      );
    }
    const profiles: [string, string, string, string][] = [
      [ids.alpha, 'X', 'alpha_x', 'LIVE'],
      [ids.alpha, 'FACEBOOK', 'Alpha', 'DRAFT'],
      [ids.alpha, 'INSTAGRAM', 'alpha.ig', 'PAUSED'],
      [ids.alpha, 'LINKEDIN', 'alpha-old', 'ARCHIVED'],
      [ids.umbrella, 'X', 'umbrella', 'LIVE'],
      [ids.alpha1, 'TIKTOK', 'alphaone', 'DRAFT'],
    ];
    for (const [brand, network, handle, status] of profiles) {
      await db.query(
        `INSERT INTO social_profiles (organization_id, brand_id, network, handle, display_name, status, url, launched_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [org.id, brand, network, handle, `Page ${handle}`, status, `https://example.com/${handle}`, status === 'LIVE' ? new Date() : null],
      );
    }
    const policies: [string, string, string, boolean, boolean, object][] = [
      [ids.umbrella, 'BANNED_TERMS', 'BLOCK', true, true, { terms: ['guaranteed'] }],
      [ids.umbrella, 'POSTING_CADENCE', 'WARN', false, true, { maxPerWeek: 10 }],
      [ids.umbrella, 'REQUIRED_DISCLOSURE', 'BLOCK', false, true, { tags: ['PROMOTION'], text: '#ad' }],
      [ids.alpha, 'BANNED_TERMS', 'WARN', false, true, { terms: ['cheap'] }],
      [ids.alpha, 'POSTING_CADENCE', 'BLOCK', false, true, { maxPerWeek: 3 }],
      [ids.alpha, 'CONTENT_LENGTH', 'BLOCK', false, true, { rules: [{ format: 'TEXT', maxChars: 280 }] }],
      [ids.alpha1, 'REQUIRED_DISCLOSURE', 'BLOCK', false, false, { tags: ['PROMOTION'], text: '#ad' }],
      [ids.beta, 'CONTENT_LENGTH', 'WARN', true, true, { rules: [{ format: 'VIDEO', maxChars: 100 }] }],
    ];
    for (const [brand, type, enforcement, locked, enabled, config] of policies) {
      await db.query(`INSERT INTO policies (organization_id, brand_id, type, enforcement, locked, enabled, config) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        org.id,
        brand,
        type,
        enforcement,
        locked,
        enabled,
        config,
      ]);
    }
    manager = await t.createMember(org, 'alpha-manager', [{ roleKey: 'BRAND_MANAGER', brandId: ids.alpha }]);
    agent = await t.createMember(org, 'alpha1-agent', [{ roleKey: 'ZOOM_AGENT', brandId: ids.alpha1 }]);
  }, 180_000);

  afterAll(() => t?.close(), 180_000);

  /** The selection through `brand(id)`, and through the `brands` list (resolvers only). */
  async function both(id: string, selection: string, token: string, variables: Record<string, unknown> = {}, definitions = '') {
    const params = Object.keys(variables).length ? `, ${definitions}` : '';
    const single = await t.gql(`query ($id: ID!${params}) { brand(id: $id) { ${selection} } }`, { id, ...variables }, token);
    const list = await t.gql(
      `query ${definitions ? `(${definitions})` : ''} { brands(first: 20, filter: { includeArchived: true }) { edges { node { id ${selection} } } } }`,
      variables,
      token,
    );
    expect(list.errors).toBeUndefined();
    const listed = list.data?.brands.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === id) ?? null;
    return { single, list, listed };
  }

  it.each([
    ['the admin, on the umbrella', 'umbrella', 'admin'],
    ['the admin, on a sub-brand', 'alpha', 'admin'],
    ['the admin, on an archived sub-brand', 'gamma', 'admin'],
    ["a manager of a sub-brand (the umbrella is out of sight, so not in path)", 'alpha', 'manager'],
    ['an agent on a product line', 'alpha1', 'agent'],
  ] as const)('answers a whole console as the resolvers do: %s', async (_case, brand, who) => {
    const token = who === 'admin' ? org.adminToken : who === 'manager' ? manager.token : agent.token;
    const { single, listed } = await both(ids[brand], CONSOLE, token);
    expect(single.errors).toBeUndefined();
    expect(listed).not.toBeNull();
    expect(single.data.brand).toEqual(listed);
    expect(single.data.brand.all.totalCount).toBeGreaterThanOrEqual(0);
  });

  it('reads brands\' descriptive fields only on the levels that show them, and answers as the resolvers do', async () => {
    const selection = `id name branding { primaryColor }
      children(first: 10) { edges { node { id slug viewerPermissions
        children(first: 5) { edges { node { id about: description goals audience { description } } } } } } }`;
    const { single, listed } = await both(ids.umbrella, selection, org.adminToken);
    expect(single.errors).toBeUndefined();
    expect(single.data.brand).toEqual(listed);
    const alpha = single.data.brand.children.edges.find((e: { node: { id: string } }) => e.node.id === ids.alpha).node;
    expect(alpha.children.edges.map((e: { node: { goals: string[] } }) => e.node.goals)).toHaveLength(2);
    expect(single.data.brand.branding.primaryColor).toBe('#112233');
  });

  it.each([
    ['no profile details nor policy timestamps anywhere', 'id handle status', 'id type', 'id type enabled'],
    ['profile details under the children only', 'id handle', 'id type', 'id handle url launchedAt'],
    ['policy timestamps on a sub-brand\'s effective policies only (they include the umbrella\'s rows)', 'id handle', 'id type', 'id type createdAt'],
  ])('reads profiles\' and policies\' extra columns only when shown, and answers as the resolvers do: %s', async (_case, rootProfile, rootPolicy, childFields) => {
    const selection = `id profiles(first: 5) { edges { node { ${rootProfile} } } } effectivePolicies { ${rootPolicy} }
      children(first: 10) { edges { node { id
        profiles(first: 5) { edges { node { ${childFields.includes('handle') ? childFields : 'id'} } } }
        effectivePolicies { ${childFields.includes('type') ? childFields : 'id'} } policies { id } } } }`;
    const { single, listed } = await both(ids.umbrella, selection, org.adminToken);
    expect(single.errors).toBeUndefined();
    expect(single.data.brand).toEqual(listed);
  });

  it('answers what the data says (the comparison above is not between two empty answers)', async () => {
    const admin = (await both(ids.umbrella, CONSOLE, org.adminToken)).single.data.brand;
    expect(admin.all.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Alpha', 'Beta']);
    const alpha = admin.all.edges[0].node;
    expect(alpha.path).toEqual(['umbrella', 'alpha']);
    expect(alpha.profiles).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    // The umbrella locked BANNED_TERMS: Alpha's own WARN policy gives way; its POSTING_CADENCE overrides.
    const effective = Object.fromEntries(alpha.effectivePolicies.map((p: { type: string; brandId: string }) => [p.type, p.brandId]));
    expect(effective).toMatchObject({ BANNED_TERMS: ids.umbrella, POSTING_CADENCE: ids.alpha, CONTENT_LENGTH: ids.alpha, REQUIRED_DISCLOSURE: ids.umbrella });
    // Alpha One disabled REQUIRED_DISCLOSURE for itself.
    const alphaOne = alpha.children.edges[0].node;
    expect(alphaOne.effectivePolicies.map((p: { type: string }) => p.type)).not.toContain('REQUIRED_DISCLOSURE');
    const managed = (await both(ids.alpha, CONSOLE, manager.token)).single.data.brand;
    expect(managed.path).toEqual(['alpha']);
    expect(managed.children.edges[0].node.path).toEqual(['alpha', 'alpha-one']);
  });

  it('sees the same brands as the resolvers: NOT_FOUND out of the caller\'s reach', async () => {
    const body = await t.gql(`query ($id: ID!) { brand(id: $id) { name children { totalCount } } }`, { id: ids.umbrella }, manager.token);
    expect(errorCodes(body)).toEqual(['NOT_FOUND']);
    const elsewhere = await t.gql(`query ($id: ID!) { brand(id: $id) { name children { totalCount } } }`, { id: ids.umbrella }, (await t.createOrganization('Other')).adminToken);
    expect(errorCodes(elsewhere)).toEqual(['NOT_FOUND']);
  });

  it('keeps aliases of one field with different arguments apart', async () => {
    const selection = `
      a: profiles(first: 1) { totalCount ${PAGE_INFO} edges { node { handle } } }
      b: profiles(first: 5, status: ARCHIVED) { totalCount edges { node { handle status } } }
      c: profiles(network: X) { totalCount edges { node { handle } } }
      small: children(first: 1) { totalCount edges { node { name p: path } } }
      large: children(first: 5) { totalCount edges { node { name v: viewerPermissions } } }`;
    const { single, listed } = await both(ids.alpha, selection, org.adminToken);
    expect(single.errors).toBeUndefined();
    const { id: _id, ...fromList } = listed;
    expect(single.data.brand).toEqual(fromList);
    expect(single.data.brand.a.edges).toHaveLength(1);
    expect(single.data.brand.b.edges.map((e: { node: { status: string } }) => e.node.status)).toEqual(['ARCHIVED']);
  });

  it('leaves what it does not read ahead to the resolvers: cursors, archived children, descendants, parents, fragments with variables', async () => {
    const first = await t.ok(`query ($id: ID!) { brand(id: $id) { children(first: 1) { pageInfo { endCursor } } } }`, { id: ids.umbrella }, org.adminToken);
    const after = first.brand.children.pageInfo.endCursor;
    const selection = `
      next: children(first: 1, after: $after) { totalCount edges { node { name profiles { totalCount } } } }
      archived: children(includeArchived: true) { totalCount edges { node { name status } } }
      descendants { totalCount edges { node { name path } } }
      parent { name }
      ancestors { name }
      ...Extra @include(if: $extra)
      split: children { e1: edges { node { name } } e2: edges { node { slug profiles { totalCount } } } }`;
    const fragment = `fragment Extra on Brand { effectivePolicies { type } profiles(first: $n) { totalCount } }`;
    const variables = { after, extra: true, n: 1 };
    const definitions = '$after: String, $extra: Boolean!, $n: Int';
    const single = await t.gql(`query ($id: ID!, ${definitions}) { brand(id: $id) { ${selection} } } ${fragment}`, { id: ids.umbrella, ...variables }, org.adminToken);
    const list = await t.gql(`query (${definitions}) { brands(first: 20) { edges { node { id ${selection} } } } } ${fragment}`, variables, org.adminToken);
    expect(single.errors).toBeUndefined();
    const { id: _id, ...fromList } = list.data.brands.edges.map((e: { node: { id: string } }) => e.node).find((n: { id: string }) => n.id === ids.umbrella);
    expect(single.data.brand).toEqual(fromList);
    expect(single.data.brand.archived.totalCount).toBe(3);
    expect(single.data.brand.next.edges[0].node.name).toBe('Beta');
  });

  it('refuses bad arguments as the resolvers do', async () => {
    for (const selection of ['profiles(first: 0) { totalCount }', 'children(first: 1000) { totalCount }', 'children(after: "not a cursor") { totalCount }']) {
      const body = await t.gql(`query ($id: ID!) { brand(id: $id) { name ${selection} } }`, { id: ids.umbrella }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('is one statement whatever the size of the tree, sent with the check of the caller in one round trip', async () => {
    await t.ok(`{ viewer { id } }`, {}, org.adminToken);
    StatementCounter.reset();
    await t.ok(`query ($id: ID!) { brand(id: $id) { ${CONSOLE} } }`, { id: ids.umbrella }, org.adminToken);
    expect(StatementCounter.roundTrips).toBe(1);
    // The tenant scope, the caller, the tree.
    expect(StatementCounter.total).toBe(3);
  });
});
