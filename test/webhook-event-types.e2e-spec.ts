import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BOOT_TIMEOUT_MS, builders, errorCodes, GraphQLResponse, TestApp, TestOrganization } from './support';
import { EVENT_CATALOGUE } from '../src/events';
import { WebhookWorker } from '../src/webhooks/webhook-worker';

// The catalogue an integrator subscribes from (webhookEventTypes), and the refusal of event
// type patterns that match none of it: such an endpoint would never receive anything.

const EVENT_TYPES = `{ webhookEventTypes { type entityType description payloadSchema } }`;
const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id eventTypes } } }`;
const UPDATE_ENDPOINT = `mutation ($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id eventTypes } }`;
const DELIVERIES = `query ($endpointId: ID!) { webhookDeliveries(endpointId: $endpointId, first: 10) { edges { node { eventType payload } } } }`;
/** Nothing listens there: deliveries are created, and fail, which is all these tests need. */
const URL = 'http://127.0.0.1:9/parasol';

interface EventType {
  type: string;
  entityType: string;
  description: string;
  payloadSchema: { properties: { type: { const: string }; data: { required: string[]; properties: Record<string, { const?: string }> } } };
}

describe('webhook event types', () => {
  let t: TestApp;
  let sql: DataSource;
  let org: TestOrganization;
  let admin: string;
  beforeAll(async () => {
    t = await TestApp.start();
    sql = t.app.get(DataSource);
    org = await t.createOrganization('Event Types');
    admin = org.adminToken;
  }, BOOT_TIMEOUT_MS);
  afterAll(() => t.close(), BOOT_TIMEOUT_MS);

  const endpointRows = async () => sql.query(`SELECT id, event_types, updated_at FROM webhook_endpoints WHERE organization_id = $1 ORDER BY id`, [org.id]);
  const fieldsOf = (body: GraphQLResponse) => (body.errors?.[0]?.extensions.fields ?? []) as { field: string; message: string }[];

  describe('webhookEventTypes', () => {
    let listed: EventType[];
    beforeAll(async () => {
      listed = (await t.ok<{ webhookEventTypes: EventType[] }>(EVENT_TYPES, {}, admin)).webhookEventTypes;
    }, BOOT_TIMEOUT_MS);

    it("lists every audited event type of the service's catalogue, sorted, and no in-process one", () => {
      const audited = EVENT_CATALOGUE.filter((e) => e.audited).map((e) => e.type).sort();
      expect(listed.map((e) => e.type)).toEqual(audited);
      expect(listed.map((e) => e.type)).not.toContain('approval_queue.changed');
      expect(listed.filter((e) => e.type.startsWith('profile.')).map((e) => e.type)).toEqual([
        'profile.archived', 'profile.created', 'profile.drafted', 'profile.launched', 'profile.paused', 'profile.updated',
      ]);
    });

    it('describes each type in a sentence, with its entity type', () => {
      expect(listed.find((e) => e.type === 'brand.created')).toMatchObject({ entityType: 'Brand', description: 'A brand was created.' });
      expect(listed.find((e) => e.type === 'profile.paused')).toMatchObject({ entityType: 'SocialProfile', description: expect.stringMatching(/status became PAUSED/) });
      for (const e of listed) expect(e.description).toMatch(/^An? .+\.$/);
    });

    it('gives the JSON Schema of each body, naming its type and entity type', () => {
      for (const e of listed) {
        expect(e.payloadSchema.properties.type.const).toBe(e.type);
        expect(e.payloadSchema.properties.data.properties.entityType.const).toBe(e.entityType);
      }
    });

    it('describes the body a delivery really carries', async () => {
      const { endpoint } = (await t.ok(CREATE_ENDPOINT, { input: { url: URL, eventTypes: ['brand.created'] } }, admin)).createWebhookEndpoint;
      await builders(t, admin).brand(`Schema ${randomUUID().slice(0, 6)}`);
      await t.app.get(WebhookWorker).tick();
      const [delivery] = (await t.ok(DELIVERIES, { endpointId: endpoint.id }, admin)).webhookDeliveries.edges.map((e: { node: unknown }) => e.node);
      const schema = listed.find((e) => e.type === 'brand.created')!.payloadSchema as EventType['payloadSchema'] & { required: string[] };
      expect(Object.keys(delivery.payload).sort()).toEqual([...schema.required].sort());
      expect(Object.keys(delivery.payload.data).sort()).toEqual([...schema.properties.data.required].sort());
      expect(delivery.payload).toMatchObject({ type: 'brand.created', data: { entityType: 'Brand', changes: { before: null, after: expect.any(Object) } } });
    });

    it('is for those who manage integrations', async () => {
      const nobody = await t.createMember(org, 'nobody');
      expect(errorCodes(await t.gql(EVENT_TYPES, {}, nobody.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(EVENT_TYPES))).toEqual(['UNAUTHENTICATED']);
    });

    it('accepts every type and prefix it lists', async () => {
      const types = listed.map((e) => e.type);
      const prefixes = [...new Set(types.map((type) => `${type.split('.')[0]}.*`))];
      // An endpoint takes at most 50 patterns: the types go in as many endpoints as they need.
      const chunks = (list: string[]) => Array.from({ length: Math.ceil(list.length / 50) }, (_, i) => list.slice(i * 50, i * 50 + 50));
      for (const eventTypes of [...chunks(types), ...chunks(prefixes)]) {
        const { endpoint } = (await t.ok(CREATE_ENDPOINT, { input: { url: URL, eventTypes } }, admin)).createWebhookEndpoint;
        expect(endpoint.eventTypes).toEqual([...eventTypes].sort());
      }
    });
  });

  describe('patterns that match no event type', () => {
    it.each([
      [['social_profile.*'], [['input.eventTypes.0', '"social_profile.*" matches no event type; did you mean profile.*?']]],
      [['brand.*', 'profile.create'], [['input.eventTypes.1', 'did you mean profile.created']]],
      [['post.publish'], [['input.eventTypes.0', 'did you mean post.published, post.publish_failed']]],
      [['webhook.*', 'invoice.paid'], [['input.eventTypes.0', 'did you mean webhook_delivery.*, webhook_endpoint.*?'], ['input.eventTypes.1', '"invoice.paid" matches no event type (webhookEventTypes lists them)']]],
    ])('refuses %j on creation with BAD_USER_INPUT naming each and its close matches, creating nothing', async (eventTypes, refusals) => {
      const before = await endpointRows();
      const body = await t.gql(CREATE_ENDPOINT, { input: { url: URL, eventTypes } }, admin);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      const fields = fieldsOf(body);
      expect(fields.map((f) => f.field)).toEqual(refusals.map(([field]) => field));
      refusals.forEach(([, message], i) => expect(fields[i].message).toContain(message));
      expect(body.errors![0].message).toContain(refusals[0][0]);
      expect(await endpointRows()).toEqual(before);
    });

    it('refuses them on update too, leaving the endpoint as it was', async () => {
      const { endpoint } = (await t.ok(CREATE_ENDPOINT, { input: { url: URL, eventTypes: ['profile.*'] } }, admin)).createWebhookEndpoint;
      const before = await endpointRows();
      const body = await t.gql(UPDATE_ENDPOINT, { input: { id: endpoint.id, eventTypes: ['profile.*', 'social_profile.*'] } }, admin);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(fieldsOf(body)).toEqual([{ field: 'input.eventTypes.1', message: expect.stringContaining('did you mean profile.*?') }]);
      expect(await endpointRows()).toEqual(before);
      expect((await t.ok(UPDATE_ENDPOINT, { input: { id: endpoint.id, eventTypes: ['profile.launched', 'post.*'] } }, admin)).updateWebhookEndpoint.eventTypes).toEqual([
        'post.*', 'profile.launched',
      ]);
    });
  });
});
