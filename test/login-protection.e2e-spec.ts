import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TestApp, TestMember, TestOrganization, until } from './support';
import { PasswordHasher } from '../src/identity/password-hasher';

// Issue 13, finding 7: logins cannot be guessed or flooded. Per account (the default of 5
// failures) and per client address (lowered here), exponential lockout, 429 with Retry-After,
// the counter cleared by a success, and argon2 behind a bounded queue (made tiny here).

const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const ADDRESS_LIMIT = 8;

jest.setTimeout(180_000);

interface Attempt {
  status: number;
  retryAfterHeader: string | undefined;
  ok: boolean;
  message?: string;
  code?: string;
  reason?: string;
  retryAfter?: number;
}

describe('login protection', () => {
  let t: TestApp;
  let org: TestOrganization;
  let sql: DataSource;
  beforeAll(async () => {
    t = await TestApp.start({
      // The client address comes from X-Forwarded-For, so each test has addresses of its own.
      TRUST_PROXY: 'true',
      LOGIN_MAX_FAILURES_PER_ADDRESS: String(ADDRESS_LIMIT),
      LOGIN_LOCKOUT_SECONDS: '60',
      LOGIN_LOCKOUT_MAX_SECONDS: '600',
      // One verification at a time, one waiting: the queue-full test fills it by hand.
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_QUEUE: '1',
    });
    sql = t.app.get(DataSource);
    // The run's earlier suites failed logins from loopback too, and their count is kept in this
    // database: under this suite's lower address limit they would lock out its own set-up.
    await sql.query(`DELETE FROM login_limits WHERE key LIKE 'address:%'`);
    org = await t.createOrganization('Login Protection');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const address = () => `10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${1 + ((Math.random() * 250) | 0)}`;
  const member = (): Promise<TestMember> => t.createMember(org, 'guarded');

  const attempt = async (email: string, password: string, from: string): Promise<Attempt> => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('x-forwarded-for', from).send({ query: LOGIN, variables: { email, password } });
    const error = res.body.errors?.[0];
    return {
      status: res.status,
      retryAfterHeader: res.headers['retry-after'],
      ok: typeof res.body.data?.login?.accessToken === 'string',
      message: error?.message,
      code: error?.extensions?.code,
      reason: error?.extensions?.reason,
      retryAfter: error?.extensions?.retryAfter,
    };
  };
  const invalid = { status: 200, retryAfterHeader: undefined, ok: false, message: 'Invalid email or password', code: 'UNAUTHENTICATED', reason: undefined, retryAfter: undefined };
  /** A refusal for too many attempts, whose Retry-After (header and extension alike) is within `[min, max]` seconds. */
  const expectTooMany = (answer: Attempt, [min, max]: [number, number]) => {
    expect(answer).toEqual({
      status: 429,
      retryAfterHeader: String(answer.retryAfter),
      ok: false,
      message: expect.stringMatching(/^Too many failed sign-in attempts/),
      code: 'UNAUTHENTICATED',
      reason: 'TOO_MANY_ATTEMPTS',
      retryAfter: expect.any(Number),
    });
    expect(answer.retryAfter).toBeGreaterThanOrEqual(min);
    expect(answer.retryAfter).toBeLessThanOrEqual(max);
  };
  const fail = async (email: string, times: number, from = address()) => {
    const answers: Attempt[] = [];
    for (let i = 0; i < times; i++) answers.push(await attempt(email, `wrong password ${i}`, from));
    return answers;
  };
  /** Ends the account's current lockout as if its time had passed (the counters live in PostgreSQL). */
  const lockoutPasses = (email: string) =>
    sql.query(`UPDATE login_limits SET expire = $2 WHERE key = $1`, [`account:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`, Date.now() - 1]);

  it('locks an account after 5 failures: the next attempt is 429 with Retry-After, even with the right password', async () => {
    const m = await member();
    expect(await fail(m.email, 5)).toEqual(Array(5).fill(invalid));
    expectTooMany(await attempt(m.email, m.password, address()), [1, 60]);
  });

  it('locks an unknown email the same way, so a lockout tells nothing about who has an account', async () => {
    const nobody = `nobody-${randomUUID().slice(0, 8)}@${org.slug}.example`;
    expect(await fail(nobody, 5)).toEqual(Array(5).fill(invalid));
    expectTooMany(await attempt(nobody, 'anything', address()), [1, 60]);
  });

  it('answers an unknown email, a wrong password and a deactivated user the same', async () => {
    const m = await member();
    const gone = await member();
    await t.ok(`mutation ($id: ID!) { deactivateUser(id: $id) { id } }`, { id: gone.id }, org.adminToken);
    const answers = [
      await attempt(`unknown-${randomUUID().slice(0, 8)}@${org.slug}.example`, 'whatever', address()),
      await attempt(m.email, 'not my password', address()),
      await attempt(gone.email, gone.password, address()),
    ];
    expect(answers).toEqual([invalid, invalid, invalid]);
  });

  it('doubles the lockout with each further failure before a success, and a success starts afresh', async () => {
    const m = await member();
    await fail(m.email, 5);
    expectTooMany(await attempt(m.email, m.password, address()), [1, 60]);

    // After the first lockout, one more failure locks again, for twice as long; then four times.
    await lockoutPasses(m.email);
    expect(await fail(m.email, 1)).toEqual([invalid]);
    expectTooMany(await attempt(m.email, m.password, address()), [61, 120]);
    await lockoutPasses(m.email);
    expect(await fail(m.email, 1)).toEqual([invalid]);
    expectTooMany(await attempt(m.email, m.password, address()), [121, 240]);

    // A success clears the account: the next failure is one of five again.
    await lockoutPasses(m.email);
    expect((await attempt(m.email, m.password, address())).ok).toBe(true);
    expect(await fail(m.email, 1)).toEqual([invalid]);
    expect((await attempt(m.email, m.password, address())).ok).toBe(true);
  });

  it('clears the account counter on a successful login', async () => {
    const m = await member();
    expect(await fail(m.email, 4)).toEqual(Array(4).fill(invalid));
    expect((await attempt(m.email, m.password, address())).ok).toBe(true);
    // Without the reset the 5th failure overall would have locked the account by now.
    expect(await fail(m.email, 4)).toEqual(Array(4).fill(invalid));
    expect((await attempt(m.email, m.password, address())).ok).toBe(true);
  });

  it(`refuses every login from an address after ${ADDRESS_LIMIT} failures, whichever accounts they tried; other addresses go on`, async () => {
    const m = await member();
    const from = address();
    for (let i = 0; i < ADDRESS_LIMIT; i++) {
      expect(await attempt(`spray-${i}-${randomUUID().slice(0, 6)}@${org.slug}.example`, 'Summer2026!', from)).toEqual(invalid);
    }
    expectTooMany(await attempt(m.email, m.password, from), [1, 3600]);
    // A success does not clear an address (an attacker would clear it with an account of their own).
    expect((await attempt(m.email, m.password, address())).ok).toBe(true);
    expect(await attempt(m.email, m.password, from)).toMatchObject({ status: 429, reason: 'TOO_MANY_ATTEMPTS' });
  });

  it('refuses a login at once (BUSY, 503) when as many verifications wait as the queue takes, and counts no failure', async () => {
    const m = await member();
    const queue = t.app.get(PasswordHasher).queue;
    expect([queue.concurrency, queue.maxWaiting]).toEqual([1, 1]);
    // The only slot is taken until the test says so.
    let release!: () => void;
    const held = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      const waiting = attempt(m.email, m.password, address());
      // Polled, not timed: the login has reached the queue and waits in its only place.
      while (queue.pending < 1) await new Promise((resolve) => setTimeout(resolve, 10));
      const refused = await attempt(m.email, 'a wrong password, never checked', address());
      expect(refused).toEqual({ status: 503, retryAfterHeader: '1', ok: false, message: expect.stringMatching(/try again/), code: 'UNAUTHENTICATED', reason: 'BUSY', retryAfter: 1 });
      release();
      expect((await waiting).ok).toBe(true);
    } finally {
      release();
      await held;
    }
    // The refused attempt was never a failure: five wrong passwords are still needed to lock.
    expect(await fail(m.email, 4)).toEqual(Array(4).fill(invalid));
    expect((await attempt(m.email, m.password, address())).ok).toBe(true);
  });
  it('drops a login whose client left while it waited: its password is never checked, and its place goes to the next', async () => {
    const m = await member();
    const queue = t.app.get(PasswordHasher).queue;
    const server = t.app.getHttpServer() as Server;
    if (!server.listening) await t.app.listen(0, '127.0.0.1');
    const { port } = server.address() as AddressInfo;
    let release!: () => void;
    const held = queue.run(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      // A client that sends a login (a wrong password) and goes away while it waits in the only place.
      const body = JSON.stringify({ query: LOGIN, variables: { email: m.email, password: 'a wrong password, never checked' } });
      const gone = httpRequest({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address() } });
      gone.on('error', () => undefined);
      gone.end(body);
      await until(() => queue.pending === 1, 'the login to wait in the queue');
      gone.destroy();
      // Polled, not timed: the server sees the connection close and drops the login from the queue.
      await until(() => queue.pending === 0, 'the abandoned login to leave the queue');
      // Its place is free: the next login waits there instead of being refused (BUSY).
      const next = attempt(m.email, m.password, address());
      await until(() => queue.pending === 1, 'the next login to wait in the queue');
      release();
      expect((await next).ok).toBe(true);
    } finally {
      release();
      await held;
    }
    // The abandoned wrong password was never a failure: five are still needed to lock.
    expect(await fail(m.email, 4)).toEqual(Array(4).fill(invalid));
    expect((await attempt(m.email, m.password, address())).ok).toBe(true);
  });
});
