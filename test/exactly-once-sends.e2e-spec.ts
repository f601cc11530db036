import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ReplySendReconciler } from '../src/inbox';
import { PostScheduler } from '../src/posts/post-scheduler';
import { ConnectorRegistry, LedgerEntry, NetworkConnector, publicationKey, SandboxConnector, SandboxLedger } from '../src/publishing';
import { SocialNetwork } from '../libs/core';
import { BOOT_TIMEOUT_MS, builders, Builders, onPostgresServer, TestApp, TestOrganization } from './support';

// Exactly-once sends (docs/guide/posts-and-approvals.md, "Publishing"; docs/guide/inbox.md,
// "Replying"): two app instances on one database share the sandbox's ledger file, the
// network's own record of every call it accepted, and nothing in it may appear twice; a send a
// "crashed" claimant left behind (its row committed, its lease lapsed) is reconciled through
// lookup, not blindly repeated. Concurrency needs a server: the embedded database runs one
// transaction at a time.

const REPLY = `mutation ($input: ReplyToInboxItemInput!) { replyToInboxItem(input: $input) { reply { id status networkId error } } }`;
const RETRY = `mutation ($id: ID!) { retryInboxReply(id: $id) { reply { id status networkId error } item { status firstResponseAt } } }`;
const PUBLISH = `mutation ($id: ID!) { publishPost(id: $id) { post { status publishAttempts publishError publications { profileId externalId } } } }`;

(onPostgresServer() ? describe : describe.skip)('exactly-once sends', () => {
  let dir: string;
  let ledger: SandboxLedger;
  let a: TestApp;
  let b: TestApp;
  let db: DataSource;
  let org: TestOrganization;
  let build: Builders;
  let brandId: string;
  let facebook: string;
  let x: string;
  /** A profile on a network whose connector cannot look sends up. */
  let linkedin: string;
  /** Seconds the claimant's lease had left as that connector was called (renewed just before). */
  const leaseLeftAtSend: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parasol-sends-'));
    // A send lease other than the default 2 minutes: the claims below must carry it.
    const env = { PARASOL_SANDBOX_LEDGER: join(dir, 'ledger.jsonl'), SEND_LEASE_SECONDS: '90' };
    ledger = new SandboxLedger(env.PARASOL_SANDBOX_LEDGER);
    a = await TestApp.start(env);
    b = await TestApp.start(env);
    db = a.app.get(DataSource);
    for (const app of [a, b]) {
      const sandbox = app.app.get(SandboxConnector);
      const noLookup: NetworkConnector = {
        name: 'sandbox-no-lookup',
        publish: async (request) => {
          const [{ left }] = await db.query(`SELECT extract(epoch FROM publish_lease_until - now())::float AS left FROM posts WHERE id = $1`, [request.postId]);
          leaseLeftAtSend.push(left);
          return sandbox.publish(request);
        },
        reply: (request) => sandbox.reply(request),
        moderate: (request) => sandbox.moderate(request),
      };
      app.app.get(ConnectorRegistry).register(SocialNetwork.LINKEDIN, noLookup);
    }
    org = await a.createOrganization('Exactly once');
    build = builders(a, org.adminToken);
    brandId = await build.brand('Sends');
    facebook = await build.profile(brandId, { network: 'FACEBOOK', live: true });
    x = await build.profile(brandId, { network: 'X', live: true });
    linkedin = await build.profile(brandId, { network: 'LINKEDIN', live: true });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    rmSync(dir, { recursive: true, force: true });
  }, BOOT_TIMEOUT_MS);

  const approvedPost = async (profileIds = [facebook, x]) => {
    const id = await build.post({ brandId, profileIds, body: `A post for every profile, once (${Math.random()}).` });
    expect((await build.submit(id)).status).toBe('APPROVED');
    return id;
  };
  const makeDue = (ids: string[]) => db.query(`UPDATE posts SET status = 'SCHEDULED', scheduled_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`, [ids]);
  const published = (postId: string, profileId?: string) =>
    ledger.entries().filter((e) => e.kind === 'publish' && e.postId === postId && (!profileId || e.profileId === profileId));
  const repliesSent = (replyId: string) => ledger.entries().filter((e) => e.kind === 'reply' && e.replyId === replyId);
  const publication = async (postId: string, profileId: string) =>
    (await db.query(`SELECT status, external_id, attempts, reconciled FROM post_publications WHERE post_id = $1 AND profile_id = $2`, [postId, profileId]))[0];
  const postStatus = async (id: string) => (await db.query(`SELECT status, publish_claim, publish_lease_until FROM posts WHERE id = $1`, [id]))[0];
  const tick = (app = a) => app.app.get(PostScheduler).tick();
  const reconcile = (app = a) => app.app.get(ReplySendReconciler).tick();
  /** What the network "accepted" before the crash: a ledger line written by another (dead) process. */
  const acceptedBeforeCrash = (entry: Omit<LedgerEntry, 'pid'>) => ledger.append({ ...entry, pid: 0 });

  /**
   * The state a claimant leaves when it dies between committing a send and recording the answer:
   * the post claimed (its lease lapsed, or still running with `live`), one profile's row SENDING.
   */
  const crashedPublishing = async (postId: string, profileId: string, live = false) => {
    await db.query(
      `UPDATE posts SET status = 'SCHEDULED', scheduled_at = now() - interval '1 minute', publish_attempts = 1, publish_claim = gen_random_uuid(),
              publish_lease_until = now() + $2::interval WHERE id = $1`,
      [postId, live ? '10 minutes' : '-1 second'],
    );
    const key = publicationKey(org.id, postId, profileId, 1);
    await db.query(
      `INSERT INTO post_publications (organization_id, post_id, profile_id, revision, status, idempotency_key, attempts, connector, payload)
       VALUES ($1, $2, $3, 1, 'SENDING', $4, 1, 'sandbox', '{}')`,
      [org.id, postId, profileId, key],
    );
    return key;
  };

  describe('posts', () => {
    it('two schedulers ticking side by side on one database send each post to each profile once (0 duplicate ledger lines)', async () => {
      const posts: string[] = [];
      for (let i = 0; i < 12; i += 1) posts.push(await approvedPost());
      await makeDue(posts);
      await Promise.all([tick(a), tick(b), tick(a), tick(b)]);
      const lines = ledger.entries().filter((e) => e.kind === 'publish' && posts.includes(e.postId!));
      const pairs = new Set(lines.map((e) => `${e.postId}:${e.profileId}:${e.revision}`));
      expect({ lines: lines.length, pairs: pairs.size }).toEqual({ lines: 24, pairs: 24 });
      const rows = await db.query(`SELECT status, count(*)::int AS n FROM post_publications WHERE post_id = ANY($1::uuid[]) GROUP BY status`, [posts]);
      expect(rows).toEqual([{ status: 'SENT', n: 24 }]);
      const states = await db.query(`SELECT DISTINCT status, publish_attempts, publish_claim FROM posts WHERE id = ANY($1::uuid[])`, [posts]);
      expect(states).toEqual([{ status: 'PUBLISHED', publish_attempts: 1, publish_claim: null }]);
    });

    it('the database refuses a second row for one post, profile and revision', async () => {
      const postId = await approvedPost([facebook]);
      const insert = () =>
        db.query(
          `INSERT INTO post_publications (organization_id, post_id, profile_id, revision, idempotency_key, connector, payload) VALUES ($1, $2, $3, 1, 'k', 'sandbox', '{}')`,
          [org.id, postId, facebook],
        );
      await insert();
      await expect(insert()).rejects.toThrow(/UQ_post_publications_send/);
    });

    it('a send the network took before the crash is found by lookup and NOT sent again; the other profile is sent once', async () => {
      const postId = await approvedPost();
      const key = await crashedPublishing(postId, facebook);
      acceptedBeforeCrash({ kind: 'publish', key, postId, profileId: facebook, revision: 1, replyId: null, externalId: 'sandbox-before-the-crash' });
      await tick(b);
      expect(published(postId, facebook)).toHaveLength(1);
      expect(published(postId, x)).toEqual([expect.objectContaining({ pid: process.pid, key: publicationKey(org.id, postId, x, 1) })]);
      expect(b.app.get(SandboxConnector).lookups.map((l) => l.idempotencyKey)).toContain(key);
      expect(await publication(postId, facebook)).toEqual({ status: 'SENT', external_id: 'sandbox-before-the-crash', attempts: 1, reconciled: 'FOUND' });
      expect(await publication(postId, x)).toMatchObject({ status: 'SENT', attempts: 1, reconciled: null });
      expect(await postStatus(postId)).toEqual({ status: 'PUBLISHED', publish_claim: null, publish_lease_until: null });
    });

    it('a send the network never got is left alone while its lease runs, then sent once with the same key', async () => {
      const postId = await approvedPost([facebook]);
      const key = await crashedPublishing(postId, facebook, true);
      await tick(a);
      expect(published(postId)).toEqual([]);
      expect((await postStatus(postId)).status).toBe('SCHEDULED');

      await db.query(`UPDATE posts SET publish_lease_until = now() - interval '1 second' WHERE id = $1`, [postId]);
      await tick(a);
      expect(published(postId)).toEqual([expect.objectContaining({ key, pid: process.pid })]);
      expect(await publication(postId, facebook)).toMatchObject({ status: 'SENT', attempts: 2, reconciled: 'SENT_AGAIN', external_id: published(postId)[0].externalId });
      expect((await postStatus(postId)).status).toBe('PUBLISHED');
    });

    it('publishPost on a post another claimant is publishing right now is CONFLICT, and sends nothing', async () => {
      const postId = await approvedPost([facebook]);
      await crashedPublishing(postId, facebook, true);
      const refused = await b.gql(PUBLISH, { id: postId }, org.adminToken);
      expect(refused.errors?.map((e) => e.extensions.code)).toEqual(['CONFLICT']);
      expect(published(postId)).toEqual([]);
      expect(await publication(postId, facebook)).toMatchObject({ status: 'SENDING', attempts: 1 });
      // Not left for a later suite's scheduler once the lease lapses.
      await db.query(`UPDATE posts SET status = 'ARCHIVED', publish_claim = NULL, publish_lease_until = NULL WHERE id = $1`, [postId]);
    });

    it('a connector that cannot look up sends again with the same key (the network deduplicates) and the row says so', async () => {
      const postId = await approvedPost([linkedin]);
      const key = await crashedPublishing(postId, linkedin);
      acceptedBeforeCrash({ kind: 'publish', key, postId, profileId: linkedin, revision: 1, replyId: null, externalId: 'sandbox-before-the-crash' });
      await tick(a);
      expect(published(postId).map((e) => e.key)).toEqual([key, key]);
      expect(await publication(postId, linkedin)).toMatchObject({ status: 'SENT', attempts: 2, reconciled: 'RESENT_UNCHECKED' });
      // The lease renewed before the send is SEND_LEASE_SECONDS (90 here, 120 by default).
      expect(leaseLeftAtSend.at(-1)).toBeGreaterThan(60);
      expect(leaseLeftAtSend.at(-1)).toBeLessThanOrEqual(90);
    });

    it('a publish whose answer was lost is retried through lookup: published, sent once', async () => {
      const postId = await approvedPost([facebook]);
      a.app.get(SandboxConnector).failNext(1, { kind: 'publish', afterSending: true });
      const failed = (await a.ok(PUBLISH, { id: postId }, org.adminToken)).publishPost.post;
      expect(failed).toMatchObject({ status: 'SCHEDULED', publishAttempts: 1, publishError: expect.stringContaining('answer was lost'), publications: [] });
      expect(published(postId)).toHaveLength(1);
      await db.query(`UPDATE posts SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [postId]);
      await tick(b);
      expect(published(postId)).toHaveLength(1);
      const { post } = (await a.ok(`query ($id: ID!) { post(id: $id) { status publishAttempts publications { profileId externalId } } }`, { id: postId }, org.adminToken));
      expect(post).toEqual({ status: 'PUBLISHED', publishAttempts: 2, publications: [{ profileId: facebook, externalId: published(postId)[0].externalId }] });
      expect(await publication(postId, facebook)).toMatchObject({ attempts: 1, reconciled: 'FOUND' });
    });
  });

  describe('replies', () => {
    const newItem = async () => (await build.ingest([{ profileId: x, about: 'QUESTION', body: `Is it in stores yet? (${Math.random()})` }])).results[0].item!.id;
    /** A reply whose sender "crashed" after committing it SENDING (lease lapsed, or still running with `live`). */
    const crashedReply = async (live = false) => {
      const itemId = await newItem();
      a.app.get(SandboxConnector).failNext(1, { kind: 'reply' });
      const { reply } = (await a.ok(REPLY, { input: { itemId, body: 'Next week, everywhere.' } }, org.adminToken)).replyToInboxItem;
      expect(reply.status).toBe('FAILED');
      await db.query(
        `UPDATE inbox_replies SET status = 'SENDING', error = NULL, send_claim = gen_random_uuid(), send_lease_until = now() + $2::interval WHERE id = $1`,
        [reply.id, live ? '10 minutes' : '-1 second'],
      );
      return { itemId, replyId: reply.id as string };
    };
    const replyRow = async (id: string) => (await db.query(`SELECT status, network_id, attempts, reconciled, send_claim FROM inbox_replies WHERE id = $1`, [id]))[0];
    const itemRow = async (id: string) => (await db.query(`SELECT status, first_response_at IS NOT NULL AS answered FROM inbox_items WHERE id = $1`, [id]))[0];

    it('a reply the network took before the crash is found by lookup: SENT with its id, the item answered, nothing sent again', async () => {
      const { itemId, replyId } = await crashedReply();
      acceptedBeforeCrash({ kind: 'reply', key: replyId, postId: null, profileId: x, revision: null, replyId, externalId: 'sandbox-reply-before-the-crash' });
      expect(await reconcile(b)).toBeGreaterThanOrEqual(1);
      expect(repliesSent(replyId)).toHaveLength(1);
      expect(await replyRow(replyId)).toEqual({ status: 'SENT', network_id: 'sandbox-reply-before-the-crash', attempts: 2, reconciled: 'FOUND', send_claim: null });
      expect(await itemRow(itemId)).toEqual({ status: 'WAITING', answered: true });
    });

    it('a reply the network never got waits for its lease, then is sent once with its id as key', async () => {
      const { itemId, replyId } = await crashedReply(true);
      await reconcile(a);
      expect(repliesSent(replyId)).toEqual([]);
      expect((await replyRow(replyId)).status).toBe('SENDING');
      await db.query(`UPDATE inbox_replies SET send_lease_until = now() - interval '1 second' WHERE id = $1`, [replyId]);
      await reconcile(a);
      expect(repliesSent(replyId)).toEqual([expect.objectContaining({ key: replyId, pid: process.pid })]);
      expect(await replyRow(replyId)).toMatchObject({ status: 'SENT', network_id: repliesSent(replyId)[0].externalId, reconciled: 'SENT_AGAIN' });
      expect(await itemRow(itemId)).toEqual({ status: 'WAITING', answered: true });
    });

    it('two reconcilers side by side send each lapsed reply once', async () => {
      const crashed = [await crashedReply(), await crashedReply(), await crashedReply(), await crashedReply()];
      await Promise.all([reconcile(a), reconcile(b), reconcile(a)]);
      for (const { replyId } of crashed) {
        expect(repliesSent(replyId)).toHaveLength(1);
        expect((await replyRow(replyId)).status).toBe('SENT');
      }
    });

    it('retryInboxReply after a lost answer asks the network first: SENT with the first send\'s id, sent once', async () => {
      const itemId = await newItem();
      a.app.get(SandboxConnector).failNext(1, { kind: 'reply', afterSending: true });
      const { reply } = (await a.ok(REPLY, { input: { itemId, body: 'Yes, since Monday.' } }, org.adminToken)).replyToInboxItem;
      expect(reply).toMatchObject({ status: 'FAILED', networkId: null, error: expect.stringContaining('answer was lost') });
      expect(repliesSent(reply.id)).toHaveLength(1);
      const retried = (await b.ok(RETRY, { id: reply.id }, org.adminToken)).retryInboxReply;
      expect(retried).toMatchObject({ reply: { id: reply.id, status: 'SENT', networkId: repliesSent(reply.id)[0].externalId, error: null }, item: { status: 'WAITING' } });
      expect(repliesSent(reply.id)).toHaveLength(1);
    });
  });
});
