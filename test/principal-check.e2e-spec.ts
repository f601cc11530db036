import { DataSource } from 'typeorm';
import { StatementCounter } from '../libs/database';
import { builders, errorCodes, TestApp, TestMember, TestOrganization } from './support';

const BRAND = `query ($id: ID!) { brand(id: $id) { name viewerPermissions } }`;
const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`;

/**
 * A query starts from the caller as last read and reads it again with its first batch of
 * reads (one round trip less); whatever changed in between (a role granted or revoked, a user
 * deactivated, a key revoked) shows in that very query, never one later.
 */
describe('the caller of a query, checked with its first read', () => {
  let t: TestApp;
  let owner: DataSource;
  let org: TestOrganization;
  let brandId: string;

  beforeAll(async () => {
    t = await TestApp.start();
    owner = t.app.get(DataSource);
    org = await t.createOrganization('Principal check');
    brandId = await builders(t, org.adminToken).brand('Checked');
  }, 180_000);

  afterAll(() => t?.close(), 180_000);

  /** Round trips and statements of one request, and its answer. */
  async function measured(query: string, variables: Record<string, unknown>, token: string) {
    StatementCounter.reset();
    StatementCounter.recording = true;
    try {
      const body = await t.gql(query, variables, token);
      return { body, roundTrips: StatementCounter.roundTrips, grantReads: StatementCounter.statements.filter((s) => /role_assignments/.test(s)).length };
    } finally {
      StatementCounter.recording = false;
    }
  }

  const grant = (member: TestMember, roleKey: string) =>
    owner.query(`INSERT INTO role_assignments (organization_id, principal_type, principal_id, role_key, brand_id) VALUES ($1, 'USER', $2, $3, $4)`, [org.id, member.id, roleKey, brandId]);

  it('reads a caller seen before in the same round trip as the data: grants read once, no round trip of their own', async () => {
    const analyst = await t.createMember(org, 'analyst', [{ roleKey: 'ANALYST', brandId }]);
    const first = await measured(BRAND, { id: brandId }, analyst.token);
    const again = await measured(BRAND, { id: brandId }, analyst.token);
    expect(again.body).toEqual(first.body);
    expect(again.body.data.brand.name).toBe('Checked');
    expect(again.grantReads).toBe(1);
    expect(again.roundTrips).toBe(1);
  });

  it('shows a role granted between two queries in the second', async () => {
    const member = await t.createMember(org, 'newcomer');
    // Holding brand:read nowhere yet: refused at the door.
    expect(errorCodes(await t.gql(BRAND, { id: brandId }, member.token))).toEqual(['FORBIDDEN']);
    await grant(member, 'ANALYST');
    const after = await measured(BRAND, { id: brandId }, member.token);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.brand.viewerPermissions).toContain('BRAND_READ');
    // The first run's answer (on the grants it started with) was thrown away: the caller was read again.
    expect(after.grantReads).toBe(2);
  });

  it('hides what a role revoked between two queries gave', async () => {
    const member = await t.createMember(org, 'leaver', [{ roleKey: 'ANALYST', brandId }]);
    expect((await t.ok(BRAND, { id: brandId }, member.token)).brand.name).toBe('Checked');
    await owner.query(`DELETE FROM role_assignments WHERE principal_id = $1`, [member.id]);
    // The cached principal would pass the guard; the re-read one holds brand:read nowhere.
    expect(errorCodes(await t.gql(BRAND, { id: brandId }, member.token))).toEqual(['FORBIDDEN']);
  });

  it('refuses a user deactivated between two queries, even in a query that reads nothing', async () => {
    const member = await t.createMember(org, 'deactivated', [{ roleKey: 'ANALYST', brandId }]);
    await t.ok(BRAND, { id: brandId }, member.token);
    await owner.query(`UPDATE users SET status = 'DEACTIVATED' WHERE id = $1`, [member.id]);
    // A bad id is refused before any read: the check of the caller is then sent on its own.
    expect(errorCodes(await t.gql(BRAND, { id: 'not-a-uuid' }, member.token))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await t.gql(BRAND, { id: brandId }, member.token))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an API key revoked between two queries', async () => {
    const { createApiKey } = await t.ok(CREATE_API_KEY, { input: { name: 'Checked CRM', roleKey: 'ANALYST', brandId } }, org.adminToken);
    expect((await t.ok(BRAND, { id: brandId }, createApiKey.secret)).brand.name).toBe('Checked');
    await owner.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1`, [createApiKey.apiKey.id]);
    expect(errorCodes(await t.gql(BRAND, { id: brandId }, createApiKey.secret))).toEqual(['UNAUTHENTICATED']);
  });

  it("costs an API key's query the same whether or not the key's use is recorded meanwhile (at most once a minute, off the request)", async () => {
    const key = async (name: string) => (await t.ok(CREATE_API_KEY, { input: { name, roleKey: 'ANALYST', brandId } }, org.adminToken)).createApiKey;
    const lastUsed = async (id: string) => (await owner.query(`SELECT last_used_at FROM api_keys WHERE id = $1`, [id]))[0].last_used_at as Date | null;
    const recent = await key('Recently used CRM');
    const unused = await key('Unused CRM');
    // One key was used a moment ago: its use is not recorded again. The other's first use is.
    await owner.query(`UPDATE api_keys SET last_used_at = now() WHERE id = $1`, [recent.apiKey.id]);
    const costOf = async (apiKey: { apiKey: { id: string }; secret: string }) => {
      const { body } = await measured(BRAND, { id: brandId }, apiKey.secret);
      // Read once the use is recorded (or surely not).
      for (let i = 0; i < 1_000 && !(await lastUsed(apiKey.apiKey.id)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      return { answer: body, statements: StatementCounter.total, roundTrips: StatementCounter.roundTrips };
    };
    const withoutRecord = await costOf(recent);
    const lastUsedBefore = await lastUsed(unused.apiKey.id);
    const withRecord = await costOf(unused);
    expect(lastUsedBefore).toBeNull();
    expect(await lastUsed(unused.apiKey.id)).not.toBeNull();
    expect(withRecord).toEqual(withoutRecord);
  });

  it('answers with the permissions of a custom role as they are when the query runs', async () => {
    await t.ok(`mutation { createRole(input: { key: "CHECKED_READER", name: "Checked reader", permissions: [BRAND_READ] }) { key } }`, {}, org.adminToken);
    const member = await t.createMember(org, 'custom');
    await grant(member, 'CHECKED_READER');
    expect((await t.ok(BRAND, { id: brandId }, member.token)).brand.viewerPermissions).toEqual(['BRAND_READ']);
    await owner.query(`UPDATE roles SET permissions = '{brand:read,member:read}' WHERE organization_id = $1 AND key = 'CHECKED_READER'`, [org.id]);
    expect((await t.ok(BRAND, { id: brandId }, member.token)).brand.viewerPermissions.sort()).toEqual(['BRAND_READ', 'MEMBER_READ']);
  });
});
