import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { JwtService } from '@nestjs/jwt';
import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SubscriptionSessions } from '../libs/auth';
import { errorCodes, TEST_JWT_SECRET, TestApp, TestMember, until } from './support';
import { APPROVAL_QUEUE_TOPIC, ApprovalEvents } from '../src/approvals/approval-events';
import { MarsWorld } from './governance-world';

// Issue 13, finding 8: tokens end with what should end them (password change, admin reset,
// deactivation and reactivation, logout), open subscriptions are closed with them, and an
// expired token says it expired.

const VIEWER = `{ viewer { id } }`;
const RENAME = `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { id } }`;
const UPDATE_USER = `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { id status } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { status } }`;
const REACTIVATE = `mutation ($id: ID!) { reactivateUser(id: $id) { status } }`;
const LOGOUT = `mutation { logout }`;
const QUEUE_CHANGES = `subscription { approvalQueueChanged { requestId postId entered } }`;
const NEW_PASSWORD = 'a brand new passphrase 42';

// Each test logs in several times (argon2): far more than jest's default 5 s on a busy machine.
jest.setTimeout(180_000);

describe('sessions', () => {
  let t: TestApp;
  let w: MarsWorld;
  const clients: Client[] = [];
  beforeAll(async () => {
    t = await TestApp.start();
    w = await MarsWorld.build(t, 'Sessions');
    const review = await w.workflow('Review', [{ name: 'Approver review', approverRoles: ['APPROVER'], quorum: 1 }]);
    await w.policy(w.marsId, 'APPROVAL_REQUIRED', { approvalRequired: { workflowId: review, tags: ['HUMOR'] } });
  }, 180_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  }, 180_000);

  /** Whether `token` is accepted by a query (the cached-principal path) and by a mutation (read afresh). */
  const accepted = async (token: string, userId: string) => ({
    query: (await t.gql(VIEWER, {}, token)).data?.viewer?.id === userId,
    mutation: (await t.gql(RENAME, { input: { id: userId, displayName: `Renamed ${randomUUID().slice(0, 4)}` } }, token)).data?.updateUser?.id === userId,
  });
  const refusal = async (token: string) => {
    const body = await t.gql(VIEWER, {}, token);
    return { codes: errorCodes(body), message: body.errors?.[0]?.message, reason: body.errors?.[0]?.extensions.reason };
  };
  const approver = (name: string) => t.createMember(w.org, name, [{ roleKey: 'APPROVER', brandId: w.marsId }]);

  describe('tokens issued before a change of password or status stop at the next request', () => {
    it.each<[string, (member: TestMember) => Promise<string>]>([
      [
        'the user changes their own password',
        async (m) => {
          await t.ok(UPDATE_USER, { input: { id: m.id, password: NEW_PASSWORD, currentPassword: m.password } }, m.token);
          return NEW_PASSWORD;
        },
      ],
      [
        "an admin resets the user's password",
        async (m) => {
          await t.ok(UPDATE_USER, { input: { id: m.id, password: NEW_PASSWORD } }, w.admin);
          return NEW_PASSWORD;
        },
      ],
      [
        'the user is deactivated, then reactivated',
        async (m) => {
          await t.ok(DEACTIVATE, { id: m.id }, w.admin);
          await t.ok(REACTIVATE, { id: m.id }, w.admin);
          return m.password;
        },
      ],
    ])('%s', async (_label, change) => {
      const member = await t.createMember(w.org, 'session-holder');
      const second = await t.login(member.email, member.password);
      // Both tokens work, and the query path has them in its cache.
      expect(await accepted(member.token, member.id)).toEqual({ query: true, mutation: true });
      expect(await accepted(second, member.id)).toEqual({ query: true, mutation: true });

      const password = await change(member);

      for (const token of [member.token, second]) {
        expect(await accepted(token, member.id)).toEqual({ query: false, mutation: false });
        expect(await refusal(token)).toEqual({ codes: ['UNAUTHENTICATED'], message: 'A valid bearer token is required', reason: undefined });
      }
      const fresh = await t.login(member.email, password);
      expect(await accepted(fresh, member.id)).toEqual({ query: true, mutation: true });
    });

    it('a deactivated user stays refused, and edits that are not a password or a status keep sessions', async () => {
      const member = await t.createMember(w.org, 'steady');
      await t.ok(UPDATE_USER, { input: { id: member.id, displayName: 'Steady Eddie', email: `steady-${randomUUID().slice(0, 8)}@${w.org.slug}.example` } }, w.admin);
      expect(await accepted(member.token, member.id)).toEqual({ query: true, mutation: true });
      await t.ok(DEACTIVATE, { id: member.id }, w.admin);
      expect(await accepted(member.token, member.id)).toEqual({ query: false, mutation: false });
    });
  });

  describe('logout', () => {
    it('ends the token it is sent with, and only that one', async () => {
      const member = await t.createMember(w.org, 'leaver');
      const other = await t.login(member.email, member.password);
      expect(await accepted(member.token, member.id)).toEqual({ query: true, mutation: true });

      expect(await t.ok(LOGOUT, {}, member.token)).toEqual({ logout: true });

      expect(await accepted(member.token, member.id)).toEqual({ query: false, mutation: false });
      expect(errorCodes(await t.gql(LOGOUT, {}, member.token))).toEqual(['UNAUTHENTICATED']);
      expect(await accepted(other, member.id)).toEqual({ query: true, mutation: true });
      expect(await accepted(await t.login(member.email, member.password), member.id)).toEqual({ query: true, mutation: true });
    });

    it('is for login tokens: an API key is revoked instead', async () => {
      const { createApiKey } = await t.ok(
        `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
        { input: { name: `logout probe ${randomUUID().slice(0, 6)}`, roleKey: 'ANALYST' } },
        w.admin,
      );
      expect(errorCodes(await t.gql(LOGOUT, {}, createApiKey.secret))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await t.gql(LOGOUT))).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('an expired token', () => {
    const signed = async (member: TestMember, exp: number, secret = TEST_JWT_SECRET) => {
      const { sub, org, ver } = t.app.get(JwtService).decode<{ sub: string; org: string; ver: number }>(member.token);
      // Signed apart from the app's JwtService, whose options would add their own expiry.
      return new JwtService({ secret }).signAsync({ sub, org, ver, jti: randomUUID(), exp }, { algorithm: 'HS256' });
    };

    it('says it expired, which garbage and a forged token do not', async () => {
      const member = await t.createMember(w.org, 'late');
      const past = Math.floor(Date.now() / 1000) - 60;
      const expired = await signed(member, past);
      const live = await signed(member, past + 3600);
      expect(await accepted(live, member.id)).toEqual({ query: true, mutation: true });

      const late = await refusal(expired);
      expect(late).toEqual({ codes: ['UNAUTHENTICATED'], message: expect.stringMatching(/expired/), reason: 'TOKEN_EXPIRED' });
      expect(errorCodes(await t.gql(RENAME, { input: { id: member.id, displayName: 'Too late' } }, expired))).toEqual(['UNAUTHENTICATED']);

      const invalid = { codes: ['UNAUTHENTICATED'], message: 'A valid bearer token is required', reason: undefined };
      expect(await refusal('not-a-token')).toEqual(invalid);
      expect(await refusal(`${member.token.slice(0, -4)}AAAA`)).toEqual(invalid);
      // Expired and signed with another key: the signature is checked first, so it is not "expired".
      expect(await refusal(await signed(member, past, 'another-secret-entirely-0123456789abcdef'))).toEqual(invalid);
      // A token of ours from before sessions could end (no version, no id).
      const { sub, org } = t.app.get(JwtService).decode<{ sub: string; org: string }>(member.token);
      expect(await refusal(await t.app.get(JwtService).signAsync({ sub, org }))).toEqual(invalid);
    });
  });

  describe('subscriptions', () => {
    const listeners = () => t.app.get(ApprovalEvents).pubsub.listenerCount(APPROVAL_QUEUE_TOPIC);

    interface Live {
      /** postIds of the queue changes received. */
      postIds: string[];
      /** The close code, once the server closed the socket. */
      closed: Promise<number>;
    }

    const url = async () => {
      if (!t.app.getHttpServer().address()) await t.app.listen(0, '127.0.0.1');
      return `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    };

    /** A live approvalQueueChanged subscription as the holder of `token`, registered on the server. */
    const subscribe = async (token: string): Promise<Live> => {
      const before = listeners();
      let onClosed!: (code: number) => void;
      const closed = new Promise<number>((resolve) => (onClosed = resolve));
      const client = createClient({
        url: await url(),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${token}` },
        retryAttempts: 0,
        on: { closed: (event) => onClosed((event as { code: number }).code) },
      });
      clients.push(client);
      const live: Live = { postIds: [], closed };
      client.subscribe(
        { query: QUEUE_CHANGES },
        { next: (result) => live.postIds.push((result.data as { approvalQueueChanged: { postId: string } }).approvalQueueChanged.postId), error: () => undefined, complete: () => undefined },
      );
      await until(() => listeners() > before, 'the subscription to register');
      return live;
    };

    /** The close code a connection as `authorization` gets before any event. */
    const refusedWith = async (authorization: string) => {
      const client = createClient({ url: await url(), webSocketImpl: WebSocket, connectionParams: { authorization }, retryAttempts: 0 });
      clients.push(client);
      return new Promise<number | undefined>((resolve) => {
        client.subscribe({ query: QUEUE_CHANGES }, { next: () => resolve(undefined), error: (e) => resolve((e as { code?: number }).code), complete: () => resolve(undefined) });
      });
    };

    /** A humorous Snickers post submitted by the agent: it enters every Mars approver's queue. */
    const joke = async () => {
      const { post } = await w.submitted((await w.snickersPost(`Joke ${randomUUID().slice(0, 8)}: why did the peanut cross the road?`, ['HUMOR'])).id, w.agent.token);
      expect(post.status).toBe('IN_REVIEW');
      return post.id as string;
    };

    it("closes a user's socket with 4403 on the next event once they are deactivated, and the event never reaches them", async () => {
      const leaving = await approver('leaving-approver');
      const control = await subscribe(w.approver.token);
      const live = await subscribe(leaving.token);
      const first = await joke();
      await until(() => live.postIds.includes(first) && control.postIds.includes(first), 'both approvers to hear of the first post');

      await t.ok(DEACTIVATE, { id: leaving.id }, w.admin);
      const second = await joke();
      await until(() => control.postIds.includes(second), 'the control approver to hear of the second post');
      expect(await live.closed).toBe(4403);
      expect(live.postIds).toEqual([first]);
    });

    it('closes the socket of a logged-out token on the next event; the same user on another token keeps theirs', async () => {
      const member = await approver('logging-out-approver');
      const otherToken = await t.login(member.email, member.password);
      const loggedOut = await subscribe(member.token);
      const staying = await subscribe(otherToken);

      await t.ok(LOGOUT, {}, member.token);
      const post = await joke();
      await until(() => staying.postIds.includes(post), 'the other session to hear of the post');
      expect(await loggedOut.closed).toBe(4403);
      expect(loggedOut.postIds).toEqual([]);
    });

    it("closes an idle socket at the periodic check once the user's password was reset", async () => {
      const member = await approver('idle-approver');
      const idle = await subscribe(member.token);
      const untouched = await approver('untouched-approver');
      const other = await subscribe(untouched.token);
      await t.ok(UPDATE_USER, { input: { id: member.id, password: NEW_PASSWORD } }, w.admin);

      // What the timer runs every SUBSCRIPTION_RECHECK_INTERVAL_MS, run now.
      await t.app.get(SubscriptionSessions).recheckAll();
      expect(await idle.closed).toBe(4403);
      expect(idle.postIds).toEqual([]);

      // The check closes only the ended session.
      const post = await joke();
      await until(() => other.postIds.includes(post), 'the untouched approver to hear of the post');
    });

    it('refuses at connect: 4401 for a missing, bad or expired token, 4403 for a user no longer allowed in', async () => {
      const member = await approver('refused-approver');
      const { sub, org, ver } = t.app.get(JwtService).decode<{ sub: string; org: string; ver: number }>(member.token);
      const expired = await new JwtService({ secret: TEST_JWT_SECRET }).signAsync({ sub, org, ver, jti: randomUUID(), exp: Math.floor(Date.now() / 1000) - 60 });
      await t.ok(DEACTIVATE, { id: member.id }, w.admin);

      expect(await refusedWith('')).toBe(4401);
      expect(await refusedWith('Bearer not-a-token')).toBe(4401);
      expect(await refusedWith(`Bearer ${expired}`)).toBe(4401);
      expect(await refusedWith(`Bearer ${member.token}`)).toBe(4403);
    });
  });
});
