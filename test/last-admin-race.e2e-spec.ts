import { errorCodes, onPostgresServer, TestApp } from './support';

const ADMINS = `query { users(first: 100) { edges { node { id status roleAssignments { id roleKey brand { id } } } } } }`;
const REVOKE = `mutation ($id: ID!) { revokeRoleAssignment(id: $id) { id } }`;
const DEACTIVATE = `mutation ($id: ID!) { deactivateUser(id: $id) { status } }`;

interface Member {
  id: string;
  status: string;
  roleAssignments: { id: string; roleKey: string; brand: { id: string } | null }[];
}

/**
 * An organization is never left without an active org-wide ORG_ADMIN, even when its two
 * admins remove each other at the same moment (each used to count the other and both won).
 * Concurrency only proves something on a PostgreSQL server (the embedded one serializes).
 */
describe('the last organization admin, under concurrent removal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  }, 180_000);

  /** A fresh organization with two org-wide admins, logged in, and their ORG_ADMIN assignments. */
  const twoAdmins = async () => {
    const org = await t.createOrganization('Two Admins');
    const second = await t.createMember(org, 'second-admin', [{ roleKey: 'ORG_ADMIN', brandId: null }]);
    const members = (await t.ok<{ users: { edges: { node: Member }[] } }>(ADMINS, {}, org.adminToken)).users.edges.map((e) => e.node);
    const grantOf = (m: Member) => m.roleAssignments.find((a) => a.roleKey === 'ORG_ADMIN' && a.brand === null)!.id;
    const first = members.find((m) => m.id !== second.id)!;
    return { org, first: { id: first.id, token: org.adminToken, grant: grantOf(first) }, second: { id: second.id, token: second.token, grant: grantOf(members.find((m) => m.id === second.id)!) } };
  };

  const activeAdmins = async (token: string) =>
    (await t.ok<{ users: { edges: { node: Member }[] } }>(ADMINS, {}, token)).users.edges
      .map((e) => e.node)
      .filter((m) => m.status === 'ACTIVE' && m.roleAssignments.some((a) => a.roleKey === 'ORG_ADMIN' && a.brand === null));

  it.each([1, 2, 3, 4, 5])('two admins revoking each other\'s ORG_ADMIN at once: one wins, one is refused (round %i)', async () => {
    if (!onPostgresServer()) return;
    const { first, second } = await twoAdmins();
    const answers = await Promise.all([t.gql(REVOKE, { id: second.grant }, first.token), t.gql(REVOKE, { id: first.grant }, second.token)]);
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    // The loser is refused as the last admin, or (the winner's revoke having come first) as no longer allowed.
    expect(['CONFLICT', 'FORBIDDEN', 'NOT_FOUND']).toContain(errorCodes(answers.find((a) => a.errors)!)[0]);
    const survivor = answers[0].errors ? second : first;
    expect(await activeAdmins(survivor.token)).toHaveLength(1);
  }, 180_000);

  it.each([1, 2, 3, 4, 5])('two admins deactivating each other at once: one wins, the organization keeps an admin (round %i)', async () => {
    if (!onPostgresServer()) return;
    const { first, second } = await twoAdmins();
    const answers = await Promise.all([t.gql(DEACTIVATE, { id: second.id }, first.token), t.gql(DEACTIVATE, { id: first.id }, second.token)]);
    const succeeded = answers.filter((a) => !a.errors);
    expect(succeeded).toHaveLength(1);
    // The loser is refused as the last admin, or, deactivated first, no longer signed in.
    expect(['CONFLICT', 'UNAUTHENTICATED']).toContain(errorCodes(answers.find((a) => a.errors)!)[0]);
    const survivor = answers[0].errors ? second : first;
    expect(await activeAdmins(survivor.token)).toHaveLength(1);
  }, 180_000);

  it('the sole admin left cannot have their ORG_ADMIN revoked', async () => {
    const { first, second } = await twoAdmins();
    await t.ok(REVOKE, { id: second.grant }, first.token);
    expect(errorCodes(await t.gql(REVOKE, { id: first.grant }, first.token))).toEqual(['CONFLICT']);
    expect(await activeAdmins(first.token)).toHaveLength(1);
  }, 180_000);
});
