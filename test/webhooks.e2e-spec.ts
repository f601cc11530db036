import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import passport from 'passport';
import { Webhook } from 'standardwebhooks';
import { DataSource } from 'typeorm';
import { BearerStrategy } from '../libs/auth';
import { builders, errorCodes, onPostgresServer, TEST_JWT_SECRET, testDatabaseUrl, TestApp, TestMember, TestOrganization, until } from './support';
import { WebhookWorker } from '../src/webhooks/webhook-worker';

// Webhooks as an integrator meets them: endpoints made through the API, events received on a
// local HTTP server and verified with the `standardwebhooks` library, retries, rotation,
// disabling (by hand and after persistent failure), redelivery, access, URL rules, and a
// worker process killed mid-delivery.

jest.setTimeout(180_000);

const ENDPOINT = `id url description eventTypes brandId brand { id name } status disabledReason disabledAt secretRotatedAt
  previousSecretExpiresAt consecutiveFailures lastSuccessAt createdAt updatedAt`;
const DELIVERY = `id endpointId eventId eventType status attempts nextAttemptAt lastStatusCode lastError deliveredAt redeliveryOfId payload createdAt
  attemptLog { attemptedAt statusCode durationMs error succeeded }`;
const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret endpoint { ${ENDPOINT} } } }`;
const UPDATE_ENDPOINT = `mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { ${ENDPOINT} } }`;
const ROTATE = `mutation ($id: ID!, $grace: Int) { rotateWebhookSecret(id: $id, gracePeriodHours: $grace) { secret endpoint { ${ENDPOINT} } } }`;
const DISABLE = `mutation ($id: ID!) { disableWebhookEndpoint(id: $id) { ${ENDPOINT} } }`;
const ENABLE = `mutation ($id: ID!) { enableWebhookEndpoint(id: $id) { ${ENDPOINT} } }`;
const DELETE = `mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { deletedId } }`;
const REDELIVER = `mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { ${DELIVERY} } }`;
const READ_ENDPOINT = `query ($id: ID!) { webhookEndpoint(id: $id) { ${ENDPOINT} } }`;
const LIST_ENDPOINTS = `query ($brandId: ID, $first: Int, $after: String) { webhookEndpoints(brandId: $brandId, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id url brandId } } } }`;
const DELIVERIES = `query ($endpointId: ID!, $first: Int, $after: String) { webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { ${DELIVERY} } } } }`;
const UPDATE_BRAND = `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id } }`;

interface Received {
  id: string;
  headers: Record<string, string>;
  body: string;
  /** What the receiver answered; null while it holds the request. */
  status: number | null;
}

/**
 * A local HTTP endpoint that records every request and answers with what `answer` says (a
 * status, or a promise of one to hold the request open).
 */
class Receiver {
  readonly requests: Received[] = [];
  answer: (request: Received, index: number) => number | Promise<number> = () => 204;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`);
    server.on('request', async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const request: Received = {
        id: String(req.headers['webhook-id']),
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
        status: null,
      };
      receiver.requests.push(request);
      const status = await receiver.answer(request, receiver.requests.length - 1);
      // Released after its sender died: nobody to answer.
      if (!status || req.socket.destroyed) return void res.destroy();
      request.status = status;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'receiver says no' : '');
    });
    return receiver;
  }

  /** The bodies, parsed, after checking every signature with the standardwebhooks library. */
  verified(secret: string, requests = this.requests): { type: string; timestamp: string; data: Record<string, any> }[] {
    const webhook = new Webhook(secret);
    return requests.map((r) => webhook.verify(r.body, r.headers) as { type: string; timestamp: string; data: Record<string, any> });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const nodes = <T = any>(connection: { edges: { node: T }[] }) => connection.edges.map((e) => e.node);

describe('webhooks', () => {
  let t: TestApp;
  let sql: DataSource;
  let org: TestOrganization;
  let admin: string;
  const receivers: Receiver[] = [];
  const tick = () => t.app.get(WebhookWorker).tick();

  beforeAll(async () => {
    t = await TestApp.start();
    sql = t.app.get(DataSource);
    org = await t.createOrganization('Webhooks');
    admin = org.adminToken;
  }, 180_000);
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await t.close();
  }, 180_000);

  const receiver = async () => {
    const r = await Receiver.start();
    receivers.push(r);
    return r;
  };
  const brand = (name: string, parentId: string | null = null, token = admin): Promise<string> =>
    builders(t, token).brand(`${name} ${randomUUID().slice(0, 6)}`, parentId);
  const touch = (id: string, description = `edited ${randomUUID()}`) => t.ok(UPDATE_BRAND, { input: { id, description } }, admin);
  const createEndpoint = async (input: Record<string, unknown>, token = admin) => {
    const { createWebhookEndpoint } = await t.ok(CREATE_ENDPOINT, { input }, token);
    return createWebhookEndpoint as { secret: string; endpoint: Record<string, any> };
  };
  const deliveries = async (endpointId: string): Promise<any[]> => nodes((await t.ok(DELIVERIES, { endpointId, first: 100 }, admin)).webhookDeliveries);
  /** Makes the endpoint's pending deliveries due now, as if their backoff had passed. */
  const dueNow = (endpointId: string) => sql.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE endpoint_id = $1 AND status = 'PENDING'`, [endpointId]);
  /** The id of the outbox event (the webhook-id) recorded for an action on an entity. */
  const eventIds = async (type: string, entityIds: string[]): Promise<string[]> =>
    (await sql.query(`SELECT id FROM outbox_events WHERE organization_id = $1 AND type = $2 AND payload->>'entityId' = ANY($3) ORDER BY created_at`, [org.id, type, entityIds])).map(
      (r: { id: string }) => r.id,
    );

  /** A brand tree of its own and an endpoint for it, so each story sees only its events. */
  async function scene(eventTypes = ['brand.*']) {
    const root = await brand('Scene');
    const r = await receiver();
    const { secret, endpoint } = await createEndpoint({ url: r.url, eventTypes, brandId: root });
    return { root, r, secret, endpoint };
  }

  describe('delivery', () => {
    it('sends the subscribed events, signed per Standard Webhooks, and the standardwebhooks library verifies them', async () => {
      await tick(); // Whatever the outbox held before, dispatched.
      const r = await receiver();
      const { secret, endpoint } = await createEndpoint({ url: r.url, eventTypes: ['brand.*', 'brand.created'], description: '  CRM sync  ' });
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(endpoint).toMatchObject({
        url: r.url, description: 'CRM sync', eventTypes: ['brand.*', 'brand.created'], brandId: null, brand: null, status: 'ENABLED',
        consecutiveFailures: 0, previousSecretExpiresAt: null,
      });
      // Stored encrypted, never in clear; not in the audit log either.
      const [stored] = await sql.query(`SELECT secret_encrypted FROM webhook_endpoints WHERE id = $1`, [endpoint.id]);
      expect(stored.secret_encrypted).not.toContain(secret.slice(6, 20));
      const audit = await t.ok(`query ($id: ID!) { auditEvents(filter: { entityId: $id }) { edges { node { action after } } } }`, { id: endpoint.id }, admin);
      expect(nodes(audit.auditEvents)).toEqual([{ action: 'webhook_endpoint.created', after: expect.objectContaining({ url: r.url }) }]);
      expect(JSON.stringify(audit)).not.toContain(secret.slice(6));

      const twix = await brand('Twix');
      await touch(twix);
      await builders(t, admin).profile(twix, { network: 'FACEBOOK', handle: `twix_${randomUUID().slice(0, 8)}`, displayName: 'Twix' });
      await tick();

      // Attempts go out side by side: arrival order is not guaranteed.
      const bodies = r.verified(secret).sort((a, b) => a.type.localeCompare(b.type));
      expect(bodies.map((b) => b.type)).toEqual(['brand.created', 'brand.updated']);
      expect(bodies[0]).toEqual({
        type: 'brand.created',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        data: expect.objectContaining({ organizationId: org.id, entityType: 'Brand', entityId: twix, brandId: twix, changes: expect.objectContaining({ before: null }) }),
      });
      expect(bodies[1].data.changes).toEqual({ before: expect.objectContaining({ description: null }), after: expect.objectContaining({ description: expect.stringMatching(/^edited/) }) });
      // webhook-id is the outbox event's id; one signature; the timestamp is now.
      expect(r.requests.map((q) => q.id).sort()).toEqual([...(await eventIds('brand.created', [twix])), ...(await eventIds('brand.updated', [twix]))].sort());
      expect(r.requests[0].headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(Math.abs(Number(r.requests[0].headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      expect(r.requests[0].headers['content-type']).toBe('application/json');

      const log = await deliveries(endpoint.id);
      expect(log).toHaveLength(2);
      for (const delivery of log) {
        expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 1, lastStatusCode: 204, lastError: null, nextAttemptAt: null, deliveredAt: expect.any(String) });
        expect(delivery.attemptLog).toEqual([{ attemptedAt: expect.any(String), statusCode: 204, durationMs: expect.any(Number), error: null, succeeded: true }]);
        expect(delivery.payload).toEqual(JSON.parse(r.requests.find((q) => q.id === delivery.eventId)!.body));
      }
      expect((await t.ok(READ_ENDPOINT, { id: endpoint.id }, admin)).webhookEndpoint.lastSuccessAt).toEqual(expect.any(String));

      // Nothing is sent twice.
      await tick();
      expect(r.requests).toHaveLength(2);
    });

    it('retries after the receiver answers 500, with the same webhook-id, and logs every attempt', async () => {
      const { root, r, secret, endpoint } = await scene();
      r.answer = (_request, index) => (index === 0 ? 500 : 200);
      await touch(root);
      const before = Date.now();
      await tick();
      const after = Date.now();
      expect(r.requests.map((q) => q.status)).toEqual([500]);
      const [failed] = await deliveries(endpoint.id);
      expect(failed).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500: receiver says no' });
      // 30 s ± 20% after the failure, which came between `before` and `after` (however long the tick took).
      const next = Date.parse(failed.nextAttemptAt);
      expect(next).toBeGreaterThanOrEqual(before + 24_000);
      expect(next).toBeLessThanOrEqual(after + 36_000);

      await tick();
      expect(r.requests).toHaveLength(1);
      await dueNow(endpoint.id);
      await tick();
      expect(r.requests.map((q) => q.status)).toEqual([500, 200]);
      expect(r.requests[1].id).toBe(r.requests[0].id);
      expect(r.verified(secret).map((b) => b.type)).toEqual(['brand.updated', 'brand.updated']);
      const [delivered] = await deliveries(endpoint.id);
      expect(delivered).toMatchObject({ status: 'SUCCEEDED', attempts: 2, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
      expect(delivered.attemptLog.map((a: any) => [a.statusCode, a.succeeded])).toEqual([[500, false], [200, true]]);
    });

    it("sends a brand endpoint only its subtree's events of the types it subscribes to", async () => {
      const { root, r, secret, endpoint } = await scene(['brand.created', 'profile.*']);
      expect(endpoint.brand).toEqual({ id: root, name: expect.stringMatching(/^Scene/) });
      const child = await brand('Child', root);
      const grandchild = await brand('Grandchild', child);
      await brand('Elsewhere');
      await touch(child); // brand.updated: not subscribed
      await builders(t, admin).profile(grandchild, { network: 'X', handle: `gc_${randomUUID().slice(0, 8)}`, displayName: 'GC' });
      await t.createMember(org, 'someone'); // user.created: an organization-level event
      await tick();
      expect(r.verified(secret).map((b) => [b.type, b.data.brandId]).sort()).toEqual(
        [
          ['brand.created', child],
          ['brand.created', grandchild],
          ['profile.created', grandchild],
        ].sort(),
      );
    });

    it('lets several workers run side by side: each event is sent once', async () => {
      const { root, r, secret } = await scene();
      for (let i = 0; i < 12; i++) await touch(root);
      await Promise.all([tick(), tick(), tick()]);
      await tick();
      const ids = r.verified(secret).map((b) => b.data.eventId);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    });

    it('does not send events from before the endpoint existed', async () => {
      const root = await brand('Early');
      const r = await receiver();
      const { secret } = await createEndpoint({ url: r.url, eventTypes: ['*'], brandId: root });
      await touch(root);
      await tick();
      expect(r.verified(secret).map((b) => b.type).sort()).toEqual(['brand.updated', 'webhook_endpoint.created']);
    });
  });

  describe('secret rotation', () => {
    it('signs with both secrets during the grace period, then with the new one only', async () => {
      const { root, r, secret: first, endpoint } = await scene();
      const { rotateWebhookSecret } = await t.ok(ROTATE, { id: endpoint.id }, admin);
      const second: string = rotateWebhookSecret.secret;
      expect(second).toMatch(/^whsec_/);
      expect(second).not.toBe(first);
      const graceEnds = Date.parse(rotateWebhookSecret.endpoint.previousSecretExpiresAt) - Date.now();
      expect(graceEnds).toBeGreaterThan(23.9 * 3_600_000);
      expect(graceEnds).toBeLessThanOrEqual(24 * 3_600_000);
      expect(rotateWebhookSecret.endpoint.secretRotatedAt).toEqual(expect.any(String));

      await touch(root);
      await tick();
      expect(r.requests[0].headers['webhook-signature'].split(' ')).toHaveLength(2);
      expect(r.verified(first)).toHaveLength(1);
      expect(r.verified(second)).toHaveLength(1);

      // A rotation with no grace retires the previous secret at once.
      const third: string = (await t.ok(ROTATE, { id: endpoint.id, grace: 0 }, admin)).rotateWebhookSecret.secret;
      await touch(root);
      await tick();
      const latest = r.requests.slice(1);
      expect(latest[0].headers['webhook-signature'].split(' ')).toHaveLength(1);
      expect(r.verified(third, latest)).toHaveLength(1);
      expect(() => r.verified(second, latest)).toThrow(/No matching signature/);
      expect((await t.ok(READ_ENDPOINT, { id: endpoint.id }, admin)).webhookEndpoint.previousSecretExpiresAt).toBeNull();
    });
  });

  describe('updating, disabling and deleting', () => {
    it('updates the URL and event types; a null description clears it', async () => {
      const { root, r, endpoint } = await scene();
      const moved = await receiver();
      const updated = (await t.ok(UPDATE_ENDPOINT, { input: { id: endpoint.id, url: moved.url, eventTypes: ['brand.updated', 'brand.updated'], description: 'new' } }, admin))
        .updateWebhookEndpoint;
      expect(updated).toMatchObject({ url: moved.url, eventTypes: ['brand.updated'], description: 'new' });
      expect((await t.ok(UPDATE_ENDPOINT, { input: { id: endpoint.id, description: null } }, admin)).updateWebhookEndpoint).toMatchObject({
        url: moved.url, eventTypes: ['brand.updated'], description: null,
      });
      await brand('Not subscribed', root);
      await touch(root);
      await tick();
      expect(r.requests).toHaveLength(0);
      expect(moved.requests.map((q) => JSON.parse(q.body).type)).toEqual(['brand.updated']);
      expect(errorCodes(await t.gql(UPDATE_ENDPOINT, { input: { id: endpoint.id, url: null } }, admin))).toEqual(['BAD_USER_INPUT']);
    });

    it('stops deliveries while disabled (cancelling pending ones) and resumes from the next event once enabled', async () => {
      const { root, r, endpoint } = await scene();
      r.answer = () => 503;
      await touch(root);
      await tick();
      expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'PENDING', attempts: 1 });

      const disabled = (await t.ok(DISABLE, { id: endpoint.id }, admin)).disableWebhookEndpoint;
      expect(disabled).toMatchObject({ status: 'DISABLED', disabledReason: 'Disabled by a user', disabledAt: expect.any(String) });
      expect((await t.ok(DISABLE, { id: endpoint.id }, admin)).disableWebhookEndpoint).toEqual(disabled);
      expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'CANCELLED', nextAttemptAt: null });
      r.answer = () => 204;
      await touch(root);
      await dueNow(endpoint.id);
      await tick();
      expect(r.requests).toHaveLength(1);
      expect(await deliveries(endpoint.id)).toHaveLength(1);

      expect((await t.ok(ENABLE, { id: endpoint.id }, admin)).enableWebhookEndpoint).toMatchObject({ status: 'ENABLED', disabledReason: null, disabledAt: null });
      await touch(root);
      await tick();
      expect(r.requests.map((q) => q.status)).toEqual([503, 204]);
    });

    it('deletes an endpoint with its delivery log; nothing more is sent to it', async () => {
      const { root, r, endpoint } = await scene();
      await touch(root);
      await tick();
      expect(r.requests).toHaveLength(1);
      expect((await t.ok(DELETE, { id: endpoint.id }, admin)).deleteWebhookEndpoint).toEqual({ deletedId: endpoint.id });
      await touch(root);
      await tick();
      expect(r.requests).toHaveLength(1);
      expect(errorCodes(await t.gql(READ_ENDPOINT, { id: endpoint.id }, admin))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(DELETE, { id: endpoint.id }, admin))).toEqual(['NOT_FOUND']);
      expect(await sql.query(`SELECT id FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id])).toEqual([]);
    });

    it('disables an endpoint after persistent failure and records why in the audit log', async () => {
      const { root, r, endpoint } = await scene();
      r.answer = () => 503;
      // Five deliveries (the configured default) fail, one attempt each.
      for (let i = 0; i < 5; i++) await touch(root);
      await tick();
      expect(r.requests).toHaveLength(5);
      let log = await deliveries(endpoint.id);
      expect(log.map((d) => [d.status, d.attempts])).toEqual(Array(5).fill(['PENDING', 1]));

      // Within the 24-hour window a failure is retried (1 min ± 20% after the failure, which
      // came between `before` and `after`)...
      await dueNow(endpoint.id);
      const before = Date.now();
      await tick();
      const after = Date.now();
      log = await deliveries(endpoint.id);
      expect(log.map((d) => [d.status, d.attempts])).toEqual(Array(5).fill(['PENDING', 2]));
      expect(log.filter((d) => Date.parse(d.nextAttemptAt) < before + 48_000 || Date.parse(d.nextAttemptAt) > after + 72_000)).toEqual([]);

      // ...and after it, the next failure is the last: each delivery fails for good.
      await sql.query(`UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours', next_attempt_at = now() WHERE endpoint_id = $1`, [endpoint.id]);
      const fourFirst = log.slice(0, 4).map((d) => d.id);
      await sql.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + interval '1 hour' WHERE id <> ALL($1) AND endpoint_id = $2`, [fourFirst, endpoint.id]);
      await tick();
      let read = (await t.ok(READ_ENDPOINT, { id: endpoint.id }, admin)).webhookEndpoint;
      expect(read).toMatchObject({ status: 'ENABLED', consecutiveFailures: 4 });
      await dueNow(endpoint.id);
      await tick();
      read = (await t.ok(READ_ENDPOINT, { id: endpoint.id }, admin)).webhookEndpoint;
      expect(read).toMatchObject({ status: 'DISABLED', consecutiveFailures: 5, disabledReason: 'Disabled after 5 deliveries in a row failed, each retried for 24 hours' });
      log = await deliveries(endpoint.id);
      expect(log.map((d) => [d.status, d.attempts, d.nextAttemptAt])).toEqual(Array(5).fill(['FAILED', 3, null]));
      expect(log[0].attemptLog.map((a: any) => a.statusCode)).toEqual([503, 503, 503]);

      const audit = await t.ok(
        `query ($id: ID!) { auditEvents(filter: { entityId: $id, action: "webhook_endpoint.disabled" }) { edges { node { actorType after brandId } } } }`,
        { id: endpoint.id },
        admin,
      );
      expect(nodes(audit.auditEvents)).toEqual([{ actorType: 'SYSTEM', brandId: root, after: expect.objectContaining({ status: 'DISABLED', consecutiveFailures: 5 }) }]);

      // Disabled: new events make no deliveries.
      await touch(root);
      await tick();
      expect(r.requests).toHaveLength(15);
    });

    it('resets the failure count on a success', async () => {
      const { root, r, endpoint } = await scene();
      r.answer = () => 500;
      await touch(root);
      await tick();
      await sql.query(`UPDATE webhook_deliveries SET first_attempt_at = now() - interval '25 hours', next_attempt_at = now() WHERE endpoint_id = $1`, [endpoint.id]);
      await tick();
      expect((await t.ok(READ_ENDPOINT, { id: endpoint.id }, admin)).webhookEndpoint.consecutiveFailures).toBe(1);
      r.answer = () => 204;
      await touch(root);
      await tick();
      expect((await t.ok(READ_ENDPOINT, { id: endpoint.id }, admin)).webhookEndpoint).toMatchObject({ consecutiveFailures: 0, status: 'ENABLED' });
    });
  });

  describe('redelivery', () => {
    it('sends an event again with the same webhook-id, as a new delivery', async () => {
      const { root, r, secret, endpoint } = await scene();
      await touch(root);
      await tick();
      const [original] = await deliveries(endpoint.id);
      const again = (await t.ok(REDELIVER, { id: original.id }, admin)).redeliverWebhook;
      expect(again).toMatchObject({ status: 'PENDING', attempts: 0, redeliveryOfId: original.id, eventId: original.eventId, eventType: 'brand.updated' });
      await tick();
      expect(r.requests.map((q) => q.id)).toEqual([original.eventId, original.eventId]);
      expect(r.verified(secret)).toHaveLength(2);
      const log = await deliveries(endpoint.id);
      expect(log.map((d) => [d.id, d.status])).toEqual([[again.id, 'SUCCEEDED'], [original.id, 'SUCCEEDED']]);

      await t.ok(DISABLE, { id: endpoint.id }, admin);
      expect(errorCodes(await t.gql(REDELIVER, { id: original.id }, admin))).toEqual(['CONFLICT']);
      expect(errorCodes(await t.gql(REDELIVER, { id: randomUUID() }, admin))).toEqual(['NOT_FOUND']);
    });

    it('pages the delivery log newest first', async () => {
      const { root, endpoint } = await scene();
      for (let i = 0; i < 3; i++) await touch(root);
      await tick();
      const first = (await t.ok(DELIVERIES, { endpointId: endpoint.id, first: 2 }, admin)).webhookDeliveries;
      expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const rest = (await t.ok(DELIVERIES, { endpointId: endpoint.id, first: 2, after: first.pageInfo.endCursor }, admin)).webhookDeliveries;
      expect(rest).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
      const all = [...nodes(first), ...nodes(rest)];
      expect(new Set(all.map((d) => d.id)).size).toBe(3);
      const times = all.map((d) => Date.parse(d.createdAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      expect(errorCodes(await t.gql(DELIVERIES, { endpointId: endpoint.id, after: 'nonsense' }, admin))).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('access', () => {
    let umbrella: string;
    let snickers: string;
    let dove: string;
    let agent: TestMember;
    let integrator: TestMember;
    let orgWide: string;
    let onDove: string;
    let onSnickers: string;
    let delivery: string;
    let other: TestOrganization;

    beforeAll(async () => {
      umbrella = await brand('Mars');
      snickers = await brand('Snickers', umbrella);
      dove = await brand('Dove', umbrella);
      agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: snickers }]);
      integrator = await t.createMember(org, 'integrator', [{ roleKey: 'INTEGRATION', brandId: snickers }]);
      const r = await receiver();
      orgWide = (await createEndpoint({ url: r.url, eventTypes: ['brand.*'] })).endpoint.id;
      onDove = (await createEndpoint({ url: r.url, eventTypes: ['brand.*'], brandId: dove })).endpoint.id;
      onSnickers = (await createEndpoint({ url: r.url, eventTypes: ['brand.*'], brandId: snickers })).endpoint.id;
      await touch(snickers);
      await tick();
      delivery = (await deliveries(onSnickers))[0].id;
      other = await t.createOrganization('Other');
    }, 180_000);

    it('lets a brand-scoped integrator manage endpoints of its subtree only', async () => {
      const r = await receiver();
      const mine = (await createEndpoint({ url: r.url, eventTypes: ['post.*'], brandId: snickers }, integrator.token)).endpoint;
      expect(mine.brandId).toBe(snickers);
      expect(errorCodes(await t.gql(CREATE_ENDPOINT, { input: { url: r.url, eventTypes: ['*'] } }, integrator.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(CREATE_ENDPOINT, { input: { url: r.url, eventTypes: ['*'], brandId: dove } }, integrator.token))).toEqual(['NOT_FOUND']);
      const listed = nodes((await t.ok(LIST_ENDPOINTS, { first: 100 }, integrator.token)).webhookEndpoints).map((e) => e.id);
      expect(listed.sort()).toEqual([onSnickers, mine.id].sort());
      expect((await t.ok(ROTATE, { id: onSnickers }, integrator.token)).rotateWebhookSecret.secret).toMatch(/^whsec_/);
      expect(errorCodes(await t.gql(READ_ENDPOINT, { id: orgWide }, integrator.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(READ_ENDPOINT, { id: onDove }, integrator.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(DISABLE, { id: onDove }, integrator.token))).toEqual(['NOT_FOUND']);
      // The org admin sees every endpoint, and can filter by brand.
      expect(nodes((await t.ok(LIST_ENDPOINTS, { brandId: snickers, first: 100 }, admin)).webhookEndpoints).map((e) => e.id).sort()).toEqual([onSnickers, mine.id].sort());
    });

    it('pages through every endpoint of the organization, oldest first, each once', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      do {
        const page: any = (await t.ok(LIST_ENDPOINTS, { first: 2, after }, admin)).webhookEndpoints;
        total = page.totalCount;
        seen.push(...nodes(page).map((e) => e.id));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toHaveLength(total);
      expect(new Set(seen).size).toBe(total);
      expect(seen).toEqual(expect.arrayContaining([orgWide, onDove, onSnickers]));
    });

    it('refuses every operation to a zoom agent (FORBIDDEN), even on their own brand', async () => {
      const token = agent.token;
      const calls: [string, Record<string, unknown>][] = [
        [CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], brandId: snickers } }],
        [CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['*'] } }],
        [LIST_ENDPOINTS, {}],
        [READ_ENDPOINT, { id: onSnickers }],
        [READ_ENDPOINT, { id: orgWide }],
        [UPDATE_ENDPOINT, { input: { id: onSnickers, eventTypes: ['*'] } }],
        [ROTATE, { id: onSnickers }],
        [DISABLE, { id: onSnickers }],
        [ENABLE, { id: onSnickers }],
        [DELETE, { id: orgWide }],
        [DELIVERIES, { endpointId: onSnickers }],
        [REDELIVER, { id: delivery }],
      ];
      for (const [query, variables] of calls) expect([query.slice(0, 40), errorCodes(await t.gql(query, variables, token))]).toEqual([query.slice(0, 40), ['FORBIDDEN']]);
    });

    it("answers NOT_FOUND for another organization's endpoints and deliveries, and changes nothing", async () => {
      const token = other.adminToken;
      const calls: [string, Record<string, unknown>][] = [
        [READ_ENDPOINT, { id: onSnickers }],
        [UPDATE_ENDPOINT, { input: { id: onSnickers, url: 'http://127.0.0.1:9/stolen' } }],
        [ROTATE, { id: onSnickers }],
        [DISABLE, { id: onSnickers }],
        [ENABLE, { id: onSnickers }],
        [DELETE, { id: onSnickers }],
        [DELIVERIES, { endpointId: onSnickers }],
        [REDELIVER, { id: delivery }],
        [CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], brandId: snickers } }],
      ];
      const before = await sql.query(`SELECT * FROM webhook_endpoints WHERE organization_id = $1 ORDER BY id`, [org.id]);
      for (const [query, variables] of calls) expect([query.slice(0, 40), errorCodes(await t.gql(query, variables, token))]).toEqual([query.slice(0, 40), ['NOT_FOUND']]);
      expect(nodes((await t.ok(LIST_ENDPOINTS, {}, token)).webhookEndpoints)).toEqual([]);
      expect(await sql.query(`SELECT * FROM webhook_endpoints WHERE organization_id = $1 ORDER BY id`, [org.id])).toEqual(before);
    });
  });

  describe('input rules', () => {
    it.each([
      [{ url: 'not a url', eventTypes: ['*'] }, 'input.url', 'must be an absolute URL'],
      [{ url: 'ftp://127.0.0.1/x', eventTypes: ['*'] }, 'input.url', 'must be an http or https URL'],
      [{ url: 'http://user:pw@127.0.0.1/x', eventTypes: ['*'] }, 'input.url', 'must not carry credentials'],
      [{ url: 'http://127.0.0.1/x', eventTypes: [] }, 'input.eventTypes', 'at least one'],
      [{ url: 'http://127.0.0.1/x', eventTypes: ['Brand Created'] }, 'input.eventTypes', 'event types like'],
      [{ url: 'http://127.0.0.1/x', eventTypes: ['brand.*.x'] }, 'input.eventTypes', 'event types like'],
      [{ url: 'http://127.0.0.1/x', eventTypes: ['*'], brandId: 'nope' }, 'input.brandId', 'brand id'],
    ])('refuses %j (BAD_USER_INPUT on %s)', async (input, field, message) => {
      const body = await t.gql(CREATE_ENDPOINT, { input }, admin);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(body.errors![0].extensions.fields ?? [{ field: body.errors![0].message }])).toContain(field);
      expect(body.errors![0].message).toContain(message);
    });

    it('answers NOT_FOUND for an unknown brand', async () => {
      expect(errorCodes(await t.gql(CREATE_ENDPOINT, { input: { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], brandId: randomUUID() } }, admin))).toEqual(['NOT_FOUND']);
    });
  });

  describe('a worker process killed mid-delivery', () => {
    const children: ChildProcess[] = [];
    afterAll(() => {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }, 180_000);

    /** `node src/webhook-worker.ts` on the test database, compiled on the fly as jest does. */
    function startWorker(): { child: ChildProcess; output: () => string } {
      let output = '';
      const child = spawn(process.execPath, ['-r', join(__dirname, 'support', 'swc-register.js'), join(__dirname, '..', 'src', 'webhook-worker.ts')], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: testDatabaseUrl(),
          JWT_SECRET: TEST_JWT_SECRET,
          WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
          WEBHOOKS_ALLOW_HTTP: 'true',
          WEBHOOK_WORKER_INTERVAL_MS: '100',
          // Short requests make a short claim lease (look-up + request + 5 s): the test waits it out.
          WEBHOOK_TIMEOUT_MS: '1500',
          LOG_LEVEL: 'log',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      children.push(child);
      return { child, output: () => output };
    }
    const exited = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve(child.exitCode ?? child.signalCode)
        : new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));

    it('delivers every event at least once after a restart, checked by event id', async () => {
      // A second process on the embedded database is not possible (it lives inside the test's
      // process, one session at a time): the kill test runs on the PostgreSQL server only.
      if (!onPostgresServer()) return;
      await tick(); // Nothing else due: the worker's batches are this story's.

      const { root, r, secret, endpoint } = await scene();
      let release: (status: number) => void = () => undefined;
      const held = new Promise<number>((resolve) => (release = resolve));
      r.answer = () => held; // The receiver is slow: no answer until the worker is dead.
      const kids: string[] = [];
      for (let i = 0; i < 8; i++) kids.push(await brand(`Kid ${i}`, root));
      const expected = await eventIds('brand.created', kids);
      expect(expected).toHaveLength(8);

      const first = startWorker();
      await until(() => r.requests.length >= 1, `a delivery in flight (worker output: ${first.output()})`);
      first.child.kill('SIGKILL');
      expect(await exited(first.child)).toBe('SIGKILL');
      await new Promise((resolve) => setTimeout(resolve, 300)); // Requests already on the wire arrive.
      // What reached the receiver before the kill was never answered: it does not count as delivered.
      const inFlight = [...r.requests];
      expect(inFlight.length).toBeGreaterThan(0);
      expect(inFlight.every((q) => q.status === null)).toBe(true);
      r.answer = () => 204;
      release(0);

      // Nothing was recorded as delivered: the claims only lapse.
      const pending = await sql.query(`SELECT status, attempts FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id]);
      expect(pending.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual(Array(8).fill(['PENDING', 0]));

      const second = startWorker();
      const answered = () => new Set(r.requests.filter((q) => !inFlight.includes(q) && q.status === 204).map((q) => q.id));
      await until(() => expected.every((id) => answered().has(id)), `every event answered (worker output: ${second.output()})`);
      await until(
        async () => (await sql.query(`SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND status <> 'SUCCEEDED'`, [endpoint.id])).length === 0,
        'every delivery recorded as delivered',
      );

      // Every event id at least once with a valid signature; those in flight at the kill twice.
      const received = r.verified(secret).map((b) => b.data.eventId as string);
      expect([...new Set(received)].sort()).toEqual([...expected].sort());
      expect(received.every((id, i) => id === r.requests[i].id)).toBe(true);
      const after = r.requests.filter((q) => !inFlight.includes(q));
      expect(inFlight.every((held) => after.some((q) => q.id === held.id))).toBe(true);
      expect(received.length).toBeGreaterThanOrEqual(expected.length + inFlight.length);

      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
      // Two worker processes start and deliver: more than the default on a loaded machine.
    }, 360_000);
  });

  // Last: a second app in the process takes over passport's bearer strategy while it runs.
  describe('without WEBHOOKS_ALLOW_PRIVATE_NETWORKS (the default)', () => {
    let strict: TestApp;
    beforeAll(async () => {
      strict = await TestApp.start({ WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'false', WEBHOOKS_ALLOW_HTTP: 'false' });
    }, 180_000);
    afterAll(async () => {
      await strict.close();
      // Passport keeps one process-wide 'bearer' strategy, which the second app took over.
      passport.use('bearer', t.app.get(BearerStrategy, { strict: false }) as unknown as passport.Strategy);
    }, 180_000);

    it.each([
      ['http://127.0.0.1:8080/x', 'must be an https URL'],
      ['https://127.0.0.1/x', 'resolves to a loopback address (127.0.0.1)'],
      // For a name, what it resolves to is not shown: internal DNS is not for API users.
      ['https://localhost:8443/x', 'host localhost must resolve to public internet addresses only'],
      ['https://[::1]/x', 'resolves to a loopback address (::1)'],
      ['https://10.1.2.3/x', 'resolves to a private address (10.1.2.3)'],
      ['https://192.168.0.10/x', 'resolves to a private address'],
      ['https://169.254.169.254/latest/meta-data', 'resolves to a link-local address'],
      ['https://100.64.1.1/x', 'resolves to a carrier-grade NAT address'],
      ['https://[fd00::1]/x', 'resolves to a unique-local address'],
      ['https://[::ffff:127.0.0.1]/x', 'resolves to a loopback address'],
    ])('refuses %s', async (url, message) => {
      const body = await strict.gql(CREATE_ENDPOINT, { input: { url, eventTypes: ['*'] } }, admin);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0].message).toContain(`input.url: ${message}`);
      expect(body.errors![0].extensions.fields).toEqual([{ field: 'input.url', message: expect.stringContaining(message) }]);
    });

    it('checks again at send time: a delivery to a private address is refused, not sent', async () => {
      const { root, r, endpoint } = await scene();
      await touch(root);
      await strict.app.get(WebhookWorker).tick();
      expect(r.requests).toEqual([]);
      const [refused] = await deliveries(endpoint.id);
      expect(refused).toMatchObject({
        status: 'PENDING', attempts: 1, lastStatusCode: null,
        lastError: 'refused: the URL must be an https URL',
      });
      // The permissive service sends it once due.
      await dueNow(endpoint.id);
      await tick();
      expect(r.requests).toHaveLength(1);
    });
  });
});
