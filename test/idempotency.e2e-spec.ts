import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { parse } from 'graphql';
import { DataSource } from 'typeorm';
import { onPostgresServer, TestApp, TestOrganization } from './support';
import { requestHash } from '../src/idempotency/idempotency-request';

// Booting the app seeds the demo organization, and logins hash passwords: slow on a busy machine.
jest.setTimeout(180_000);

const CREATE_BRAND = `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id name slug } }`;
const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id name } secret } }`;
const VIEWER = `query { viewer { id } }`;

interface Answer {
  status: number;
  /** The body exactly as sent, to compare a replay byte for byte. */
  text: string;
  body: { data?: any; errors?: { message: string; extensions: { code: string; reason?: string } }[] };
  replayed: boolean;
}

/**
 * `Idempotency-Key` on mutations (docs/guide/idempotency.md): the first answer is kept for 24
 * hours and replayed for the same request; the key is refused for another request or while the
 * first is still running; a mutation never runs twice for one key.
 */
describe('idempotency keys', () => {
  let t: TestApp;
  let org: TestOrganization;
  let owner: DataSource;

  beforeAll(async () => {
    // A lease other than the default 5 minutes: the claims below must carry it.
    t = await TestApp.start({ IDEMPOTENCY_LEASE_SECONDS: '240' });
    org = await t.createOrganization('Idempotency');
    owner = t.app.get(DataSource);
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  async function send(query: string, variables: Record<string, unknown>, headers: Record<string, string>, token: string | null = org.adminToken): Promise<Answer> {
    const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (token) req.set('authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    const res = await req.send({ query, variables });
    return { status: res.status, text: res.text, body: res.body, replayed: res.headers['idempotent-replayed'] === 'true' };
  }

  const createBrand = (name: string, key: string, token?: string | null) => send(CREATE_BRAND, { input: { name } }, { 'Idempotency-Key': key }, token);
  const newKey = () => `key-${randomUUID()}`;

  /** How many times a brand of that name was created: rows, and audit events of brand.created. */
  async function creations(name: string, organizationId = org.id): Promise<{ brands: number; audited: number }> {
    const [{ brands }] = await owner.query(`SELECT count(*)::int AS brands FROM brands WHERE organization_id = $1 AND name = $2`, [organizationId, name]);
    const [{ audited }] = await owner.query(
      `SELECT count(*)::int AS audited FROM audit_events e JOIN brands b ON b.id = e.entity_id
        WHERE e.organization_id = $1 AND e.action = 'brand.created' AND b.name = $2`,
      [organizationId, name],
    );
    return { brands, audited };
  }

  const viewerId = async (token = org.adminToken) => (await t.ok(VIEWER, {}, token)).viewer.id as string;

  it('replays the first answer, byte for byte, without running the mutation again', async () => {
    const key = newKey();
    const first = await createBrand('Replayed Brand', key);
    expect(first).toMatchObject({ status: 200, replayed: false });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.createBrand).toMatchObject({ name: 'Replayed Brand', slug: 'replayed-brand' });

    for (let i = 0; i < 2; i++) {
      const again = await createBrand('Replayed Brand', key);
      expect(again).toMatchObject({ status: 200, replayed: true });
      expect(again.text).toBe(first.text);
    }
    expect(await creations('Replayed Brand')).toEqual({ brands: 1, audited: 1 });
  });

  it('treats the same request in other whitespace, variable order or with comments as the same request', async () => {
    const key = newKey();
    const query = `mutation Create($input: CreateBrandInput!) { createBrand(input: $input) { id name } }`;
    const first = await send(query, { input: { name: 'Canonical Brand', description: 'one' } }, { 'Idempotency-Key': key });
    expect(first.body.errors).toBeUndefined();
    const reformatted = `# the same operation
      mutation Create($input: CreateBrandInput!) {
        createBrand(input: $input) { id name }
      }`;
    const again = await send(reformatted, { input: { description: 'one', name: 'Canonical Brand' } }, { 'Idempotency-Key': key });
    expect(again.replayed).toBe(true);
    expect(again.text).toBe(first.text);
    expect(await creations('Canonical Brand')).toEqual({ brands: 1, audited: 1 });
  });

  it('refuses the same key with a different request (CONFLICT) and runs nothing', async () => {
    const key = newKey();
    expect((await createBrand('First Body', key)).body.errors).toBeUndefined();
    const other = await createBrand('Second Body', key);
    expect(other.status).toBe(422);
    expect(other.replayed).toBe(false);
    expect(other.body.data).toBeUndefined();
    expect(other.body.errors).toEqual([
      { message: expect.stringMatching(/different request/), extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' } },
    ]);
    expect(await creations('Second Body')).toEqual({ brands: 0, audited: 0 });
    // Another operation with the same variables is another request too.
    const update = await send(`mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`, { input: { name: 'First Body' } }, { 'Idempotency-Key': key });
    expect(update.body.errors?.[0].extensions).toEqual({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('scopes keys per principal: another user or an API key may use the same key', async () => {
    const key = newKey();
    const colleague = await t.createMember(org, 'colleague', [{ roleKey: 'ORG_ADMIN', brandId: null }]);
    const { createApiKey } = await t.ok(CREATE_API_KEY, { input: { name: 'CRM', roleKey: 'INTEGRATION' } }, org.adminToken);
    const mine = await createBrand('Admin Brand', key);
    const theirs = await createBrand('Colleague Brand', key, colleague.token);
    const integrator = await createBrand('Integrator Brand', key, createApiKey.secret);
    for (const answer of [mine, theirs, integrator]) expect(answer).toMatchObject({ status: 200, replayed: false });
    expect(theirs.body.data.createBrand.name).toBe('Colleague Brand');
    expect(integrator.body.data.createBrand.name).toBe('Integrator Brand');
    // And each principal's replay is its own.
    expect((await createBrand('Colleague Brand', key, colleague.token)).text).toBe(theirs.text);
    expect((await createBrand('Integrator Brand', key, createApiKey.secret)).text).toBe(integrator.text);
    for (const name of ['Admin Brand', 'Colleague Brand', 'Integrator Brand']) expect(await creations(name)).toEqual({ brands: 1, audited: 1 });
  });

  it('keeps keys apart between organizations', async () => {
    const key = newKey();
    const other = await t.createOrganization('Other Idempotency');
    const mine = await createBrand('Tenant Brand', key);
    const theirs = await createBrand('Tenant Brand', key, other.adminToken);
    expect(theirs.replayed).toBe(false);
    expect(theirs.body.data.createBrand.id).not.toBe(mine.body.data.createBrand.id);
    expect(await creations('Tenant Brand', other.id)).toEqual({ brands: 1, audited: 1 });
  });

  it('replays a mutation that failed on bad input as it failed, with its status', async () => {
    const key = newKey();
    const first = await createBrand('   ', key);
    expect(first.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const again = await createBrand('   ', key);
    expect(again).toMatchObject({ status: first.status, replayed: true, text: first.text });
  });

  it('replays a refusal by the mutation itself (CONFLICT on a taken slug) rather than running again', async () => {
    await t.ok(CREATE_BRAND, { input: { name: 'Taken Slug' } }, org.adminToken);
    const key = newKey();
    const first = await createBrand('Taken Slug', key);
    expect(first.body.errors?.[0].extensions.code).toBe('CONFLICT');
    // Renamed: a rerun would now succeed, but the answer to that key stays what it was.
    await owner.query(`UPDATE brands SET slug = 'taken-slug-renamed' WHERE organization_id = $1 AND slug = 'taken-slug'`, [org.id]);
    const again = await createBrand('Taken Slug', key);
    expect(again).toMatchObject({ replayed: true, text: first.text });
    expect(await creations('Taken Slug')).toEqual({ brands: 1, audited: 1 });
  });

  it('gives the key back after an internal error, so the same request can be retried', async () => {
    const key = newKey();
    // A fault the service does not expect, for this one brand name only.
    await owner.query(`CREATE FUNCTION idempotency_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'Faulty Brand' THEN RAISE EXCEPTION 'disk on fire'; END IF; RETURN NEW; END $$`);
    await owner.query(`CREATE TRIGGER idempotency_test_fault BEFORE INSERT ON brands FOR EACH ROW EXECUTE FUNCTION idempotency_test_fault()`);
    try {
      const failed = await createBrand('Faulty Brand', key);
      expect(failed.body.errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
      const [{ keys }] = await owner.query(`SELECT count(*)::int AS keys FROM idempotency_keys WHERE key = $1`, [key]);
      expect(keys).toBe(0);
    } finally {
      await owner.query(`DROP TRIGGER idempotency_test_fault ON brands`);
      await owner.query(`DROP FUNCTION idempotency_test_fault()`);
    }
    const retried = await createBrand('Faulty Brand', key);
    expect(retried).toMatchObject({ status: 200, replayed: false });
    expect((await createBrand('Faulty Brand', key)).text).toBe(retried.text);
    expect(await creations('Faulty Brand')).toEqual({ brands: 1, audited: 1 });
  });

  it('runs 10 simultaneous duplicates once: the others replay or are refused while it runs', async () => {
    const key = newKey();
    const answers = await Promise.all(Array.from({ length: 10 }, () => createBrand('Raced Brand', key)));
    const executed = answers.filter((a) => !a.replayed && a.status === 200);
    expect(executed).toHaveLength(1);
    expect(executed[0].body.data.createBrand.name).toBe('Raced Brand');
    for (const answer of answers.filter((a) => a !== executed[0])) {
      if (answer.replayed) expect(answer.text).toBe(executed[0].text);
      else expect(answer).toMatchObject({ status: 409, body: { errors: [{ extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_USE' } }] } });
    }
    expect(await creations('Raced Brand')).toEqual({ brands: 1, audited: 1 });
    // Once the first has answered, every duplicate replays it.
    expect((await createBrand('Raced Brand', key)).text).toBe(executed[0].text);
  });

  it('refuses a duplicate while the first is still running, and takes over a claim whose request died', async () => {
    const key = newKey();
    const principalId = await viewerId();
    // The claim of a request that is running (or died a moment ago): within its lease.
    await owner.query(
      `INSERT INTO idempotency_keys (organization_id, principal_id, key, request_hash, status, claim_id, locked_until, expires_at)
       VALUES ($1, $2, $3, $4, 'IN_PROGRESS', gen_random_uuid(), now() + interval '5 minutes', now() + interval '1 day')`,
      [org.id, principalId, key, requestHash({ document: parse(CREATE_BRAND), variables: { input: { name: 'Leased Brand' } } })],
    );
    const running = await createBrand('Leased Brand', key);
    expect(running).toMatchObject({ status: 409, replayed: false });
    expect(running.body.errors).toEqual([{ message: expect.stringMatching(/still running/), extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_USE' } }]);
    expect((await createBrand('Another Leased Brand', key)).body.errors?.[0].extensions.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await creations('Leased Brand')).toEqual({ brands: 0, audited: 0 });

    // Past its lease the claimant is presumed dead: the key is free, whatever it was claimed for.
    await owner.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE principal_id = $1 AND key = $2`, [principalId, key]);
    const taken = await createBrand('Leased Brand', key);
    expect(taken).toMatchObject({ status: 200, replayed: false });
    expect((await createBrand('Leased Brand', key)).text).toBe(taken.text);
    expect(await creations('Leased Brand')).toEqual({ brands: 1, audited: 1 });
  });

  // Only a PostgreSQL server can run the two at once: the embedded database serializes them.
  (onPostgresServer() ? it : it.skip)('never commits twice when a slow request outlives its lease and a retry takes the key over', async () => {
    const key = newKey();
    const principalId = await viewerId();
    await owner.query(`CREATE FUNCTION idempotency_test_slow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'Slow Brand' THEN PERFORM pg_sleep(1); END IF; RETURN NEW; END $$`);
    await owner.query(`CREATE TRIGGER idempotency_test_slow BEFORE INSERT ON brands FOR EACH ROW EXECUTE FUNCTION idempotency_test_slow()`);
    try {
      const slow = createBrand('Slow Brand', key);
      // Once the slow request holds the key, its lease runs out (as if it took minutes). Up to
      // 120 s for it to claim the key: a loaded machine can take seconds.
      let leaseSeconds: number | undefined;
      for (let i = 0; i < 6_000 && leaseSeconds === undefined; i++) {
        const rows = await owner.query(`SELECT extract(epoch FROM locked_until - created_at)::int AS lease FROM idempotency_keys WHERE principal_id = $1 AND key = $2`, [principalId, key]);
        leaseSeconds = rows[0]?.lease;
        if (leaseSeconds === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The claim holds for IDEMPOTENCY_LEASE_SECONDS.
      expect(leaseSeconds).toBe(240);
      await owner.query(`UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE principal_id = $1 AND key = $2`, [principalId, key]);
      const retry = await createBrand('Slow Brand', key);
      const first = await slow;
      expect(first).toMatchObject({ status: 409, replayed: false, body: { errors: [{ extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_IN_USE' } }] } });
      expect(retry).toMatchObject({ status: 200, replayed: false });
      expect(retry.body.data.createBrand.name).toBe('Slow Brand');
      expect((await createBrand('Slow Brand', key)).text).toBe(retry.text);
      expect(await creations('Slow Brand')).toEqual({ brands: 1, audited: 1 });
    } finally {
      await owner.query(`DROP TRIGGER idempotency_test_slow ON brands`);
      await owner.query(`DROP FUNCTION idempotency_test_slow()`);
    }
  });

  it('forgets a key once it expires: the same request runs again', async () => {
    const key = newKey();
    const name = `Expiring ${randomUUID().slice(0, 8)}`;
    const first = await send(CREATE_API_KEY, { input: { name, roleKey: 'INTEGRATION' } }, { 'Idempotency-Key': key });
    expect(first.body.errors).toBeUndefined();
    const principalId = await viewerId();
    const [row] = await owner.query(`SELECT status, extract(epoch FROM expires_at - created_at)::int AS kept FROM idempotency_keys WHERE principal_id = $1 AND key = $2`, [principalId, key]);
    expect(row.status).toBe('COMPLETED');
    expect(row.kept).toBe(24 * 60 * 60);

    await owner.query(`UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE principal_id = $1 AND key = $2`, [principalId, key]);
    const again = await send(CREATE_API_KEY, { input: { name, roleKey: 'INTEGRATION' } }, { 'Idempotency-Key': key });
    expect(again.replayed).toBe(false);
    expect(again.body.data.createApiKey.apiKey.id).not.toBe(first.body.data.createApiKey.apiKey.id);
    const [{ keys }] = await owner.query(`SELECT count(*)::int AS keys FROM api_keys WHERE organization_id = $1 AND name = $2`, [org.id, name]);
    expect(keys).toBe(2);
    // The new answer is the one kept from now on.
    expect((await send(CREATE_API_KEY, { input: { name, roleKey: 'INTEGRATION' } }, { 'Idempotency-Key': key })).text).toBe(again.text);
  });

  it('keeps answers sealed: a secret shown once is replayed to its caller but never stored in the clear', async () => {
    const key = newKey();
    const first = await send(CREATE_API_KEY, { input: { name: 'Sealed', roleKey: 'INTEGRATION' } }, { 'Idempotency-Key': key });
    const secret = first.body.data.createApiKey.secret as string;
    const [row] = await owner.query(`SELECT response_body FROM idempotency_keys WHERE key = $1`, [key]);
    expect(Buffer.isBuffer(row.response_body)).toBe(true);
    expect(row.response_body.includes(Buffer.from(secret))).toBe(false);
    expect(row.response_body.includes(Buffer.from('createApiKey'))).toBe(false);
    expect((await send(CREATE_API_KEY, { input: { name: 'Sealed', roleKey: 'INTEGRATION' } }, { 'Idempotency-Key': key })).text).toBe(first.text);
  });

  it('ignores the header on queries, even a malformed one', async () => {
    for (const key of ['same-key', 'same-key', 'not a valid key', '']) {
      const answer = await send(VIEWER, {}, { 'Idempotency-Key': key });
      expect(answer).toMatchObject({ status: 200, replayed: false });
      expect(answer.body.errors).toBeUndefined();
    }
    const [{ keys }] = await owner.query(`SELECT count(*)::int AS keys FROM idempotency_keys WHERE key IN ('same-key', 'not a valid key')`);
    expect(keys).toBe(0);
  });

  it.each([
    ['empty', ''],
    ['with a space', 'two words'],
    ['longer than 255 characters', 'k'.repeat(256)],
    ['with a non-ASCII character', 'cl\u00e9'],
    ['with a control character', 'tab\there'],
  ])('refuses a mutation whose key is %s (BAD_USER_INPUT) and runs nothing', async (_case, key) => {
    const name = `Bad Key ${randomUUID().slice(0, 8)}`;
    const answer = await createBrand(name, key);
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      {
        message: expect.stringMatching(/Idempotency-Key/),
        extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_IDEMPOTENCY_KEY', fields: [{ field: 'Idempotency-Key', message: expect.any(String) }] },
      },
    ]);
    expect(await creations(name)).toEqual({ brands: 0, audited: 0 });
  });

  it('accepts a key of 255 visible characters', async () => {
    const key = `${randomUUID()}!~`.padEnd(255, 'x');
    const first = await createBrand('Long Key Brand', key);
    expect(first.body.errors).toBeUndefined();
    expect((await createBrand('Long Key Brand', key)).replayed).toBe(true);
  });

  it('does not claim a key for a caller who is not authenticated', async () => {
    const key = newKey();
    for (const token of [null, 'not-a-token']) {
      const answer = await createBrand('Anonymous Brand', key, token);
      expect(answer.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(answer.replayed).toBe(false);
    }
    const [{ keys }] = await owner.query(`SELECT count(*)::int AS keys FROM idempotency_keys WHERE key = $1`, [key]);
    expect(keys).toBe(0);
    // The key is still free for the caller once they sign in.
    expect((await createBrand('Anonymous Brand', key)).body.data.createBrand.name).toBe('Anonymous Brand');
  });

  it('works for login too, which runs before any tenant transaction', async () => {
    const key = newKey();
    const login = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
    const variables = { email: org.adminEmail, password: 'correct horse battery staple' };
    const first = await send(login, variables, { 'Idempotency-Key': key });
    expect(first.body.data.login.accessToken).toEqual(expect.any(String));
    expect(await send(login, variables, { 'Idempotency-Key': key })).toMatchObject({ replayed: true, text: first.text });
  });

  it('leaves mutations without the header alone', async () => {
    await t.ok(CREATE_BRAND, { input: { name: 'Plain Brand' } }, org.adminToken);
    const again = await t.gql(CREATE_BRAND, { input: { name: 'Plain Brand' } }, org.adminToken);
    expect(again.errors?.[0].extensions.code).toBe('CONFLICT');
  });
});
