import { AddressInfo } from 'node:net';
import { createClient, Client } from 'graphql-ws';
import { DataSource } from 'typeorm';
import WebSocket from 'ws';
import { errorCodes, TestApp, until } from './support';
import { APPROVAL_QUEUE_TOPIC, ApprovalEvents, ApprovalQueueEvent } from '../src/approvals/approval-events';
import { PostScheduler } from '../src/posts/post-scheduler';
import { SandboxConnector } from '../src/publishing';
import { MarsWorld, namedFields, nodes, violationsOf } from './governance-world';

// A post's way from review to publication: approval rules, the queue and its SLA, scheduling,
// the scheduler and the sandbox connector, launch readiness, post listings, the live queue.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inFuture = (ms: number) => new Date(Date.now() + ms);

const CALENDAR = `query ($brandId: ID!, $from: DateTime!, $to: DateTime!) {
  contentCalendar(brandId: $brandId, from: $from, to: $to) { profileId profile { id } posts { id status scheduledAt } } }`;
const POSTS = `query ($filter: PostFilter, $first: Int, $after: String) {
  posts(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`;
const PUBLICATIONS = `query ($id: ID!) { post(id: $id) { status publishedAt publishAttempts publishError nextAttemptAt publications { profileId connector externalId } } }`;

// Each story makes dozens of requests (and argon2 logins): the default 5 s is too tight on a busy machine.
jest.setTimeout(180_000);

describe('posts lifecycle', () => {
  let t: TestApp;
  let w: MarsWorld;
  let sql: DataSource;
  /** One stage: an APPROVER on the post's brand or above, within 4 hours. */
  let reviewId: string;
  beforeAll(async () => {
    t = await TestApp.start();
    sql = t.app.get(DataSource);
    w = await MarsWorld.build(t, 'Mars Lifecycle');
    reviewId = await w.workflow('Review', [{ name: 'Approver review', approverRoles: ['APPROVER'], quorum: 1, slaHours: 4 }]);
    await w.policy(w.marsId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: reviewId, tags: ['HUMOR', 'PROMOTION'] } });
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const tick = () => t.app.get(PostScheduler).tick();
  /** A Snickers joke by the agent, submitted: IN_REVIEW; returns the post and its request id. */
  const joke = async (body = 'Why did the peanut join the gym? To get a little nuttier.') => {
    const { post } = await w.submitted((await w.snickersPost(body, ['HUMOR'])).id, w.agent.token);
    expect(post).toMatchObject({ status: 'IN_REVIEW', approvalRequest: { status: 'OPEN' } });
    return { postId: post.id as string, requestId: post.approvalRequest.id as string };
  };
  /** A Snickers post by the agent that needs no approval, submitted: APPROVED. */
  const approvedPost = async (profileIds = w.snickersProfiles, brandId = w.snickersId, token = w.agent.token) => {
    const draft = await w.createPost({ brandId, profileIds, body: 'Three ways to keep your energy up on a hike.', tags: ['ORIGINAL'] }, token);
    const { post } = await w.submitted(draft.id, token);
    expect(post.status).toBe('APPROVED');
    return post.id as string;
  };

  describe('approval rules', () => {
    it('REQUEST_CHANGES sends the post back to its author, who edits and resubmits it', async () => {
      const { postId, requestId } = await joke();
      const asked = await w.decide(requestId, 'REQUEST_CHANGES', w.approver.token, 'Funnier, please.');
      expect(asked.data!.decideApproval.request).toMatchObject({ status: 'CHANGES_REQUESTED', closedAt: expect.any(String) });
      expect(await w.post(postId)).toMatchObject({ status: 'CHANGES_REQUESTED', approvalRequest: { id: requestId, status: 'CHANGES_REQUESTED' } });
      expect(errorCodes(await w.decide(requestId, 'APPROVE', w.secondApprover.token))).toEqual(['CONFLICT']);

      expect(await w.edit({ id: postId, body: 'Why did the peanut join the band? It had the right crunch.' }, w.agent.token)).toMatchObject({
        status: 'CHANGES_REQUESTED', revision: 2,
      });
      const { post } = await w.submitted(postId, w.agent.token);
      expect(post).toMatchObject({ status: 'IN_REVIEW', revision: 2, approvalRequest: { status: 'OPEN', revision: 2 } });
      expect(post.approvalRequest.id).not.toBe(requestId);
      await w.decide(post.approvalRequest.id, 'APPROVE', w.approver.token);
      expect((await w.post(postId)).status).toBe('APPROVED');
    });

    it('REJECT ends the request and rejects the post; a decision on a closed request is CONFLICT', async () => {
      const { postId, requestId } = await joke();
      expect((await w.decide(requestId, 'REJECT', w.approver.token, 'Not our voice.')).data!.decideApproval.request.status).toBe('REJECTED');
      expect(await w.post(postId)).toMatchObject({ status: 'REJECTED', approvalRequest: { status: 'REJECTED', decisions: [{ deciderId: w.approver.id, decision: 'REJECT' }] } });
      for (const decision of ['APPROVE', 'REJECT', 'REQUEST_CHANGES'] as const) {
        const late = await w.decide(requestId, decision, w.secondApprover.token);
        expect(errorCodes(late)).toEqual(['CONFLICT']);
        expect(late.errors![0].extensions.status).toBe('REJECTED');
      }
    });

    it('two stages: a quorum of 2 different approvers (a person counts once), then the second stage needs its own role', async () => {
      const legal = await w.workflow('Legal', [
        { name: 'Two approvers', approverRoles: ['APPROVER'], quorum: 2 },
        { name: 'Brand sign-off', approverRoles: ['BRAND_MANAGER'], quorum: 1 },
      ]);
      await w.policy(w.doveId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: legal, tags: ['PROMOTION'] } });
      const draft = await w.createPost({ brandId: w.doveId, profileIds: w.doveProfiles, body: 'Silky weekend: two for one. #ad', tags: ['PROMOTION'] });
      const { post } = await w.submitted(draft.id);
      const requestId = post.approvalRequest.id;
      const request = async () => (await w.post(draft.id)).approvalRequest;

      expect((await w.decide(requestId, 'APPROVE', w.approver.token)).data!.decideApproval.request).toMatchObject({ status: 'OPEN', currentStage: 0 });
      const twice = await w.decide(requestId, 'APPROVE', w.approver.token);
      expect(errorCodes(twice)).toEqual(['CONFLICT']);
      expect(await request()).toMatchObject({ status: 'OPEN', currentStage: 0, decisions: [{ deciderId: w.approver.id, stage: 0 }] });
      expect(errorCodes(await w.decide(requestId, 'APPROVE', w.manager.token))).toEqual(['FORBIDDEN']);

      expect((await w.decide(requestId, 'APPROVE', w.secondApprover.token)).data!.decideApproval.request).toMatchObject({ status: 'OPEN', currentStage: 1 });
      expect((await w.post(draft.id)).status).toBe('IN_REVIEW');
      const wrongRole = await w.decide(requestId, 'APPROVE', w.approver.token);
      expect(errorCodes(wrongRole)).toEqual(['FORBIDDEN']);
      expect(wrongRole.errors![0].extensions.approverRoles).toEqual(['BRAND_MANAGER']);

      expect((await w.decide(requestId, 'APPROVE', w.manager.token)).data!.decideApproval.request).toMatchObject({ status: 'APPROVED', currentStage: 1 });
      expect(await w.post(draft.id)).toMatchObject({
        status: 'APPROVED',
        approvalRequest: { decisions: [{ deciderId: w.approver.id, stage: 0 }, { deciderId: w.secondApprover.id, stage: 0 }, { deciderId: w.manager.id, stage: 1 }] },
      });
      expect(errorCodes(await w.decide(requestId, 'APPROVE', w.secondApprover.token))).toEqual(['CONFLICT']);
    });

    it('approvalQueue shows exactly what the viewer can decide: not their own posts, not what they decided, not other brands', async () => {
      const q = await MarsWorld.build(t, 'Queue Org');
      const pair = await q.workflow('Pair review', [{ name: 'Two approvers', approverRoles: ['APPROVER'], quorum: 2 }]);
      await q.policy(q.marsId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: pair, tags: ['HUMOR'] } });
      const author = await t.createMember(q.org, 'approving-author', [{ roleKey: 'APPROVER', brandId: q.marsId }, { roleKey: 'CONTENT_CREATOR', brandId: q.doveId }]);
      const doveApprover = await t.createMember(q.org, 'dove-approver', [{ roleKey: 'APPROVER', brandId: q.doveId }]);

      const snickers = (await q.submitted((await q.snickersPost('A joke from Snickers.', ['HUMOR'])).id, q.agent.token)).post.approvalRequest.id;
      const doveDraft = await q.createPost({ brandId: q.doveId, profileIds: q.doveProfiles, body: 'A joke from Dove.', tags: ['HUMOR'] }, author.token);
      const dove = (await q.submitted(doveDraft.id, author.token)).post.approvalRequest.id;

      expect(await q.queue(q.approver.token)).toEqual([snickers, dove]);
      expect(await q.queue(author.token)).toEqual([snickers]);
      expect(await q.queue(doveApprover.token)).toEqual([dove]);
      expect(await q.queue(q.manager.token)).toEqual([]);
      // The agent approves nowhere: the queue is refused at the door (the guard), not merely empty.
      expect(errorCodes(await t.gql(`{ approvalQueue(first: 1) { totalCount } }`, {}, q.agent.token))).toEqual(['FORBIDDEN']);

      await q.decide(snickers, 'APPROVE', q.approver.token);
      expect(await q.queue(q.approver.token)).toEqual([dove]);
      expect(await q.queue(q.secondApprover.token)).toEqual([snickers, dove]);
      await q.decide(snickers, 'APPROVE', q.secondApprover.token);
      expect(await q.queue(q.secondApprover.token)).toEqual([dove]);
      expect(await q.queue(author.token)).toEqual([]);
    });

    it('a stage past its SLA escalates: a Mars brand manager without the stage\'s role sees it in the queue and may decide', async () => {
      const overdue = await joke('Escalate me: a joke nobody reviewed.');
      const fresh = await joke('A joke submitted just now.');
      expect(await w.queue(w.manager.token)).not.toContain(overdue.requestId);
      expect(errorCodes(await w.decide(overdue.requestId, 'APPROVE', w.manager.token))).toEqual(['FORBIDDEN']);

      await sql.query(`UPDATE approval_requests SET stage_started_at = now() - interval '5 hours' WHERE id = $1`, [overdue.requestId]);
      await tick();
      expect((await w.post(overdue.postId)).approvalRequest).toMatchObject({ status: 'OPEN', escalatedAt: expect.any(String) });
      expect((await w.post(fresh.postId)).approvalRequest.escalatedAt).toBeNull();
      const managerQueue = await w.queue(w.manager.token);
      expect(managerQueue).toContain(overdue.requestId);
      expect(managerQueue).not.toContain(fresh.requestId);
      expect((await w.decide(overdue.requestId, 'APPROVE', w.manager.token)).data!.decideApproval.request.status).toBe('APPROVED');
      expect(await w.queue(w.manager.token)).not.toContain(overdue.requestId);
    });
  });

  describe('scheduling and publishing', () => {
    it('schedules an APPROVED post at least a minute ahead; the calendar lists it; the scheduler publishes it when due', async () => {
      const postId = await approvedPost();
      const tooSoon = await w.schedule(postId, inFuture(30_000), w.agent.token);
      expect(errorCodes(tooSoon)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(tooSoon)).toEqual(['at']);
      const draft = await w.snickersPost('Not submitted yet.');
      expect(namedFields(await w.schedule(draft.id, inFuture(HOUR), w.agent.token))).toEqual(['id']);

      const at = inFuture(2 * HOUR);
      const { data } = await w.schedule(postId, at, w.agent.token);
      expect(data!.schedulePost).toEqual({ post: expect.objectContaining({ status: 'SCHEDULED', scheduledAt: at.toISOString() }), warnings: [] });

      const range = { from: new Date().toISOString(), to: inFuture(DAY).toISOString() };
      const calendar = async (brandId: string) => (await t.ok(CALENDAR, { brandId, ...range }, w.agent.token)).contentCalendar as any[];
      const entries = await calendar(w.snickersId);
      expect(entries.map((e) => e.profileId).sort()).toEqual([...w.snickersProfiles].sort());
      for (const entry of entries) {
        expect(entry.profile.id).toBe(entry.profileId);
        expect(entry.posts).toContainEqual({ id: postId, status: 'SCHEDULED', scheduledAt: at.toISOString() });
      }
      expect((await t.ok(CALENDAR, { brandId: w.marsId, ...range }, w.admin)).contentCalendar.flatMap((e: any) => e.posts.map((p: any) => p.id))).toContain(postId);
      expect(await t.ok(CALENDAR, { brandId: w.doveId, ...range }, w.admin)).toEqual({ contentCalendar: [] });

      // tick() works across every organization of the run: what it did is read off our post.
      const sandbox = t.app.get(SandboxConnector);
      await tick();
      expect((await w.post(postId)).status).toBe('SCHEDULED');
      await sql.query(`UPDATE posts SET scheduled_at = now() - interval '1 minute' WHERE id = $1`, [postId]);
      expect(await tick()).toBeGreaterThanOrEqual(1);
      const { post } = await t.ok(PUBLICATIONS, { id: postId }, w.agent.token);
      expect(post).toMatchObject({ status: 'PUBLISHED', publishedAt: expect.any(String), publishAttempts: 1, publishError: null });
      expect(post.publications.map((p: any) => p.profileId).sort()).toEqual([...w.snickersProfiles].sort());
      const sent = sandbox.sent.filter((s) => s.postId === postId);
      expect(sent.map((s) => s.profile.id).sort()).toEqual([...w.snickersProfiles].sort());
      expect(post.publications.map((p: any) => [p.connector, p.externalId]).sort()).toEqual(sent.map((s) => ['sandbox', s.externalId]).sort());
      await tick();
      expect(sandbox.sent.filter((s) => s.postId === postId)).toHaveLength(sent.length);
    });

    it('a connector failure keeps the post SCHEDULED with the error and a retry; the retry publishes it, sending nothing twice', async () => {
      const postId = await approvedPost();
      expect(errorCodes(await w.publish(postId, w.agent.token))).toEqual(['FORBIDDEN']);
      const sandbox = t.app.get(SandboxConnector);
      sandbox.failNext(1);
      const failed = (await w.publish(postId, w.manager.token)).data!.publishPost.post;
      expect(failed).toMatchObject({ status: 'SCHEDULED', publishAttempts: 1, publishError: expect.stringContaining('simulated outage'), publications: [] });
      expect(new Date(failed.nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
      await tick();
      expect(await w.post(postId)).toMatchObject({ status: 'SCHEDULED', publishAttempts: 1 });

      await sql.query(`UPDATE posts SET next_attempt_at = now() - interval '1 second' WHERE id = $1`, [postId]);
      expect(await tick()).toBeGreaterThanOrEqual(1);
      const { post } = await t.ok(PUBLICATIONS, { id: postId }, w.admin);
      expect(post).toMatchObject({ status: 'PUBLISHED', publishAttempts: 2, publishError: null, nextAttemptAt: null });
      expect(post.publications).toHaveLength(w.snickersProfiles.length);
      const sent = sandbox.sent.filter((s) => s.postId === postId).map((s) => s.profile.id);
      expect(sent.sort()).toEqual([...w.snickersProfiles].sort());
    });

    it('an edit of a SCHEDULED post voids its approval and takes it off the calendar until it is approved again', async () => {
      const { postId, requestId } = await joke('A scheduled joke.');
      await w.decide(requestId, 'APPROVE', w.approver.token);
      const at = inFuture(3 * HOUR);
      expect((await w.schedule(postId, at, w.agent.token)).data!.schedulePost.post.status).toBe('SCHEDULED');
      expect(await w.edit({ id: postId, body: 'A scheduled joke, edited.' }, w.agent.token)).toMatchObject({
        status: 'DRAFT', revision: 2, scheduledAt: null, approvalRequest: { id: requestId, status: 'VOID' },
      });
      const range = { from: new Date().toISOString(), to: inFuture(DAY).toISOString() };
      const listed = (await t.ok(CALENDAR, { brandId: w.snickersId, ...range }, w.admin)).contentCalendar.flatMap((e: any) => e.posts.map((p: any) => p.id));
      expect(listed).not.toContain(postId);
      await tick();
      expect(await w.post(postId)).toMatchObject({ status: 'DRAFT', publishedAt: null });
    });

    it('POSTING_CADENCE maxPerWeek 1 (BLOCK): a second post in the same week on the same profile cannot be scheduled', async () => {
      const twix = await w.brand('Twix');
      const [left, right] = [await w.profile(twix, 'FACEBOOK'), await w.profile(twix, 'X')];
      await w.policy(twix, 'POSTING_CADENCE', { postingCadence: { maxPerWeek: 1 } });
      const first = await approvedPost([left], twix, w.admin);
      expect((await w.schedule(first, inFuture(DAY))).data!.schedulePost.post.status).toBe('SCHEDULED');
      const second = await approvedPost([left], twix, w.admin);
      const refused = await w.schedule(second, inFuture(2 * DAY));
      expect(errorCodes(refused)).toEqual(['POLICY_VIOLATION']);
      expect(violationsOf(refused)).toEqual([expect.objectContaining({ type: 'POSTING_CADENCE', enforcement: 'BLOCK', brandId: twix })]);
      expect((await w.post(second)).status).toBe('APPROVED');
      // Another profile, or the week after, is fine.
      expect((await w.schedule(await approvedPost([right], twix, w.admin), inFuture(2 * DAY))).errors).toBeUndefined();
      expect((await w.schedule(second, inFuture(9 * DAY))).data!.schedulePost.post.status).toBe('SCHEDULED');
    });
  });

  it('LAUNCH_READINESS: a DRAFT profile goes LIVE only with enough APPROVED posts ready for it', async () => {
    const brandId = await w.brand('Milky Way');
    await w.policy(brandId, 'LAUNCH_READINESS', { launchReadiness: { minApprovedPosts: 2 } });
    const profileId = await w.profile(brandId);
    const launch = () => t.gql(`mutation ($id: ID!) { launchSocialProfile(id: $id) { id status launchedAt } }`, { id: profileId }, w.admin);

    const none = await launch();
    expect(errorCodes(none)).toEqual(['POLICY_VIOLATION']);
    expect(violationsOf(none)).toEqual([expect.objectContaining({ type: 'LAUNCH_READINESS', enforcement: 'BLOCK', brandId, message: expect.stringContaining('it has 0') })]);
    await w.createPost({ brandId, profileIds: [profileId], body: 'A draft does not count.' });
    await approvedPost([profileId], brandId, w.admin);
    expect(violationsOf(await launch())[0].message).toMatch(/at least 2 approved posts.*it has 1/);
    await approvedPost([profileId], brandId, w.admin);
    expect((await launch()).data!.launchSocialProfile).toMatchObject({ id: profileId, status: 'LIVE', launchedAt: expect.any(String) });

    // Where no LAUNCH_READINESS applies, a profile launches at once.
    const other = await w.profile(w.snickersId, 'INSTAGRAM');
    expect((await t.ok(`mutation ($id: ID!) { launchSocialProfile(id: $id) { status } }`, { id: other }, w.admin)).launchSocialProfile.status).toBe('LIVE');
  });

  describe('posts(filter)', () => {
    it('filters by brand with or without its subtree, status, tag and author, and pages with first/after', async () => {
      const bounty = await w.brand('Bounty');
      const minis = await w.brand('Bounty Minis', bounty);
      const [bountyPage, minisPage] = [await w.profile(bounty), await w.profile(minis)];
      const post = async (brandId: string, profileId: string, tag: string, token: string, submit: boolean) => {
        const { id } = await w.createPost({ brandId, profileIds: [profileId], body: `A ${tag} post.`, tags: [tag] }, token);
        if (submit) await w.submitted(id, token);
        return id as string;
      };
      const a = await post(bounty, bountyPage, 'ORIGINAL', w.admin, false);
      const b = await post(bounty, bountyPage, 'CUSTOMER_STORY', w.manager.token, true);
      const c = await post(minis, minisPage, 'CUSTOMER_STORY', w.admin, true);
      const d = await post(minis, minisPage, 'ORIGINAL', w.manager.token, false);

      const list = async (filter: Record<string, unknown>, token = w.admin) => {
        const { posts } = await t.ok(POSTS, { filter, first: 100 }, token);
        expect(posts.totalCount).toBe(posts.edges.length);
        return nodes<{ id: string }>(posts).map((p) => p.id);
      };
      expect(await list({ brandId: bounty })).toEqual([b, a]);
      expect(await list({ brandId: bounty, includeSubtree: true })).toEqual([d, c, b, a]);
      expect(await list({ brandId: minis, includeSubtree: true })).toEqual([d, c]);
      expect(await list({ brandId: bounty, includeSubtree: true, statuses: ['APPROVED'] })).toEqual([c, b]);
      expect(await list({ brandId: bounty, includeSubtree: true, statuses: ['DRAFT', 'APPROVED'] })).toEqual([d, c, b, a]);
      expect(await list({ brandId: bounty, includeSubtree: true, tag: 'CUSTOMER_STORY' })).toEqual([c, b]);
      expect(await list({ brandId: bounty, includeSubtree: true, authorId: w.manager.id })).toEqual([d, b]);
      expect(await list({ brandId: bounty, includeSubtree: true, authorId: w.manager.id, statuses: ['DRAFT'] })).toEqual([d]);
      expect(await list({ profileId: minisPage })).toEqual([d, c]);

      const page1 = (await t.ok(POSTS, { filter: { brandId: bounty, includeSubtree: true }, first: 3 }, w.admin)).posts;
      expect(page1).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
      expect(nodes<{ id: string }>(page1).map((p) => p.id)).toEqual([d, c, b]);
      const page2 = (await t.ok(POSTS, { filter: { brandId: bounty, includeSubtree: true }, first: 3, after: page1.pageInfo.endCursor }, w.admin)).posts;
      expect(page2).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: false } });
      expect(nodes<{ id: string }>(page2).map((p) => p.id)).toEqual([a]);
      // Rows created within one millisecond (a bulk import, a busy second) are paged without a gap.
      for (const [i, id] of [a, b, c, d].entries()) {
        await sql.query(`UPDATE posts SET created_at = '2026-01-01T00:00:00.123Z'::timestamptz + make_interval(secs => $2::float8 / 1e6) WHERE id = $1`, [id, (i + 1) * 100]);
      }
      const walked: string[] = [];
      for (let after: string | null = null, more = true; more; ) {
        const { posts }: any = await t.ok(POSTS, { filter: { brandId: bounty, includeSubtree: true }, first: 1, after }, w.admin);
        walked.push(...nodes<{ id: string }>(posts).map((p) => p.id));
        [after, more] = [posts.pageInfo.endCursor, posts.pageInfo.hasNextPage && walked.length < 10];
      }
      expect(walked).toEqual([d, c, b, a]);
      const garbage = await t.gql(POSTS, { first: 3, after: 'not-a-cursor' }, w.admin);
      expect(errorCodes(garbage)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(garbage)).toEqual(['after']);

      // The Snickers agent does not see Bounty: its posts are not listed and cannot be read.
      expect(await list({ brandId: bounty, includeSubtree: true }, w.agent.token)).toEqual([]);
      expect(errorCodes(await w.read(a, w.agent.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await w.updatePost({ id: a, body: 'Sneaky.' }, w.agent.token))).toEqual(['NOT_FOUND']);
    });

    it('a post of another organization is NOT_FOUND', async () => {
      const other = await MarsWorld.build(t, 'Other Org');
      const foreign = await other.snickersPost('Elsewhere.');
      expect((await other.post(foreign.id)).id).toBe(foreign.id);
      for (const response of [await w.read(foreign.id), await w.submit(foreign.id), await w.updatePost({ id: foreign.id, body: 'Mine now.' })]) {
        expect(errorCodes(response)).toEqual(['NOT_FOUND']);
      }
      expect(await (async () => nodes<{ id: string }>((await t.ok(POSTS, { first: 100 }, w.admin)).posts).map((p) => p.id))()).not.toContain(foreign.id);
    });
  });

  describe('approvalQueueChanged subscription', () => {
    const clients: Client[] = [];
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.dispose()));
    }, 180_000);

    const connect = async (authorization: string) => {
      const address = t.app.getHttpServer().address() as AddressInfo | null;
      if (!address) await t.app.listen(0, '127.0.0.1');
      const { port } = t.app.getHttpServer().address() as AddressInfo;
      const client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization }, retryAttempts: 0 });
      clients.push(client);
      return client;
    };

    it('tells the approver when a request enters their queue and when it leaves it', async () => {
      const client = await connect(`Bearer ${w.approver.token}`);
      const changes: { requestId: string; postId: string; entered: boolean; status: string }[] = [];
      const errors: unknown[] = [];
      // In-process PubSub: a listener on the topic means the subscription is live on the server.
      const listeners = () => t.app.get(ApprovalEvents).pubsub.listenerCount(APPROVAL_QUEUE_TOPIC);
      const before = listeners();
      client.subscribe(
        { query: `subscription { approvalQueueChanged { requestId postId entered status } }` },
        { next: (result) => changes.push((result.data as any).approvalQueueChanged), error: (e) => errors.push(e), complete: () => undefined },
      );
      await until(() => listeners() > before, 'the subscription to register');

      const { postId, requestId } = await joke('A joke for the live queue.');
      await until(() => changes.some((c) => c.postId === postId), 'the request to enter the queue');
      expect(changes.filter((c) => c.postId === postId)).toEqual([{ requestId, postId, entered: true, status: 'OPEN' }]);

      await w.decide(requestId, 'APPROVE', w.approver.token);
      await until(() => changes.filter((c) => c.postId === postId).length === 2, 'the request to leave the queue');
      expect(changes.filter((c) => c.postId === postId)[1]).toEqual({ requestId, postId, entered: false, status: 'APPROVED' });
      expect(errors).toEqual([]);
    });

    it('sends an event whose field fails as INTERNAL_SERVER_ERROR, through the same formatter as HTTP', async () => {
      const events = t.app.get(ApprovalEvents);
      // A real event, captured as published, then sent again with a field that cannot be null
      // missing: graphql-js's own message names the schema's internals and must not leave.
      const captured: ApprovalQueueEvent[] = [];
      const subscription = await events.pubsub.subscribe(APPROVAL_QUEUE_TOPIC, (event: ApprovalQueueEvent) => void captured.push(event));
      const { postId } = await joke('A joke whose event is sent again, broken.');
      await until(() => captured.some((e) => e.postId === postId), 'the event to be published');
      events.pubsub.unsubscribe(subscription);

      const client = await connect(`Bearer ${w.approver.token}`);
      const results: { errors?: { message: string; extensions?: { code?: string } }[] }[] = [];
      const listeners = () => events.pubsub.listenerCount(APPROVAL_QUEUE_TOPIC);
      const before = listeners();
      client.subscribe(
        { query: `subscription { approvalQueueChanged { requestId postId } }` },
        { next: (result) => void results.push(result as (typeof results)[number]), error: () => undefined, complete: () => undefined },
      );
      await until(() => listeners() > before, 'the subscription to register');
      events.publish({ ...captured.find((e) => e.postId === postId)!, requestId: null as unknown as string });
      await until(() => results.length > 0, 'the broken event to arrive');
      expect(results[0].errors).toEqual([expect.objectContaining({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    });

    it('refuses a connection without a valid token', async () => {
      for (const authorization of ['Bearer not-a-token', '']) {
        const client = await connect(authorization);
        const closed = await new Promise<{ code?: number }>((resolve) => {
          client.subscribe({ query: `subscription { approvalQueueChanged { requestId } }` }, { next: () => resolve({}), error: (e) => resolve(e as { code?: number }), complete: () => resolve({}) });
        });
        // 4401 Unauthorized: no credential or a bad one (4403 is for a caller no longer allowed in, test/sessions.e2e-spec.ts).
        expect(closed.code).toBe(4401);
      }
    });
  });
});
