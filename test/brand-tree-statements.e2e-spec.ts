import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TestApp, TestOrganization } from './support';

const TREE_READ = `query ($id: ID!) { brand(id: $id) {
  ancestors { id }
  descendants(first: 100) { totalCount edges { node { id name children { totalCount } parent { id } } } } } }`;
const MOVE = `mutation ($id: ID!, $newParentId: ID) { moveBrand(id: $id, newParentId: $newParentId) { id depth } }`;

/**
 * The cost of a request in SQL statements does not grow with the tree: reads of ancestors,
 * descendants, children and parents are one batched statement per level of the query, and a
 * subtree move is one UPDATE.
 */
describe('brand tree statement counts', () => {
  let t: TestApp;
  let org: TestOrganization;
  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Statements');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  /**
   * Inserts a tree straight into the table, one statement per level: `fanOut[i]` children
   * under each brand of level i. Returns the ids of each level, the root's level first.
   */
  async function insertTree(fanOut: number[]): Promise<string[][]> {
    const db = t.app.get(DataSource);
    const label = randomUUID().slice(0, 8);
    const rootId = randomUUID();
    await db.query(`INSERT INTO brands (id, organization_id, name, slug) VALUES ($1, $2, $3, $3)`, [rootId, org.id, `root-${label}`]);
    const levels = [[rootId]];
    for (const [depth, count] of fanOut.entries()) {
      const parents = levels[depth];
      const children = parents.flatMap((parentId) => Array.from({ length: count }, (_, i) => ({ id: randomUUID(), parentId, slug: `b-${label}-${depth}-${parentId.slice(0, 8)}-${i}` })));
      await db.query(
        `INSERT INTO brands (id, organization_id, parent_id, ancestor_ids, depth, name, slug)
         SELECT v.id, p.organization_id, p.id, p.ancestor_ids || p.id, p.depth + 1, v.slug, v.slug
           FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(id, parent_id, slug)
           JOIN brands p ON p.id = v.parent_id`,
        [children.map((c) => c.id), children.map((c) => c.parentId), children.map((c) => c.slug)],
      );
      levels.push(children.map((c) => c.id));
    }
    return levels;
  }

  const countRead = async (brandId: string) => {
    let body: any;
    const statements = await t.countStatements(async () => {
      body = await t.ok(TREE_READ, { id: brandId }, org.adminToken);
    });
    return { statements, descendants: body.brand.descendants };
  };

  it('reads a subtree with ancestors, children and parents in the same number of statements for ~10 and ~1,000 brands', async () => {
    // The brand read sits one level below a root, so its ancestors and its descendants' parents
    // are really fetched (a root has no ancestors; its children's parent would come from cache).
    const [, [small]] = await insertTree([1, 3, 2]);
    const [, [big]] = await insertTree([1, 10, 10, 9]);

    const few = await countRead(small);
    const many = await countRead(big);
    expect([few.descendants.totalCount, many.descendants.totalCount]).toEqual([9, 1010]);
    expect(many.descendants.edges).toHaveLength(100);
    expect(many.statements).toBe(few.statements);
  });

  it('moves a subtree of ~1,000 brands in as many statements as one of 2', async () => {
    const [, [bigSubtree]] = await insertTree([1, 10, 100]);
    const [, [smallSubtree]] = await insertTree([1, 2]);
    const [[target]] = await insertTree([]);

    const costOf = (id: string) => t.countStatements(() => t.ok(MOVE, { id, newParentId: target }, org.adminToken));
    const small = await costOf(smallSubtree);
    const big = await costOf(bigSubtree);
    expect(big).toBe(small);

    const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { descendants(maxDepth: 3, first: 1) { totalCount } } }`, { id: target }, org.adminToken);
    expect(brand.descendants.totalCount).toBe(1 + 2 + 1 + 10 + 1000);
    const deepest = (await t.app.get(DataSource).query(
      `SELECT max(depth)::int AS depth, count(*)::int AS moved FROM brands WHERE organization_id = $1 AND ancestor_ids[1] = $2`, [org.id, target],
    ))[0];
    expect(deepest).toEqual({ depth: 3, moved: 1014 });
  });
});
