import { builders, TestApp, TestMember, TestOrganization } from './support';

/**
 * Every read that asks "this brand and everything below it" (descendants, children, a brand
 * manager's scope over brands, posts, audit events, assignments and people, a brand's posts
 * with its subtree) answers from the tree as it stands: deep levels, archived branches and
 * moved subtrees included, and a principal's overlapping grants counted once.
 */
const nodes = <T>(connection: { edges: { node: T }[] }) => connection.edges.map((e) => e.node);

const DESCENDANTS = `query ($id: ID!, $first: Int, $after: String, $maxDepth: Int, $includeArchived: Boolean) { brand(id: $id) {
  descendants(first: $first, after: $after, maxDepth: $maxDepth, includeArchived: $includeArchived) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name depth status } } }
  children(includeArchived: $includeArchived) { totalCount edges { node { name } } } } }`;
const BRANDS = `query ($filter: BrandFilter) { brands(first: 100, filter: $filter) { totalCount edges { node { id name } } } }`;
const POSTS = `query ($filter: PostFilter) { posts(first: 100, filter: $filter) { totalCount edges { node { id brandId } } } }`;

describe('subtree reads', () => {
  let t: TestApp;
  let org: TestOrganization;
  /** Brand ids by name. */
  const id: Record<string, string> = {};

  const create = async (name: string, parent?: string) => {
    id[name] = await builders(t, org.adminToken).brand(name, parent ? id[parent] : null);
    return id[name];
  };
  const descendants = async (name: string, args: Record<string, unknown> = {}, token = org.adminToken) =>
    (await t.ok(DESCENDANTS, { id: id[name], first: 100, ...args }, token)).brand;
  const names = (connection: { edges: { node: { name: string } }[] }) => nodes(connection).map((n) => n.name);
  const sorted = (values: string[]) => [...values].sort();

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Subtrees');
    // Root
    // ├─ Alpha ─┬─ Alpha One ── Alpha One X ── Alpha One X Y   (depth 4)
    // │         └─ Alpha Two
    // └─ Beta ──── Beta One
    // Second ──── Second One
    await create('Root');
    await create('Alpha', 'Root');
    await create('Beta', 'Root');
    await create('Alpha One', 'Alpha');
    await create('Alpha Two', 'Alpha');
    await create('Beta One', 'Beta');
    await create('Alpha One X', 'Alpha One');
    await create('Alpha One X Y', 'Alpha One X');
    await create('Second');
    await create('Second One', 'Second');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  describe('descendants and children', () => {
    it('lists every level below a brand, breadth first, and children only one level down', async () => {
      const root = await descendants('Root');
      expect(nodes(root.descendants).map((n: any) => `${n.depth}:${n.name}`)).toEqual([
        '1:Alpha', '1:Beta', '2:Alpha One', '2:Alpha Two', '2:Beta One', '3:Alpha One X', '4:Alpha One X Y',
      ]);
      expect(root.descendants.totalCount).toBe(7);
      expect(root.children).toEqual({ totalCount: 2, edges: [{ node: { name: 'Alpha' } }, { node: { name: 'Beta' } }] });
      expect(names((await descendants('Alpha One')).descendants)).toEqual(['Alpha One X', 'Alpha One X Y']);
      expect((await descendants('Alpha One X Y')).descendants).toMatchObject({ totalCount: 0, edges: [] });
    });

    it('stops at maxDepth levels below the brand, counting only those', async () => {
      expect(names((await descendants('Root', { maxDepth: 2 })).descendants)).toEqual(['Alpha', 'Beta', 'Alpha One', 'Alpha Two', 'Beta One']);
      const alpha = await descendants('Alpha', { maxDepth: 1 });
      expect(alpha.descendants.totalCount).toBe(2);
      expect(names(alpha.descendants)).toEqual(['Alpha One', 'Alpha Two']);
    });

    it('answers several brands of one level at once, each with its own subtree', async () => {
      const { brands } = await t.ok(`{ brands(first: 100, filter: { rootsOnly: true }) { edges { node { name
        descendants { totalCount edges { node { name } } } children { totalCount } } } } }`, {}, org.adminToken);
      const byName = Object.fromEntries(nodes<any>(brands).map((b) => [b.name, b]));
      expect(byName.Root.descendants.totalCount).toBe(7);
      expect(byName.Root.children.totalCount).toBe(2);
      expect(byName.Second).toEqual({ name: 'Second', descendants: { totalCount: 1, edges: [{ node: { name: 'Second One' } }] }, children: { totalCount: 1 } });
    });

    it('follows a moved subtree, deepest levels included', async () => {
      await create('Mover Root');
      await create('Mover From', 'Mover Root');
      await create('Mover To', 'Mover Root');
      await create('Moving', 'Mover From');
      await create('Moving Child', 'Moving');
      await create('Moving Grandchild', 'Moving Child');
      await t.ok(`mutation ($id: ID!, $to: ID) { moveBrand(id: $id, newParentId: $to) { id } }`, { id: id.Moving, to: id['Mover To'] }, org.adminToken);

      expect((await descendants('Mover From')).descendants.totalCount).toBe(0);
      const to = await descendants('Mover To');
      expect(nodes(to.descendants).map((n: any) => `${n.depth}:${n.name}`)).toEqual(['2:Moving', '3:Moving Child', '4:Moving Grandchild']);
      expect(names((await descendants('Mover To', { maxDepth: 2 })).descendants)).toEqual(['Moving', 'Moving Child']);
      expect((await descendants('Mover Root')).descendants.totalCount).toBe(5);
    });

    it('leaves out an archived branch unless asked, and pages the same with it', async () => {
      await create('Archive Root');
      await create('Kept', 'Archive Root');
      await create('Gone', 'Archive Root');
      await create('Gone Child', 'Gone');
      await create('Gone Grandchild', 'Gone Child');
      await create('Kept Child', 'Kept');
      await t.ok(`mutation ($id: ID!) { archiveBrand(id: $id) { id } }`, { id: id.Gone }, org.adminToken);

      const live = await descendants('Archive Root');
      expect(names(live.descendants)).toEqual(['Kept', 'Kept Child']);
      expect(live.children.totalCount).toBe(1);
      const all = await descendants('Archive Root', { includeArchived: true });
      expect(nodes(all.descendants).map((n: any) => `${n.name}:${n.status}`)).toEqual([
        'Gone:ARCHIVED', 'Kept:ACTIVE', 'Gone Child:ARCHIVED', 'Kept Child:ACTIVE', 'Gone Grandchild:ARCHIVED',
      ]);
      expect(all.children.totalCount).toBe(2);
      expect((await descendants('Gone')).descendants.totalCount).toBe(0);
      expect(names((await descendants('Gone', { includeArchived: true })).descendants)).toEqual(['Gone Child', 'Gone Grandchild']);

      // Two at a time: the same brands in the same order, and the same total on every page.
      const pages: any[] = [];
      let after: string | null = null;
      do {
        const page: any = (await descendants('Archive Root', { first: 2, after, includeArchived: true })).descendants;
        pages.push(page);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after && pages.length < 10);
      expect(pages.map((p) => p.totalCount)).toEqual([5, 5, 5]);
      expect(pages.flatMap((p) => names(p))).toEqual(names(all.descendants));
    });
  });

  describe("a brand manager's scope", () => {
    let manager: TestMember;
    let overlapping: TestMember;
    let betaAnalyst: TestMember;
    /** Post ids by brand name. */
    const posts: Record<string, string[]> = {};
    const profiles: Record<string, string[]> = {};

    beforeAll(async () => {
      manager = await t.createMember(org, 'alpha-manager', [{ roleKey: 'BRAND_MANAGER', brandId: id.Alpha }]);
      // Grants on a brand and on a brand below it: the lower one adds nothing.
      overlapping = await t.createMember(org, 'overlapping', [
        { roleKey: 'BRAND_MANAGER', brandId: id.Alpha },
        { roleKey: 'ANALYST', brandId: id['Alpha One'] },
      ]);
      betaAnalyst = await t.createMember(org, 'beta-analyst', [{ roleKey: 'ANALYST', brandId: id['Beta One'] }]);
      for (const brand of ['Root', 'Alpha', 'Alpha Two', 'Alpha One X Y', 'Beta One']) {
        profiles[brand] = [];
        for (const n of [1, 2]) {
          const handle = `${brand.toLowerCase().replace(/ /g, '-')}-${n}`;
          profiles[brand].push(await builders(t, org.adminToken).profile(id[brand], { handle }));
        }
        posts[brand] = [];
        for (const profileIds of [[profiles[brand][0]], [profiles[brand][1]], profiles[brand]]) {
          posts[brand].push(await builders(t, org.adminToken).post({ brandId: id[brand], profileIds, body: `A post of ${brand}.` }));
        }
      }
    }, 180_000);

    const alphaSubtree = ['Alpha', 'Alpha One', 'Alpha One X', 'Alpha One X Y', 'Alpha Two'];

    it('lists exactly the brand and every brand below it, once each, whatever the grants overlap', async () => {
      for (const member of [manager, overlapping]) {
        const { brands } = await t.ok(BRANDS, {}, member.token);
        expect(brands.totalCount).toBe(5);
        expect(names(brands)).toEqual(alphaSubtree);
      }
      expect(names((await t.ok(BRANDS, { filter: { search: 'one' } }, manager.token)).brands)).toEqual(['Alpha One', 'Alpha One X', 'Alpha One X Y']);
      expect(names((await t.ok(BRANDS, {}, betaAnalyst.token)).brands)).toEqual(['Beta One']);
    });

    it("lists the posts of its subtree only, with or without a brand filter", async () => {
      const mine = [...posts.Alpha, ...posts['Alpha Two'], ...posts['Alpha One X Y']];
      const all = (await t.ok(POSTS, {}, manager.token)).posts;
      expect(all.totalCount).toBe(mine.length);
      expect(sorted(nodes<any>(all).map((p) => p.id))).toEqual(sorted(mine));

      const below = (await t.ok(POSTS, { filter: { brandId: id['Alpha One'], includeSubtree: true } }, manager.token)).posts;
      expect(sorted(nodes<any>(below).map((p) => p.id))).toEqual(sorted(posts['Alpha One X Y']));
      expect((await t.ok(POSTS, { filter: { brandId: id['Alpha One'] } }, manager.token)).posts.totalCount).toBe(0);
      // A brand out of reach: nothing, with or without its subtree.
      expect((await t.ok(POSTS, { filter: { brandId: id.Root, includeSubtree: true } }, manager.token)).posts.totalCount).toBe(mine.length);
      expect((await t.ok(POSTS, { filter: { brandId: id['Beta One'], includeSubtree: true } }, manager.token)).posts.totalCount).toBe(0);
    });

    it("gives the org admin a brand's posts alone or with its whole subtree", async () => {
      const root = (await t.ok(POSTS, { filter: { brandId: id.Root, includeSubtree: true } }, org.adminToken)).posts;
      expect(sorted(nodes<any>(root).map((p) => p.id))).toEqual(sorted(Object.values(posts).flat()));
      const alone = (await t.ok(POSTS, { filter: { brandId: id.Root } }, org.adminToken)).posts;
      expect(sorted(nodes<any>(alone).map((p) => p.id))).toEqual(sorted(posts.Root));
    });

    it('filters posts by profile: the posts on that profile, alone or with another', async () => {
      const [first, second] = profiles['Alpha Two'];
      const onFirst = (await t.ok(POSTS, { filter: { profileId: first } }, manager.token)).posts;
      expect(sorted(nodes<any>(onFirst).map((p) => p.id))).toEqual(sorted([posts['Alpha Two'][0], posts['Alpha Two'][2]]));
      const onSecond = (await t.ok(POSTS, { filter: { profileId: second, brandId: id.Alpha, includeSubtree: true } }, manager.token)).posts;
      expect(sorted(nodes<any>(onSecond).map((p) => p.id))).toEqual(sorted([posts['Alpha Two'][1], posts['Alpha Two'][2]]));
      // A profile out of the manager's reach.
      expect((await t.ok(POSTS, { filter: { profileId: profiles['Beta One'][0] } }, manager.token)).posts.totalCount).toBe(0);
    });

    it("shows the audit events of its subtree's brands, and with a brand filter that brand's subtree", async () => {
      const query = `query ($filter: AuditEventFilter) { auditEvents(first: 100, filter: $filter) { totalCount edges { node { entityId brandId } } } }`;
      const created = async (filter: Record<string, unknown>) =>
        nodes<any>((await t.ok(query, { filter: { action: 'brand.created', ...filter } }, manager.token)).auditEvents).map((e) => e.entityId);
      expect(sorted(await created({}))).toEqual(sorted(alphaSubtree.map((n) => id[n])));
      expect(sorted(await created({ brandId: id['Alpha One'] }))).toEqual(sorted(['Alpha One', 'Alpha One X', 'Alpha One X Y'].map((n) => id[n])));
      expect(await created({ brandId: id['Alpha One'], includeSubtree: false })).toEqual([id['Alpha One']]);
      expect(await created({ brandId: id.Beta })).toEqual([]);
    });

    it('sees the assignments and the people on its subtree only', async () => {
      const { roleAssignments } = await t.ok(`{ roleAssignments(first: 100) { totalCount edges { node { principalId brandId } } } }`, {}, manager.token);
      expect(sorted(nodes<any>(roleAssignments).map((a) => `${a.principalId}@${a.brandId}`))).toEqual(
        sorted([`${manager.id}@${id.Alpha}`, `${overlapping.id}@${id.Alpha}`, `${overlapping.id}@${id['Alpha One']}`]),
      );
      const { users } = await t.ok(`{ users(first: 100) { totalCount edges { node { id } } } }`, {}, manager.token);
      expect(sorted(nodes<any>(users).map((u) => u.id))).toEqual(sorted([manager.id, overlapping.id]));
    });
  });
});
