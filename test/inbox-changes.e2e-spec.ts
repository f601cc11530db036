import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { DataSource } from 'typeorm';
import { BOOT_TIMEOUT_MS, builders, Builders, TestApp, TestMember, TestOrganization, UMBRELLA_TREE, until } from './support';
import { INBOX_CHANGES_TOPIC, InboxChanges } from '../src/inbox';
import type { InboxChangeEvent } from '../src/inbox/inbox-changes';

// The subscription inboxChanged (docs/guide/inbox.md, "Working the inbox"): every event of an
// item in the subscribed brand's subtree, as far as the subscriber may read, after commit.

const SUBSCRIBE = `subscription ($brandId: ID!) { inboxChanged(brandId: $brandId) { type itemId brandId item { id status assigneeId version body } } }`;
const ASSIGN = `mutation ($id: ID!, $assigneeId: ID) { assignInboxItem(id: $id, assigneeId: $assigneeId) { id } }`;
const GRANT = `mutation ($input: AssignRoleInput!) { assignRole(input: $input) { id } }`;
const REVOKE = `mutation ($id: ID!) { revokeRoleAssignment(id: $id) { id } }`;

interface Change {
  type: string;
  itemId: string;
  brandId: string;
  item: { id: string; status: string; assigneeId: string | null; version: number; body: string };
}

describe('the inboxChanged subscription', () => {
  let t: TestApp;
  let org: TestOrganization;
  let build: Builders;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let profiles: { snickers: string; ice: string; dove: string };
  let agent: TestMember;
  let doveAgent: TestMember;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Inbox changes');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    profiles = {
      snickers: await build.profile(brands.Snickers, { network: 'X', live: true }),
      ice: await build.profile(brands['Snickers Ice'], { network: 'INSTAGRAM', live: true }),
      dove: await build.profile(brands.Dove, { live: true }),
    };
    agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    doveAgent = await t.createMember(org, 'dove', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Dove }]);
    await t.app.listen(0, '127.0.0.1');
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  const listeners = () => t.app.get(InboxChanges).pubsub.listenerCount(INBOX_CHANGES_TOPIC);

  /** Subscribes as the holder of `token`; resolves once the subscription is live on the server. */
  const subscribe = async (token: string, brandId: string) => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    clients.push(client);
    const changes: Change[] = [];
    const errors: unknown[] = [];
    const before = listeners();
    client.subscribe(
      { query: SUBSCRIBE, variables: { brandId } },
      {
        next: (result) => (result.errors ? errors.push(...result.errors) : changes.push((result.data as { inboxChanged: Change }).inboxChanged)),
        // A refusal as it starts comes as graphql-ws's error message: the list of errors.
        error: (e) => errors.push(...(Array.isArray(e) ? e : [e])),
        complete: () => undefined,
      },
    );
    await until(() => listeners() > before || errors.length > 0, 'the subscription to register or be refused');
    return { changes, errors };
  };

  const ingest = async (profileId: string, body: string) => (await build.ingest([{ profileId, body, networkId: `n_${randomUUID()}` }])).results[0].item!.id;

  it('tells of items received and assigned in the brand\'s subtree, with the item as it is now', async () => {
    const admin = await subscribe(org.adminToken, brands.Snickers);
    const snickersAgent = await subscribe(agent.token, brands.Snickers);
    const iceItem = await ingest(profiles.ice, 'Is the ice cream gluten free?');
    await t.ok(ASSIGN, { id: iceItem, assigneeId: agent.id }, org.adminToken);
    for (const { changes } of [admin, snickersAgent]) {
      await until(() => changes.filter((c) => c.itemId === iceItem).length === 2, 'the received and assigned events');
      expect(changes.filter((c) => c.itemId === iceItem).map((c) => [c.type, c.brandId])).toEqual([
        ['inbox.item.received', brands['Snickers Ice']],
        ['inbox.item.assigned', brands['Snickers Ice']],
      ]);
      // The item is read when the event is sent: the assigned one shows the assignee.
      expect(changes.filter((c) => c.itemId === iceItem)[1].item).toMatchObject({ id: iceItem, status: 'ASSIGNED', assigneeId: agent.id, version: 2 });
    }
    expect([...admin.errors, ...snickersAgent.errors]).toEqual([]);
  });

  it('tells nothing of a sibling brand\'s items, and tells that brand\'s subscribers', async () => {
    const snickers = await subscribe(agent.token, brands.Snickers);
    const dove = await subscribe(doveAgent.token, brands.Dove);
    const doveItem = await ingest(profiles.dove, 'Dove soap made my skin soft');
    const snickersItem = await ingest(profiles.snickers, 'Snickers for breakfast?');
    // Events reach a subscriber in the order they were published: once the later one is in, the earlier one would be too.
    await until(() => snickers.changes.some((c) => c.itemId === snickersItem), 'the Snickers item');
    await until(() => dove.changes.some((c) => c.itemId === doveItem), 'the Dove item');
    expect(snickers.changes.map((c) => c.itemId)).toEqual([snickersItem]);
    expect(dove.changes.map((c) => c.itemId)).toEqual([doveItem]);
  });

  it('refuses a brand out of reach (NOT_FOUND, as for a brand that does not exist)', async () => {
    for (const brandId of [brands.Snickers, randomUUID()]) {
      const { errors, changes } = await subscribe(doveAgent.token, brandId);
      await until(() => errors.length > 0, 'the refusal');
      expect((errors as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(changes).toEqual([]);
    }
  });

  it('reads each event\'s fields as the subscriber\'s tenant, bound by row-level security like an HTTP request', async () => {
    const owner = t.app.get(DataSource);
    const { changes, errors } = await subscribe(org.adminToken, brands.Snickers);
    const shown = await ingest(profiles.snickers, 'A question the app role may read');
    const hidden = await ingest(profiles.snickers, 'A question the app role may not read');
    await until(() => changes.some((c) => c.itemId === hidden), 'the received events');
    // A second wall only the app role meets: as the tables' owner the subscription would still read the row.
    await owner.query(`CREATE POLICY test_hidden_from_app ON inbox_items AS RESTRICTIVE FOR SELECT TO parasol_app USING (body NOT LIKE '%may not read%')`);
    try {
      const event = (itemId: string): InboxChangeEvent => ({ organizationId: org.id, type: 'inbox.item.tagged', itemId, brandId: brands.Snickers, brandAncestorIds: [brands.Umbrella] });
      const pubsub = t.app.get(InboxChanges).pubsub;
      await pubsub.publish(INBOX_CHANGES_TOPIC, event(hidden));
      await pubsub.publish(INBOX_CHANGES_TOPIC, event(shown));
      await until(() => changes.some((c) => c.type === 'inbox.item.tagged'), 'the event of the row the app role may read');
      expect(changes.filter((c) => c.type === 'inbox.item.tagged').map((c) => c.item.id)).toEqual([shown]);
      // The hidden row is not found: row-level security applied to the event's read.
      expect((errors as { extensions?: { code?: string } }[]).map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    } finally {
      await owner.query(`DROP POLICY test_hidden_from_app ON inbox_items`);
    }
  });

  it('checks each event against the subscriber\'s reach as it is now: a role taken away stops the events it gave', async () => {
    const member = await t.createMember(org, 'narrowed');
    const grant = async (brandId: string) => (await t.ok(GRANT, { input: { principalId: member.id, roleKey: 'ZOOM_AGENT', brandId } }, org.adminToken)).assignRole.id;
    const onSnickers = await grant(brands.Snickers);
    await grant(brands['Snickers Ice']);
    const { changes, errors } = await subscribe(member.token, brands.Snickers);
    await t.ok(REVOKE, { id: onSnickers }, org.adminToken);
    // The grants are read again before each event sent (SubscriptionSessions.onNext): the first
    // event after the change may still go out on the grants read before it; none after it does.
    const first = await ingest(profiles.snickers, 'Sent on the grants read before the change');
    await until(() => changes.some((c) => c.itemId === first), 'the first event');
    const hidden = await ingest(profiles.snickers, 'Snickers is out of reach now');
    const stillInReach = await ingest(profiles.ice, 'Snickers Ice is still in reach');
    await until(() => changes.some((c) => c.itemId === stillInReach), 'the Snickers Ice item');
    expect(changes.map((c) => c.itemId).filter((id) => id !== first)).toEqual([stillInReach]);
    expect(changes.map((c) => c.itemId)).not.toContain(hidden);
    expect(errors).toEqual([]);
  });
});
