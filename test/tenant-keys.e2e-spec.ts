import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parasolDataSourceOptions } from '../libs/database';
import { BrandEntity } from '../src/brands';
import { ENTITIES } from '../src/entities';
import { BOOT_TIMEOUT_MS, testDatabaseUrl } from './support';
import { readTenantKeys } from './tenant-keys-catalog';

/**
 * Citus-ready keys (ADR 0008) on the run's migrated database: the catalog rules, what the
 * composite keys do to rows (cross-tenant references refused, nullable ones unchecked, SET
 * NULL leaving organization_id alone), and TypeORM writing through the composite keys. Every
 * row written here is rolled back. As the tables' owner: row-level security is not the subject.
 */
describe('tenant keys', () => {
  let client: Client;

  beforeAll(async () => {
    client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await client?.end();
  }, BOOT_TIMEOUT_MS);

  it('every tenant table keys on organization_id, and every reference between tenant tables includes it', async () => {
    const report = await readTenantKeys(client);
    expect(report.problems).toEqual([]);
    // Not a vacuous pass: the schema's tenant tables and references were seen.
    expect(report.tenantTables).toEqual(expect.arrayContaining(['brands', 'posts', 'inbox_items', 'users', 'webhook_deliveries']));
    expect(report.tenantReferences).toEqual(expect.arrayContaining(['inbox_items.FK_inbox_items_assignee_id', 'approval_requests.FK_approval_requests_inbox_reply_id']));
    expect(report.tenantReferences.length).toBeGreaterThanOrEqual(33);
  });

  it('the check names the table and constraint of each broken rule', async () => {
    await client.query('BEGIN');
    try {
      await client.query(`CREATE TABLE zz_keys_probe (
        id uuid PRIMARY KEY, organization_id uuid NOT NULL, handle text UNIQUE,
        parent_id uuid CONSTRAINT zz_keys_probe_parent REFERENCES zz_keys_probe (id),
        post_id uuid, CONSTRAINT zz_keys_probe_post FOREIGN KEY (organization_id, post_id) REFERENCES posts (organization_id, id) ON DELETE SET NULL)`);
      const { problems } = await readTenantKeys(client);
      expect(problems).toEqual([
        'zz_keys_probe: unique key zz_keys_probe_handle_key lacks organization_id',
        'zz_keys_probe: primary key zz_keys_probe_pkey lacks organization_id',
        'zz_keys_probe: foreign key zz_keys_probe_parent to zz_keys_probe lacks organization_id (want FOREIGN KEY (organization_id, x_id) REFERENCES zz_keys_probe (organization_id, id))',
        'zz_keys_probe: foreign key zz_keys_probe_post would set organization_id on delete (want ON DELETE SET NULL (x_id))',
      ]);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('refuses references into another organization, leaves NULL references unchecked, and SET NULL keeps organization_id', async () => {
    await client.query('BEGIN');
    try {
      const one = async (sql: string, params: unknown[]) => (await client.query<{ id: string }>(sql, params)).rows[0].id;
      const refused = async (sql: string, params: unknown[], constraint: unknown, code: unknown = '23503') => {
        await client.query('SAVEPOINT probe');
        await expect(client.query(sql, params)).rejects.toMatchObject({ code, constraint });
        await client.query('ROLLBACK TO SAVEPOINT probe');
      };
      const tenant = async () => {
        const org = await one(`INSERT INTO organizations (name, slug) VALUES ('Keys', $1) RETURNING id`, [`keys-${randomUUID()}`]);
        const brand = await one(`INSERT INTO brands (organization_id, name, slug) VALUES ($1, 'Brand', 'brand') RETURNING id`, [org]);
        const user = await one(`INSERT INTO users (organization_id, email, password_hash, display_name) VALUES ($1, $2, 'x', 'U') RETURNING id`, [org, `${randomUUID()}@keys.example`]);
        const profile = await one(`INSERT INTO social_profiles (organization_id, brand_id, network, handle, display_name) VALUES ($1, $2, 'X', 'h', 'H') RETURNING id`, [org, brand]);
        const post = await one(`INSERT INTO posts (organization_id, brand_id, author_id, author_type, body, format, profile_ids) VALUES ($1, $2, $3, 'USER', 'b', 'TEXT', '{}') RETURNING id`, [org, brand, user]);
        return { org, brand, user, profile, post };
      };
      const a = await tenant();
      const b = await tenant();
      await refused(`INSERT INTO posts (organization_id, brand_id, author_id, author_type, body, format, profile_ids) VALUES ($1, $2, $3, 'USER', 'b', 'TEXT', '{}')`, [a.org, b.brand, a.user], 'FK_posts_brand_id');

      const contact = await one(`INSERT INTO contacts (organization_id, network, handle, first_seen_at, last_seen_at) VALUES ($1, 'X', 'fan', now(), now()) RETURNING id`, [a.org]);
      const conversation = await one(
        `INSERT INTO inbox_conversations (organization_id, brand_id, profile_id, contact_id, thread_key, last_message_at) VALUES ($1, $2, $3, $4, 't', now()) RETURNING id`,
        [a.org, a.brand, a.profile, contact],
      );
      // No assignee, no post: NULL references are not checked (MATCH SIMPLE).
      const item = await one(
        `INSERT INTO inbox_items (organization_id, brand_id, profile_id, contact_id, conversation_id, network_id, kind, body, received_at)
         VALUES ($1, $2, $3, $4, $5, 'n1', 'COMMENT', 'hi', now()) RETURNING id`,
        [a.org, a.brand, a.profile, contact, conversation],
      );
      await refused(`UPDATE inbox_items SET assignee_id = $2 WHERE id = $1`, [item, b.user], 'FK_inbox_items_assignee_id');
      await refused(`UPDATE inbox_items SET post_id = $2 WHERE id = $1`, [item, b.post], 'FK_inbox_items_post_id');
      await client.query(`UPDATE inbox_items SET assignee_id = $2, post_id = $3, promoted_post_id = $3 WHERE id = $1`, [item, a.user, a.post]);

      await client.query(`DELETE FROM users WHERE id = $1`, [a.user]);
      await client.query(`DELETE FROM posts WHERE id = $1`, [a.post]);
      const after = await client.query(`SELECT organization_id, assignee_id, post_id, promoted_post_id FROM inbox_items WHERE id = $1`, [item]);
      expect(after.rows).toEqual([{ organization_id: a.org, assignee_id: null, post_id: null, promoted_post_id: null }]);

      // RESTRICT holds (a brand with profiles and conversations stays: 23503, or 23001 from
      // PostgreSQL 18, as the embedded database is); CASCADE follows the composite key.
      await refused(`DELETE FROM brands WHERE id = $1`, [a.brand], expect.stringMatching(/^FK_\w+_brand_id$/), expect.stringMatching(/^(23503|23001)$/));
      await client.query(`DELETE FROM inbox_conversations WHERE id = $1`, [conversation]);
      expect((await client.query(`SELECT 1 FROM inbox_items WHERE id = $1`, [item])).rowCount).toBe(0);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('TypeORM inserts, updates and saves through the composite keys without touching organization_id', async () => {
    const dataSource = new DataSource(parasolDataSourceOptions({ url: testDatabaseUrl(), poolSize: 1, entities: ENTITIES, migrations: [] }));
    await dataSource.initialize();
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const [{ id: org }] = await runner.query(`INSERT INTO organizations (name, slug) VALUES ('Keys', $1) RETURNING id`, [`keys-${randomUUID()}`]);
      const brands = runner.manager.getRepository(BrandEntity);
      const root = await brands.save(brands.create({ organizationId: org, name: 'Root', slug: 'root' }));
      const child = await brands.save(brands.create({ organizationId: org, parentId: root.id, ancestorIds: [root.id], depth: 1, name: 'Child', slug: 'child' }));
      expect(root.id).toEqual(expect.any(String));

      await brands.update({ id: child.id, organizationId: org }, { name: 'Renamed' });
      const loaded = await brands.findOneByOrFail({ id: child.id });
      loaded.description = 'saved';
      await brands.save(loaded);
      const rows = await runner.query(`SELECT organization_id, parent_id, name, description FROM brands WHERE id = $1`, [child.id]);
      expect(rows).toEqual([{ organization_id: org, parent_id: root.id, name: 'Renamed', description: 'saved' }]);
      await expect(brands.delete({ id: root.id, organizationId: org })).rejects.toMatchObject({ driverError: { constraint: 'FK_brands_parent_id' } });
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
      await dataSource.destroy();
    }
  });
});
