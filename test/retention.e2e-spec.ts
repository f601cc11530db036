import { Client } from 'pg';
import { RetentionJob } from '../src/retention';
import { BOOT_TIMEOUT_MS, TestApp, testDatabaseUrl, TestOrganization } from './support';

/**
 * The retention job on the real database: what is old and finished goes, what is recent or
 * still needed stays, and two runs at once delete each row once. Rows are written straight
 * into the tables, as the owner, with the ages the story needs.
 */
describe('retention: outbox events, webhook deliveries and idempotency keys', () => {
  let app: TestApp;
  let sql: Client;
  let job: RetentionJob;

  beforeAll(async () => {
    app = await TestApp.start({ RETENTION_OUTBOX_DAYS: '7', RETENTION_DELIVERIES_DAYS: '30', RETENTION_IDEMPOTENCY_DAYS: '1' });
    job = app.app.get(RetentionJob);
    sql = new Client({ connectionString: testDatabaseUrl() });
    await sql.connect();
    await job.tick(); // Whatever the run left before this suite is not its story.
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await sql?.end();
    await app?.close();
  }, BOOT_TIMEOUT_MS);

  const ago = (days: number) => `now() - interval '${days} days'`;

  async function endpoint(org: TestOrganization): Promise<string> {
    const { rows } = await sql.query(
      `INSERT INTO webhook_endpoints (id, organization_id, url, event_types, secret_encrypted) VALUES (gen_random_uuid(), $1, 'https://receiver.example/hook', '{*}', 'x') RETURNING id`,
      [org.id],
    );
    return rows[0].id;
  }

  /** An outbox event (its audit event stands for one: no foreign key); `dispatchedDaysAgo` null: not dispatched yet. */
  async function outbox(org: TestOrganization, createdDaysAgo: number, dispatchedDaysAgo: number | null, count = 1): Promise<string[]> {
    const { rows } = await sql.query(
      `INSERT INTO outbox_events (organization_id, audit_event_id, type, payload, created_at, dispatched_at)
       SELECT $1, gen_random_uuid(), 'brand.updated', '{}', ${ago(createdDaysAgo)}, ${dispatchedDaysAgo === null ? 'NULL' : ago(dispatchedDaysAgo)}
         FROM generate_series(1, $2) RETURNING id`,
      [org.id, count],
    );
    return rows.map((r) => r.id);
  }

  async function delivery(org: TestOrganization, endpointId: string, outboxIds: string[], status: string, updatedDaysAgo: number): Promise<string[]> {
    const { rows } = await sql.query(
      `INSERT INTO webhook_deliveries (organization_id, endpoint_id, outbox_event_id, event_type, status, created_at, updated_at)
       SELECT $1, $2, o, 'brand.updated', $4, ${ago(updatedDaysAgo)}, ${ago(updatedDaysAgo)} FROM unnest($3::uuid[]) o RETURNING id`,
      [org.id, endpointId, outboxIds, status],
    );
    return rows.map((r) => r.id);
  }

  async function idempotencyKey(org: TestOrganization, expires: string, count = 1): Promise<string[]> {
    const { rows } = await sql.query(
      `INSERT INTO idempotency_keys (organization_id, principal_id, key, request_hash, status, claim_id, created_at, expires_at)
       SELECT $1, gen_random_uuid(), 'key-' || gen_random_uuid(), repeat('a', 64), 'COMPLETED', gen_random_uuid(), now() - interval '10 days', ${expires}
         FROM generate_series(1, $2) RETURNING key`,
      [org.id, count],
    );
    return rows.map((r) => r.key);
  }

  async function left(org: TestOrganization): Promise<{ outbox: string[]; deliveries: string[]; keys: string[]; audit: number }> {
    const ids = async (q: string) => (await sql.query(q, [org.id])).rows.map((r) => r.id).sort();
    return {
      outbox: await ids(`SELECT id FROM outbox_events WHERE organization_id = $1`),
      deliveries: await ids(`SELECT id FROM webhook_deliveries WHERE organization_id = $1`),
      keys: await ids(`SELECT key AS id FROM idempotency_keys WHERE organization_id = $1`),
      audit: (await sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE organization_id = $1`, [org.id])).rows[0].n,
    };
  }

  it('deletes what is old and over, and keeps what is recent or still needed', async () => {
    const org = await app.createOrganization('Retention');
    const hook = await endpoint(org);
    const [gone] = await outbox(org, 41, 40); // dispatched 40 days ago, no delivery: goes
    const [doneEvent] = await outbox(org, 41, 40);
    const [doneDelivery] = await delivery(org, hook, [doneEvent], 'SUCCEEDED', 40); // both go: the delivery, then its event
    const [cancelledEvent] = await outbox(org, 41, 40);
    await delivery(org, hook, [cancelledEvent], 'CANCELLED', 31); // both go
    const [pendingEvent] = await outbox(org, 41, 40);
    const [pendingDelivery] = await delivery(org, hook, [pendingEvent], 'PENDING', 40); // a pending delivery stays, so does its event
    const [recentFailEvent] = await outbox(org, 41, 40);
    const [recentFailure] = await delivery(org, hook, [recentFailEvent], 'FAILED', 2); // finished 2 days ago: stays, with its event
    const [undispatched] = await outbox(org, 40, null); // never dispatched: stays
    const [recent] = await outbox(org, 3, 2); // dispatched 2 days ago: stays
    const [expiredLongAgo] = await idempotencyKey(org, ago(3)); // goes
    const [justExpired] = await idempotencyKey(org, `now() - interval '1 hour'`); // stays (kept a day past expiry)
    const [valid] = await idempotencyKey(org, `now() + interval '1 day'`); // stays
    const before = await left(org);

    const run = await job.tick();
    expect(run).toEqual({ deliveries: 2, outboxEvents: 3, idempotencyKeys: 1 });
    const after = await left(org);
    expect(after.outbox).toEqual([pendingEvent, recentFailEvent, undispatched, recent].sort());
    expect(after.deliveries).toEqual([pendingDelivery, recentFailure].sort());
    expect(after.keys).toEqual([justExpired, valid].sort());
    expect(after.audit).toBe(before.audit); // the audit log, and its chain, are never deleted
    expect(before.outbox).toContain(gone);
    expect(before.deliveries).toContain(doneDelivery);
    expect(before.keys).toContain(expiredLongAgo);

    expect(await job.tick()).toEqual({ deliveries: 0, outboxEvents: 0, idempotencyKeys: 0 });
  });

  it('deletes each row once when two runs go at once, batch after batch', async () => {
    const org = await app.createOrganization('Retention race');
    const hook = await endpoint(org);
    await outbox(org, 41, 40, 700);
    const delivered = await outbox(org, 41, 40, 600);
    await delivery(org, hook, delivered, 'SUCCEEDED', 40);
    await idempotencyKey(org, ago(5), 650);
    const [kept] = await outbox(org, 41, 40);
    await delivery(org, hook, [kept], 'PENDING', 40);

    const runs = await Promise.all([job.tick(), job.tick()]);
    const total = (key: keyof (typeof runs)[0]) => runs[0][key] + runs[1][key];
    expect({ deliveries: total('deliveries'), outboxEvents: total('outboxEvents'), idempotencyKeys: total('idempotencyKeys') }).toEqual({
      deliveries: 600, outboxEvents: 1300, idempotencyKeys: 650,
    });
    const after = await left(org);
    expect({ outbox: after.outbox, deliveries: after.deliveries.length, keys: after.keys }).toEqual({ outbox: [kept], deliveries: 1, keys: [] });
  });
});
