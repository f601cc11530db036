import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { errorCodes, TestApp } from './support';

describe('login and viewer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  const LOGIN = `mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken expiresAt user { email displayName } }
  }`;

  it('logs a demo user in and tells who the viewer is', async () => {
    const { login } = await t.ok(LOGIN, { email: 'Admin@Mars.example', password: 'parasol-demo' });
    expect(login.user).toEqual({ email: 'admin@mars.example', displayName: 'Ada Admin' });
    expect(new Date(login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const { viewer } = await t.ok(`{ viewer { kind isOrgAdmin permissions organization { name slug } user { email } } }`, {}, login.accessToken);
    expect(viewer).toMatchObject({ kind: 'USER', isOrgAdmin: true, organization: { name: 'Mars', slug: 'mars' }, user: { email: 'admin@mars.example' } });
    expect(viewer.permissions).toContain('ROLE_MANAGE');
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrongPassword = await t.gql(LOGIN, { email: 'admin@mars.example', password: 'nope' });
    const unknownEmail = await t.gql(LOGIN, { email: 'nobody@mars.example', password: 'nope' });
    expect(errorCodes(wrongPassword)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(unknownEmail)).toEqual(['UNAUTHENTICATED']);
    expect(wrongPassword.errors![0].message).toBe(unknownEmail.errors![0].message);
    expect(wrongPassword.data).toBeNull();
  });

  it('refuses every operation without a token, or with a bad one', async () => {
    for (const token of [undefined, 'not-a-jwt', `${(await t.login('admin@mars.example', 'parasol-demo')).slice(0, -2)}xx`]) {
      const body = await t.gql(`{ brands { totalCount } }`, {}, token);
      expect(errorCodes(body)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses a token once it expires, though it was accepted (and remembered) before', async () => {
    const login = await t.login('admin@mars.example', 'parasol-demo');
    const { viewer } = await t.ok(`{ viewer { id organization { id } } }`, {}, login);
    // The same claims as the login token (its session version among them), expiring sooner.
    const { ver } = t.app.get(JwtService).decode<{ ver: number }>(login);
    // Both uses must fall within the token's life: on a loaded machine two requests can outlast
    // 2 s, so the life doubles until they fit (the check depends on the order of events, not on speed).
    let token = '';
    for (let life = 2; !token; life *= 2) {
      const candidate = await t.app.get(JwtService).signAsync({ sub: viewer.id, org: viewer.organization.id, ver, jti: randomUUID() }, { expiresIn: life });
      const expiresAt = t.app.get(JwtService).decode<{ exp: number }>(candidate).exp * 1000;
      const answers = [await t.gql(`{ viewer { id } }`, {}, candidate), await t.gql(`{ viewer { id } }`, {}, candidate)];
      if (Date.now() >= expiresAt) continue;
      expect(answers.map((a) => a.data?.viewer.id)).toEqual([viewer.id, viewer.id]);
      await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 100));
      token = candidate;
    }
    expect(errorCodes(await t.gql(`{ viewer { id } }`, {}, token))).toEqual(['UNAUTHENTICATED']);
    // A token signed with another key is refused, whatever was remembered of the good one.
    const forged = await new JwtService({ secret: 'another-secret-entirely-0123456789' }).signAsync({ sub: viewer.id, org: 'x' }, { expiresIn: 60 });
    expect(errorCodes(await t.gql(`{ viewer { id } }`, {}, forged))).toEqual(['UNAUTHENTICATED']);
  });

  it('rejects a malformed email as BAD_USER_INPUT naming the field', async () => {
    const body = await t.gql(LOGIN, { email: 'not-an-email', password: 'x' });
    expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors![0].extensions.fields).toEqual([{ field: 'email', message: 'email must be an email address' }]);
  });

  it('reports GraphQL syntax and unknown fields as BAD_USER_INPUT', async () => {
    expect(errorCodes(await t.gql(`{ brands { `))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await t.gql(`{ noSuchField }`))).toEqual(['BAD_USER_INPUT']);
  });
});
