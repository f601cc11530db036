import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createClient, Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createSharedPubSub, PubSubLog, SharedPubSub } from '../libs/pubsub';
import { APPROVAL_QUEUE_TOPIC, ApprovalEvents } from '../src/approvals/approval-events';
import { INBOX_CHANGES_TOPIC, InboxChanges } from '../src/inbox';
import { BOOT_TIMEOUT_MS, builders, redisAvailability, TEST_REDIS_URL, TestApp, TestMember, TestOrganization, uniqueRedisPrefix, until } from './support';

// Subscriptions across processes (docs/guide/scale-out.md): with REDIS_URL every instance's
// subscribers hear the events committed on any instance. Real Redis, real apps on one database.

const redis = redisAvailability();
const describeWithRedis = redis.available ? describe : describe.skip;

const QUEUE_CHANGED = `subscription { approvalQueueChanged { requestId postId entered status } }`;
const INBOX_CHANGED = `subscription ($brandId: ID!) { inboxChanged(brandId: $brandId) { type itemId brandId item { id status assigneeId } } }`;
const SUBMIT = `mutation ($id: ID!) { submitPost(id: $id) { post { id status approvalRequest { id } } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { id status } } }`;
const ASSIGN = `mutation ($id: ID!, $assigneeId: ID) { assignInboxItem(id: $id, assigneeId: $assigneeId) { id } }`;

/** A log that remembers, for the tests that check what the pub/sub says. */
const recordingLog = () => {
  const lines: string[] = [];
  const log: PubSubLog = { log: (message) => void lines.push(message), warn: (message) => void lines.push(message) };
  return { log, lines };
};

describeWithRedis('the shared pub/sub on Redis', () => {
  const opened: SharedPubSub[] = [];
  const open = (prefix: string, redisUrl = TEST_REDIS_URL) => {
    const pubsub = createSharedPubSub({ redisUrl, prefix }, recordingLog().log);
    opened.push(pubsub);
    return pubsub;
  };

  afterAll(async () => {
    await Promise.all(opened.map((pubsub) => pubsub.close()));
  }, BOOT_TIMEOUT_MS);

  it('carries each event to every process of the prefix, publisher included, in order, with Dates as Dates', async () => {
    const prefix = uniqueRedisPrefix('codec');
    const [a, b] = [open(prefix), open(prefix)];
    const heard: Record<'a' | 'b', { n: number; at: Date; nested: { when: Date[] } }[]> = { a: [], b: [] };
    await a.subscribe('topic', (event: (typeof heard.a)[number]) => void heard.a.push(event));
    await b.subscribe('topic', (event: (typeof heard.b)[number]) => void heard.b.push(event));
    const at = new Date('2026-12-03T08:00:00.250Z');
    for (let n = 1; n <= 20; n++) await a.publish('topic', { n, at, nested: { when: [at] } });
    await until(() => heard.a.length === 20 && heard.b.length === 20, 'both processes to hear 20 events');
    expect(heard.b.map((event) => event.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(heard.b[0].at).toBeInstanceOf(Date);
    expect(heard.b[0].at.getTime()).toBe(at.getTime());
    expect(heard.b[19].nested.when[0]).toEqual(at);
    expect(heard.a).toEqual(heard.b);
  });

  it('keeps prefixes apart, and stops delivering once the last subscriber of a topic leaves', async () => {
    const mine = open(uniqueRedisPrefix('mine'));
    const theirs = open(uniqueRedisPrefix('theirs'));
    const heard: number[] = [];
    const id = await mine.subscribe('topic', (event: { n: number }) => void heard.push(event.n));
    expect(mine.listenerCount('topic')).toBe(1);
    await theirs.publish('topic', { n: 1 });
    await mine.publish('topic', { n: 2 });
    // Redis sends a subscriber events in the order it ran the PUBLISHes: once 2 is in, 1 would be too.
    await until(() => heard.includes(2), 'the event of its own prefix');
    expect(heard).toEqual([2]);
    mine.unsubscribe(id);
    expect(mine.listenerCount('topic')).toBe(0);
    const again: number[] = [];
    await mine.subscribe('other', (event: { n: number }) => void again.push(event.n));
    await mine.publish('topic', { n: 3 });
    await mine.publish('other', { n: 4 });
    await until(() => again.includes(4), 'the event of the other topic');
    expect(heard).toEqual([2]);
  });

  it('lives through an unreachable Redis: says so, publishes fail into the log, and it closes', async () => {
    const { log, lines } = recordingLog();
    // Port 1: nothing listens there; ioredis keeps reconnecting.
    const pubsub = createSharedPubSub({ redisUrl: 'redis://127.0.0.1:1', prefix: uniqueRedisPrefix('down') }, log);
    await until(() => lines.some((line) => /connection lost/.test(line)), 'the outage to be logged');
    expect(pubsub.connected()).toBe(false);
    // Published after a commit, where nobody could act on a failure: logged, not thrown.
    await expect(pubsub.publish('topic', { at: new Date() })).resolves.toBeUndefined();
    expect(lines.some((line) => /could not publish an event on topic/.test(line))).toBe(true);
    await pubsub.close();
    expect(pubsub.connected()).toBe(false);
  });
});

describeWithRedis('subscriptions across two instances on one database', () => {
  const apps: TestApp[] = [];
  let a: TestApp;
  let b: TestApp;
  let org: TestOrganization;
  let brandId: string;
  let profileId: string;
  let author: TestMember;
  let approver: TestMember;
  const clients: Client[] = [];

  beforeAll(async () => {
    const env = { REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: uniqueRedisPrefix('apps') };
    for (let i = 0; i < 2; i++) {
      const app = await TestApp.start(env);
      apps.push(app);
      await app.app.listen(0, '127.0.0.1');
    }
    [a, b] = apps;
    org = await a.createOrganization('Replicas');
    const build = builders(a, org.adminToken);
    brandId = await build.brand('Shared brand');
    profileId = await build.profile(brandId, { network: 'X', live: true });
    await build.approvalWorkflow(brandId, 'Review', [{ name: 'Review', approverRoles: ['APPROVER'] }]);
    author = await a.createMember(org, 'author', [{ roleKey: 'CONTENT_CREATOR', brandId }]);
    approver = await a.createMember(org, 'approver', [{ roleKey: 'APPROVER', brandId }]);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    // Closing quits both Redis connections of each app: a hang here fails the hook.
    for (const app of apps) await app.close();
  }, BOOT_TIMEOUT_MS);

  /** Subscribes on `app`; resolves once the subscription is live there (its Redis SUBSCRIBE acknowledged). */
  async function subscribe<T>(app: TestApp, topic: string, pubsub: SharedPubSub, token: string, query: string, variables: Record<string, unknown> = {}) {
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    clients.push(client);
    const received: T[] = [];
    const errors: unknown[] = [];
    const before = pubsub.listenerCount(topic);
    client.subscribe(
      { query, variables },
      {
        next: (result) => (result.errors ? errors.push(...result.errors) : received.push(Object.values(result.data as Record<string, T>)[0])),
        error: (error) => errors.push(...(Array.isArray(error) ? error : [error])),
        complete: () => undefined,
      },
    );
    await until(() => pubsub.listenerCount(topic) > before || errors.length > 0, 'the subscription to be live');
    expect(errors).toEqual([]);
    return received;
  }

  it('approvalQueueChanged: a post submitted on A and decided on B reaches the approver subscribed on each', async () => {
    type Change = { requestId: string; postId: string; entered: boolean; status: string };
    const onA = await subscribe<Change>(a, APPROVAL_QUEUE_TOPIC, a.app.get(ApprovalEvents).pubsub, approver.token, QUEUE_CHANGED);
    const onB = await subscribe<Change>(b, APPROVAL_QUEUE_TOPIC, b.app.get(ApprovalEvents).pubsub, approver.token, QUEUE_CHANGED);
    const postId = await builders(a, author.token).post({ brandId, profileIds: [profileId], body: `Across replicas ${randomUUID().slice(0, 6)}` });
    const { post } = (await a.ok(SUBMIT, { id: postId }, author.token)).submitPost;
    expect(post.status).toBe('IN_REVIEW');
    await b.ok(DECIDE, { input: { requestId: post.approvalRequest.id, decision: 'APPROVE' } }, approver.token);
    for (const received of [onA, onB]) {
      await until(() => received.filter((c) => c.postId === postId).length === 2, 'the request to enter and leave the queue');
      expect(received.filter((c) => c.postId === postId)).toEqual([
        { requestId: post.approvalRequest.id, postId, entered: true, status: 'OPEN' },
        { requestId: post.approvalRequest.id, postId, entered: false, status: 'APPROVED' },
      ]);
    }
  });

  it('inboxChanged: items received and assigned on A reach the subscriber on B, with the item as B reads it', async () => {
    type Change = { type: string; itemId: string; brandId: string; item: { id: string; status: string; assigneeId: string | null } };
    const onB = await subscribe<Change>(b, INBOX_CHANGES_TOPIC, b.app.get(InboxChanges).pubsub, org.adminToken, INBOX_CHANGED, { brandId });
    const onA = await subscribe<Change>(a, INBOX_CHANGES_TOPIC, a.app.get(InboxChanges).pubsub, org.adminToken, INBOX_CHANGED, { brandId });
    const agent = await a.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId }]);
    const { results } = await builders(a, org.adminToken).ingest([{ profileId, body: 'Does it work across replicas?', networkId: `n_${randomUUID()}` }]);
    const itemId = results[0].item!.id;
    await a.ok(ASSIGN, { id: itemId, assigneeId: agent.id }, org.adminToken);
    for (const received of [onB, onA]) {
      await until(() => received.filter((c) => c.itemId === itemId).length === 2, 'the received and assigned events');
      expect(received.filter((c) => c.itemId === itemId).map((c) => [c.type, c.brandId])).toEqual([
        ['inbox.item.received', brandId],
        ['inbox.item.assigned', brandId],
      ]);
      expect(received.filter((c) => c.itemId === itemId)[1].item).toMatchObject({ id: itemId, status: 'ASSIGNED', assigneeId: agent.id });
    }
  });
});
