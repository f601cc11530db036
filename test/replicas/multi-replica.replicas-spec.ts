import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { redisAvailability, TEST_REDIS_URL, uniqueRedisPrefix } from '../support/redis';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { freePort, graphql, Replica, until } from './replica-process';
import { createOrganization, inboxKey, ok, PASSWORD, pool, Q, queueKey, Receiver, ReplicaSubscribers, subscribeLive, WAIT_MS } from './world';

// Issue 16, item 5 (docs/guide/scale-out.md): 3 API processes (role all: the jobs run in each, so a
// kill hits them mid-flight) and 1 worker, built as production runs them, on one fresh database
// and Redis. Bursts of mutations and scheduled posts go round-robin; one replica is killed with
// SIGKILL mid-burst (bursts 2 and 3), and restarted after. Every client retries a request its
// replica did not answer on the next replica, with the same Idempotency-Key.

const BURSTS = Number(process.env.PARASOL_REPLICAS_BURSTS ?? 3);
const POSTS = Number(process.env.PARASOL_REPLICAS_POSTS ?? 24);
const ITEMS = Number(process.env.PARASOL_REPLICAS_ITEMS ?? 16);
const TEST_JWT_SECRET = 'parasol-replicas-secret-that-is-long-enough-0123456789';

const redis = redisAvailability();
const serverUrl = process.env.DATABASE_URL;
if (!serverUrl && process.env.CI) throw new Error('The multi-replica test needs DATABASE_URL (a PostgreSQL server)');
const describeReplicas = redis.available && serverUrl ? describe : describe.skip;

describeReplicas('3 API replicas and a worker on one database and Redis', () => {
  let database: TestDatabase;
  let sql: Client;
  const ledger = join(tmpdir(), `parasol-sandbox-ledger-${process.pid}-${randomUUID().slice(0, 8)}.jsonl`);
  const receiver = new Receiver();
  const replicas: Replica[] = [];
  const subscribers = new Map<Replica, ReplicaSubscribers>();
  let organizationId: string;
  let tokens: { admin: string; author: string; approver: string };
  let brandId: string;
  let profileIds: string[];
  let agentId: string;
  let endpointId: string;
  const posts: string[] = [];
  let turn = 0;

  const apis = () => replicas.filter((r) => r.role === 'all' && r.alive);
  /**
   * A mutation on the next live API replica. One that does not answer (killed) is sent again to
   * the next with the same Idempotency-Key, as a client would; "still running" is waited out (a
   * key whose request died is held for IDEMPOTENCY_LEASE_SECONDS: docs/guide/idempotency.md). Ingest is sent
   * without a key: its items are idempotent by profile and network id (a repeat answers
   * DUPLICATE with the item), as integrators use it. Says which replica answered.
   */
  const send = async (query: string, variables: Record<string, unknown>, token: string): Promise<{ data: any; by: Replica; retried: boolean }> => {
    const key = query === Q.ingest ? undefined : randomUUID();
    const deadline = Date.now() + 6 * 60_000;
    let unanswered = false;
    while (Date.now() < deadline) {
      const live = apis();
      const replica = live[turn++ % live.length];
      try {
        const body = await graphql(replica.url, query, variables, token, key);
        if (body.errors?.some((error) => (error.extensions as { reason?: string } | undefined)?.reason === 'IDEMPOTENCY_KEY_IN_USE')) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          continue;
        }
        // A publishPost whose first attempt died after its send was committed: the retry finds the
        // post published (by that attempt, or by the reconciling scheduler): the outcome wanted.
        if (unanswered && query === Q.publish && body.errors?.every((error) => /Cannot publish a PUBLISHED post/.test(error.message))) return { data: null, by: replica, retried: true };
        if (body.errors?.length) throw new Error(`GraphQL errors from ${replica.name}: ${JSON.stringify(body.errors)}`);
        return { data: body.data, by: replica, retried: unanswered };
      } catch (error) {
        if (/GraphQL errors/.test((error as Error).message)) throw error;
        unanswered = true;
      }
    }
    throw new Error(`no replica answered ${query.slice(0, 40)} within 6 minutes`);
  };
  const mutate = async (query: string, variables: Record<string, unknown>, token: string) => (await send(query, variables, token)).data;
  const probe = async () => {
    const postId = (await mutate(Q.createPost, { input: { brandId, profileIds: [profileIds[0]], body: `Probe ${randomUUID()}`, format: 'TEXT' } }, tokens.author)).createPost.id;
    const queue = (await mutate(Q.submit, { id: postId }, tokens.author)).submitPost.post.approvalRequest.id;
    const input = [{ profileId: profileIds[0], networkId: `probe_${randomUUID()}`, kind: 'COMMENT', body: 'Probe', author: { handle: 'prober' }, receivedAt: new Date().toISOString() }];
    const inbox = (await mutate(Q.ingest, { input }, tokens.admin)).ingestInboxItems.results[0].item.id;
    return { queue, inbox };
  };
  const start = async (replica: Replica) => {
    replica.start();
    await replica.ready(WAIT_MS);
  };

  beforeAll(async () => {
    database = await createTestDatabase(serverUrl);
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    await receiver.start();
    const env = {
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: uniqueRedisPrefix('replicas'),
      PARASOL_SANDBOX_LEDGER: ledger,
      PARASOL_DEMO: 'false',
      PARASOL_MIGRATE: 'false',
      PARASOL_SCHEDULER_INTERVAL_MS: '250',
      WEBHOOK_WORKER_INTERVAL_MS: '250',
      WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOKS_ALLOW_HTTP: 'true',
      DATABASE_POOL_SIZE: '5',
      DATABASE_POOL_WAIT_MS: '120000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
      LOG_LEVEL: 'warn',
      // A killed replica's Idempotency-Keys and post claims pass to the survivors after 30 s rather
      // than 5 and 2 minutes: the run waits out fewer dead leases. Still far above any request here.
      IDEMPOTENCY_LEASE_SECONDS: '30',
      SEND_LEASE_SECONDS: '30',
      NODE_ENV: process.env.PARASOL_TEST_NODE_ENV ?? 'production',
    };
    const { adminEmail } = await createOrganization(env);
    for (const [name, role] of [['api-1', 'all'], ['api-2', 'all'], ['api-3', 'all'], ['worker', 'worker']] as const) replicas.push(new Replica(name, role, await freePort(), env));
    // One after the other: two processes hashing passwords and compiling the schema at once double every boot on 2 cores.
    for (const replica of replicas) await start(replica);

    const url = replicas[0].url;
    const admin = (await ok(url, Q.login, { email: adminEmail, password: PASSWORD })).login.accessToken;
    organizationId = (await sql.query(`SELECT organization_id FROM users WHERE email = $1`, [adminEmail])).rows[0].organization_id;
    brandId = (await ok(url, Q.brand, { input: { name: 'Replicas' } }, admin)).createBrand.id;
    profileIds = [];
    for (const network of ['X', 'FACEBOOK']) {
      const id = (await ok(url, Q.profile, { input: { brandId, network, handle: `replicas_${randomUUID().slice(0, 6)}`, displayName: network } }, admin)).createSocialProfile.id;
      await ok(url, Q.launch, { id }, admin);
      profileIds.push(id);
    }
    const workflowId = (await ok(url, Q.workflow, { input: { name: 'Review', stages: [{ name: 'Review', approverRoles: ['APPROVER'], quorum: 1 }] } }, admin)).createApprovalWorkflow.id;
    await ok(url, Q.policy, { input: { brandId, type: 'APPROVAL_REQUIRED', config: { approvalRequired: { workflowId, always: true } } } }, admin);
    const user = async (name: string, roleKey: string) => {
      const email = `${name}-${randomUUID().slice(0, 8)}@replicas.example`;
      const { id } = (await ok(url, Q.user, { input: { email, displayName: name, password: PASSWORD, roles: [{ roleKey, brandId }] } }, admin)).createUser;
      return { id, token: (await ok(url, Q.login, { email, password: PASSWORD })).login.accessToken as string };
    };
    const [author, approver, agent] = [await user('author', 'CONTENT_CREATOR'), await user('approver', 'APPROVER'), await user('agent', 'ZOOM_AGENT')];
    tokens = { admin, author: author.token, approver: approver.token };
    agentId = agent.id;
    endpointId = (await ok(url, Q.endpoint, { input: { url: `http://127.0.0.1:${receiver.port}/hook`, eventTypes: ['*'] } }, admin)).createWebhookEndpoint.endpoint.id;
    for (const replica of replicas) subscribers.set(replica, await subscribeLive(replica, tokens, brandId, probe));
  }, 900_000);

  afterAll(async () => {
    await Promise.all([...subscribers.values()].flatMap((s) => [s.queue.close(), s.inbox.close()]));
    // SIGTERM: each closes its pool and both Redis connections; one that hangs fails here.
    const stopped = await Promise.allSettled(replicas.map((replica) => replica.stop(WAIT_MS)));
    await receiver.close();
    await sql?.end();
    await database?.drop();
    rmSync(ledger, { force: true });
    for (const result of stopped) if (result.status === 'rejected') throw result.reason;
  }, 900_000);

  it('delivers every event to every replica, loses no outbox event, keeps the audit chain and sends each post once', async () => {
    const figures: Record<string, unknown>[] = [];
    for (let burst = 1; burst <= BURSTS; burst++) {
      const victim = burst === 1 ? null : replicas[(burst - 1) % 3];
      const burstPosts: string[] = [];
      // Each subscriber's events of this burst: from where its lists stand now (a restarted replica's start later).
      const from = new Map([...subscribers.values()].map((s) => [s, { queue: s.queue.received.length, inbox: s.inbox.received.length }]));
      // The events every live subscriber must hear, each with the replica whose answer vouches for
      // it. Live subscriptions are at most once (docs/guide/scale-out.md): an event is published
      // just after its commit, so a mutation whose first attempt went unanswered may have committed
      // on the victim, which died before publishing; its retry replays the answer (or finds the
      // item a duplicate) and publishes nothing. Such events count in the union only.
      const answeredBy = new Map<string, string>();
      let vouchedByRetryOnly = 0;
      const expectEvent = (key: string, answer: { by: Replica; retried: boolean }) => {
        if (answer.retried) vouchedByRetryOnly += 1;
        else answeredBy.set(key, answer.by.name);
      };
      let done = 0;
      let killed = false;
      const killMidway = async () => {
        done += 1;
        if (!victim || killed || done < (POSTS + ITEMS) / 2) return;
        killed = true;
        // Mid-burst, with the schedulers of every process publishing due posts.
        await victim.kill();
        await subscribers.get(victim)!.queue.close();
        await subscribers.get(victim)!.inbox.close();
        subscribers.delete(victim);
      };

      const postWork = pool(Array.from({ length: POSTS }, (_, i) => i), 4, async (i) => {
        const postId = (await mutate(Q.createPost, { input: { brandId, profileIds, body: `Burst ${burst} post ${i}`, format: 'TEXT' } }, tokens.author)).createPost.id;
        burstPosts.push(postId);
        const submitted = await send(Q.submit, { id: postId }, tokens.author);
        const requestId = submitted.data.submitPost.post.approvalRequest.id;
        const decided = await send(Q.decide, { input: { requestId, decision: 'APPROVE' } }, tokens.approver);
        expectEvent(`${requestId}:in`, submitted);
        expectEvent(`${requestId}:out`, decided);
        if (i % 2 === 0) {
          await mutate(Q.schedule, { id: postId, at: new Date(Date.now() + 120_000).toISOString() }, tokens.admin);
          // The test's clock: due now rather than in two minutes, so every process's scheduler claims it during the burst.
          await sql.query(`UPDATE posts SET scheduled_at = now() WHERE id = $1 AND status = 'SCHEDULED'`, [postId]);
        } else {
          await mutate(Q.publish, { id: postId }, tokens.admin);
        }
        await killMidway();
      });
      const itemWork = pool(Array.from({ length: ITEMS }, (_, i) => i), 2, async (i) => {
        const input = [{ profileId: profileIds[i % 2], networkId: `burst${burst}_${i}_${randomUUID()}`, kind: 'COMMENT', body: `Question ${i} of burst ${burst}?`, author: { handle: `fan_${i}` }, receivedAt: new Date().toISOString() }];
        const ingested = await send(Q.ingest, { input }, tokens.admin);
        const itemId = ingested.data.ingestInboxItems.results[0].item.id;
        const assigned = await send(Q.assign, { id: itemId, assigneeId: agentId }, tokens.admin);
        // inboxChanged publishes just after the answer (one brand look-up per batch): a replica
        // killed right then may take the event with it. Its events count in the union only.
        if (ingested.by !== victim) expectEvent(`inbox.item.received:${itemId}`, ingested);
        if (assigned.by !== victim) expectEvent(`inbox.item.assigned:${itemId}`, assigned);
        await killMidway();
      });
      await Promise.all([postWork, itemWork]);
      posts.push(...burstPosts);

      // Every post of the burst published (a post a killed replica held is claimed again by another).
      await until(async () => (await sql.query(`SELECT count(*)::int AS n FROM posts WHERE id = ANY($1) AND status = 'PUBLISHED'`, [burstPosts])).rows[0].n === burstPosts.length, `burst ${burst}: every post published`, WAIT_MS);

      // Every answered mutation's event on every live replica's subscribers, then the same set everywhere.
      const live = [...subscribers.values()];
      const keys = (s: ReplicaSubscribers) => new Set([...s.queue.received.slice(from.get(s)!.queue).map(queueKey), ...s.inbox.received.slice(from.get(s)!.inbox).map(inboxKey)]);
      const missing = () => live.flatMap((s) => [...answeredBy].filter(([key]) => !keys(s).has(key)).map(([key, by]) => `${s.replica.name} lacks ${key} (answered by ${by})`));
      await until(() => missing().length === 0, `burst ${burst}: the answered mutations' events on every replica`, WAIT_MS).catch((error: Error) => {
        throw new Error(`${error.message}:\n${missing().join('\n')}`);
      });
      const union = () => new Set(live.flatMap((s) => [...keys(s)]));
      await until(() => live.every((s) => keys(s).size === union().size), `burst ${burst}: the same events on every replica`, WAIT_MS);

      // Outbox: every event dispatched, fanned out once to the endpoint, delivered, received.
      await until(async () => {
        const { rows } = await sql.query(
          `SELECT count(*)::int AS events, count(*) FILTER (WHERE o.dispatched_at IS NULL)::int AS pending,
                  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.organization_id = $1 AND d.redelivery_of_id IS NULL AND d.status <> 'SUCCEEDED') AS undelivered
             FROM outbox_events o WHERE o.organization_id = $1`,
          [organizationId],
        );
        return rows[0].pending === 0 && rows[0].undelivered === 0;
      }, `burst ${burst}: the outbox dispatched and delivered`, WAIT_MS);
      // The events since the endpoint exists (those before it had no endpoint to go to).
      const outbox = (
        await sql.query(
          `SELECT o.id, count(d.id)::int AS deliveries FROM outbox_events o
             LEFT JOIN webhook_deliveries d ON d.outbox_event_id = o.id AND d.endpoint_id = $2 AND d.redelivery_of_id IS NULL
            WHERE o.organization_id = $1 AND o.created_at > (SELECT created_at FROM webhook_endpoints WHERE id = $2) GROUP BY o.id`,
          [organizationId, endpointId],
        )
      ).rows as { id: string; deliveries: number }[];
      await until(() => outbox.every((row) => receiver.seen.has(row.id)), `burst ${burst}: every outbox event at the receiver`, WAIT_MS);
      const lostOutbox = outbox.filter((row) => row.deliveries === 0).length;
      const fannedTwice = outbox.filter((row) => row.deliveries > 1).length;
      const sends = readLedger(ledger).filter((line) => line.kind === 'publish' && burstPosts.includes(line.postId));
      const pairs = burstPosts.length * profileIds.length;
      const distinct = new Set(sends.map((line) => `${line.postId}:${line.profileId}:${line.revision}`)).size;
      const row = {
        burst,
        killed: victim?.name ?? '-',
        eventsPublished: union().size,
        eventsOfRetriedMutations: vouchedByRetryOnly,
        receivedPerReplica: Object.fromEntries(live.map((s) => [s.replica.name, keys(s).size])),
        networkSends: sends.length,
        pairs,
        duplicateSends: sends.length - distinct,
        outboxEvents: outbox.length,
        lostOutbox,
        fannedOutTwice: fannedTwice,
        webhooksReceivedTwice: outbox.filter((row) => (receiver.seen.get(row.id) ?? 0) > 1).length,
      };
      figures.push(row);
      console.log(`multi-replica burst ${JSON.stringify(row)}`);
      expect({ lostOutbox, fannedTwice }).toEqual({ lostOutbox: 0, fannedTwice: 0 });
      expect({ sends: sends.length, distinct }).toEqual({ sends: pairs, distinct: pairs });

      if (victim) {
        // A restart, as a process manager would: it subscribes again and takes its share of the next burst.
        await start(victim);
        subscribers.set(victim, await subscribeLive(victim, tokens, brandId, probe));
      }
    }

    // The change feed from the start: every audit event once, in seq order, without a gap.
    const seqs: number[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { cursor: string; hasMore: boolean; events: { seq: number }[] } = (await ok(apis()[0].url, Q.changes, { after }, tokens.admin)).changes;
      seqs.push(...page.events.map((event) => Number(event.seq)));
      after = page.cursor;
      if (!page.hasMore) break;
    }
    const audited = (await sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE organization_id = $1`, [organizationId])).rows[0].n;
    expect(seqs).toEqual(Array.from({ length: audited }, (_, i) => i + 1));
    const chain = (await ok(apis()[0].url, Q.verify, {}, tokens.admin)).verifyAuditChain;
    expect(chain).toMatchObject({ ok: true, checked: audited, firstBreak: null });
    console.log(`multi-replica totals ${JSON.stringify({ bursts: BURSTS, posts: posts.length, auditEvents: audited, feed: `1..${seqs.length}`, chain: chain.ok ? 'verified' : 'BROKEN' })}`);
  }, 3_600_000);
});

/** The sandbox connector's own record of network calls (PARASOL_SANDBOX_LEDGER, one JSON line per call it accepted). */
function readLedger(path: string): { kind: string; postId: string; profileId: string; revision: number }[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}
