import { DataSource } from 'typeorm';
import { BuiltInRole, Permission, rolePermissions } from '../libs/auth';
import { builders, errorCodes, GraphQLResponse, TestApp, TestMember, TestOrganization } from './support';
import { OrganizationsService, SeedRole } from '../src/organizations/organizations.service';

/**
 * The escalation matrix: nobody changes a role or a principal stronger than themselves.
 *
 *   Mars -> { Snickers -> { Snickers Ice }, Dove }
 *
 * Every role-changing and principal-changing mutation, by every built-in role and a few
 * custom ones, against targets that hold more than the actor: refused (FORBIDDEN, or
 * NOT_FOUND for what the actor cannot see) and nothing written. Then the legitimate actions
 * (an admin on a weaker user, a manager on someone weaker in their subtree) still work; then
 * the two reproductions of issue 13 (findings 1 and 2) and explainPermission's wording (10b).
 */
type Brand = 'Mars' | 'Snickers' | 'Snickers Ice' | 'Dove';
const P = Permission;
/** Custom roles of the organization (GraphQL names of permissions). */
const CUSTOM: Record<string, (keyof typeof Permission)[]> = {
  ROLE_ADMIN: ['ROLE_MANAGE'],
  PEOPLE: ['MEMBER_MANAGE', 'MEMBER_READ'],
  SNICKERS_PEOPLE: ['BRAND_READ', 'MEMBER_READ', 'MEMBER_MANAGE'],
  VIEWER: ['BRAND_READ'],
  LEAD: ['BRAND_READ', 'POST_APPROVE'],
};
const permissionsOf = (roleKey: string) => rolePermissions(roleKey, (CUSTOM[roleKey] ?? []).map((name) => P[name]));

interface Actor {
  label: string;
  roleKey: string;
  /** Where the actor's only grant sits. */
  on: 'org' | 'Snickers';
}
const ACTORS: Actor[] = [
  ...[BuiltInRole.ORG_ADMIN, BuiltInRole.BRAND_MANAGER, BuiltInRole.ZOOM_AGENT, BuiltInRole.CONTENT_CREATOR, BuiltInRole.APPROVER, BuiltInRole.INTEGRATION].map(
    (roleKey): Actor => ({ label: `${roleKey} on Snickers`, roleKey, on: 'Snickers' }),
  ),
  { label: 'ANALYST org-wide', roleKey: BuiltInRole.ANALYST, on: 'org' },
  { label: 'ROLE_MANAGE only, org-wide', roleKey: 'ROLE_ADMIN', on: 'org' },
  { label: 'MEMBER_MANAGE + MEMBER_READ, org-wide', roleKey: 'PEOPLE', on: 'org' },
  { label: 'member manager on Snickers', roleKey: 'SNICKERS_PEOPLE', on: 'Snickers' },
];
// (ORG_ADMIN org-wide has nobody above them: it is the legitimate column below.)

/** A principal acted on: its id, one of its assignments, and the brand that assignment sits on. */
interface Target {
  id: string;
  assignmentId: string;
  brand: Brand | null;
}
type TargetName = 'a second org admin' | 'a peer holding one role more' | 'an ORG_ADMIN API key' | 'an INTEGRATION + ANALYST key on Snickers';
const USERS: TargetName[] = ['a second org admin', 'a peer holding one role more'];
const KEYS: TargetName[] = ['an ORG_ADMIN API key', 'an INTEGRATION + ANALYST key on Snickers'];

const UPDATE_USER = `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { id } }`;
const STATUS = (name: string) => `mutation ($id: ID!) { ${name}(id: $id) { id status } }`;
const ASSIGN = `mutation ($input: AssignRoleInput!) { assignRole(input: $input) { id } }`;
const REVOKE = `mutation ($id: ID!) { revokeRoleAssignment(id: $id) { id } }`;
const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`;
const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id roleAssignments { id } } } }`;
const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const CREATE_ROLE = `mutation ($input: CreateRoleInput!) { createRole(input: $input) { key permissions } }`;
const UPDATE_ROLE = `mutation ($input: UpdateRoleInput!) { updateRole(input: $input) { key permissions } }`;
const DELETE_ROLE = `mutation ($key: String!) { deleteRole(key: $key) { key } }`;
const EXPLAIN = `query ($principalId: ID!, $permission: Permission!, $brandId: ID!) {
  explainPermission(principalId: $principalId, permission: $permission, brandId: $brandId) { allowed reason grantedBy { id } } }`;
const ALL = Object.keys(Permission);
const PASSWORD = 'correct horse battery staple';

/**
 * A mutation as an actor: the request, and whether it names something out of the actor's sight
 * (answered NOT_FOUND). An actor holding the mutation's permission nowhere (every actor's one
 * grant sits org-wide or on Snickers) is refused FORBIDDEN by the guard before any target is read.
 */
type Attempt = (actor: Actor, target: Target) => [query: string, variables: Record<string, unknown>, unseen?: boolean];
const ON_TARGETS: [string, TargetName[], Attempt][] = [
  ['updateUser (password)', USERS, (_a, t) => [UPDATE_USER, { input: { id: t.id, password: 'taken over by someone weaker' } }]],
  ['updateUser (email)', USERS, (_a, t) => [UPDATE_USER, { input: { id: t.id, email: `owned-${t.id.slice(0, 8)}@attacker.example` } }]],
  ['updateUser (display name)', USERS, (_a, t) => [UPDATE_USER, { input: { id: t.id, displayName: 'Owned' } }]],
  ['deactivateUser', USERS, (_a, t) => [STATUS('deactivateUser'), { id: t.id }]],
  ['reactivateUser', USERS, (_a, t) => [STATUS('reactivateUser'), { id: t.id }]],
  ['assignRole (a role the actor holds, where they hold it)', [...USERS, ...KEYS], (a, t) => [ASSIGN, { input: { principalId: t.id, roleKey: a.roleKey, brandId: brandOf(a) } }, holdsIt(a, 'MEMBER_MANAGE') && !sees(a, t)]],
  ['revokeRoleAssignment', [...USERS, ...KEYS], (a, t) => [REVOKE, { id: t.assignmentId }, holdsIt(a, 'MEMBER_MANAGE') && !reads(a, t.brand)]],
  ['revokeApiKey', KEYS, (a, t) => [REVOKE_KEY, { id: t.id }, holdsIt(a, 'INTEGRATION_MANAGE') && !reads(a, t.brand)]],
];
/** Mutations that hand out or define more than the actor holds. */
const WITHOUT_TARGET: [string, (actor: Actor) => [string, Record<string, unknown>]][] = [
  ['createUser with ORG_ADMIN org-wide', (a) => [CREATE_USER, { input: { email: `made-${a.roleKey}@attacker.example`, displayName: 'Made', password: PASSWORD, roles: [{ roleKey: 'ORG_ADMIN', brandId: null }] } }]],
  ['createApiKey with ORG_ADMIN org-wide', () => [CREATE_KEY, { input: { name: 'Escalated', roleKey: 'ORG_ADMIN', brandId: null } }]],
  ['createRole with every permission', () => [CREATE_ROLE, { input: { key: 'EVERYTHING', name: 'Everything', permissions: ALL } }]],
  ['updateRole of the actor\'s own role, to every permission', (a) => [UPDATE_ROLE, { input: { key: a.roleKey, permissions: ALL } }]],
  ['updateRole of a stronger role (LEAD)', () => [UPDATE_ROLE, { input: { key: 'LEAD', permissions: ['ROLE_MANAGE'] } }]],
  ['deleteRole of a stronger role (LEAD)', () => [DELETE_ROLE, { key: 'LEAD' }]],
];

let tree: Record<Brand, string>;
const brandOf = (actor: Actor) => (actor.on === 'org' ? null : tree.Snickers);
/** Whether the actor sees the brand a mutation names: every actor's grant covers Snickers, the only brand named. */
const holdsIt = (actor: Actor, permission: keyof typeof Permission) => permissionsOf(actor.roleKey).has(P[permission]);
const reads = (actor: Actor, brand: Brand | null) => !brand || holdsIt(actor, 'BRAND_READ');
/** Whether the actor sees the principal (member:read where it holds a role): org-wide targets are out of a brand's sight. */
const sees = (actor: Actor, target: Target) => holdsIt(actor, 'MEMBER_READ') && (actor.on === 'org' || target.brand !== null);
/** ORG_ADMIN on Snickers holds everything there: the Snickers key is no stronger than them (a legitimate target). */
const stronger = (actor: Actor, name: TargetName) => !(actor.roleKey === BuiltInRole.ORG_ADMIN && name === 'an INTEGRATION + ANALYST key on Snickers');

describe('escalation matrix', () => {
  let t: TestApp;
  let org: TestOrganization;
  const actors = new Map<string, TestMember>();
  const peers = new Map<string, Target>();
  const targets = new Map<TargetName, Target>();
  let before: unknown;
  const admin = <T = any>(query: string, variables: Record<string, unknown> = {}) => t.ok<T>(query, variables, org.adminToken);
  const as = (actor: Actor, query: string, variables: Record<string, unknown>) => t.gql(query, variables, actors.get(actor.label)!.token);
  /** A user added without signing in (argon2 once), with the assignment ids of its roles. */
  const addUser = async (name: string, roles: SeedRole[]) => {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${Math.random().toString(36).slice(2, 8)}@${org.slug}.example`;
    const user = await t.app.get(OrganizationsService).addUser(org.id, { email, displayName: name, password: PASSWORD }, roles);
    return { id: user.id, email, assignments: user.grants.map((g) => g.assignmentId) };
  };
  const grant = (roleKey: string, brand: Brand | null): SeedRole => ({ roleKey, brandId: brand ? tree[brand] : null });
  /** Users, assignments, API keys and roles of the organization, as stored. */
  const state = async () =>
    (
      await t.app.get(DataSource).query(
        `SELECT (SELECT json_agg(json_build_object('id', id, 'email', email, 'name', display_name, 'hash', password_hash, 'status', status) ORDER BY id) FROM users WHERE organization_id = $1) AS users,
                (SELECT json_agg(json_build_object('id', id, 'principal', principal_id, 'role', role_key, 'brand', brand_id) ORDER BY id) FROM role_assignments WHERE organization_id = $1) AS assignments,
                (SELECT json_agg(json_build_object('id', id, 'revoked', revoked_at) ORDER BY id) FROM api_keys WHERE organization_id = $1) AS keys,
                (SELECT json_agg(json_build_object('key', key, 'name', name, 'permissions', permissions) ORDER BY key) FROM roles WHERE organization_id = $1) AS roles`,
        [org.id],
      )
    )[0];

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Escalation');
    tree = await builders(t, org.adminToken).tree({ Mars: null, Snickers: 'Mars', 'Snickers Ice': 'Snickers', Dove: 'Mars' });
    for (const [key, permissions] of Object.entries(CUSTOM)) await admin(CREATE_ROLE, { input: { key, name: key, permissions } });
    for (const actor of ACTORS) {
      const role = grant(actor.roleKey, actor.on === 'org' ? null : 'Snickers');
      actors.set(actor.label, await t.createMember(org, actor.roleKey, [role]));
      const peer = await addUser(`peer of ${actor.label}`, [role, grant('CONTENT_CREATOR', 'Dove')]);
      peers.set(actor.label, { id: peer.id, assignmentId: peer.assignments[0], brand: actor.on === 'org' ? null : 'Snickers' });
    }
    const secondAdmin = await addUser('second admin', [grant('ORG_ADMIN', null)]);
    targets.set('a second org admin', { id: secondAdmin.id, assignmentId: secondAdmin.assignments[0], brand: null });
    const key = async (roleKey: string, brand: Brand | null) => (await admin(CREATE_KEY, { input: { name: roleKey, roleKey, brandId: brand && tree[brand] } })).createApiKey.apiKey;
    const adminKey = await key('ORG_ADMIN', null);
    targets.set('an ORG_ADMIN API key', { id: adminKey.id, assignmentId: adminKey.roleAssignments[0].id, brand: null });
    const snickersKey = await key('INTEGRATION', 'Snickers');
    await admin(ASSIGN, { input: { principalId: snickersKey.id, roleKey: 'ANALYST', brandId: tree.Snickers } });
    targets.set('an INTEGRATION + ANALYST key on Snickers', { id: snickersKey.id, assignmentId: snickersKey.roleAssignments[0].id, brand: 'Snickers' });
    before = await state();
    // About 30 argon2 hashes and sign-ins: tens of seconds on a loaded machine; a timeout means hung.
  }, 300_000);
  afterAll(() => t.close(), 180_000);

  const targetOf = (actor: Actor, name: TargetName) => (name === 'a peer holding one role more' ? peers.get(actor.label)! : targets.get(name)!);
  const refusals = ACTORS.flatMap((actor) =>
    ON_TARGETS.flatMap(([mutation, names, attempt]) => names.filter((name) => stronger(actor, name)).map((name) => [actor.label, mutation, name, actor, attempt] as const)),
  );
  it.each(refusals)('%s: %s on %s is refused', async (_actor, _mutation, name, actor, attempt) => {
    const [query, variables, unseen] = attempt(actor, targetOf(actor, name));
    expect(errorCodes(await as(actor, query, variables))).toEqual([unseen ? 'NOT_FOUND' : 'FORBIDDEN']);
  });

  const defining = ACTORS.flatMap((actor) => WITHOUT_TARGET.map(([mutation, attempt]) => [actor.label, mutation, actor, attempt] as const));
  it.each(defining)('%s: %s is refused', async (_actor, _mutation, actor, attempt) => {
    const [query, variables] = attempt(actor);
    expect(errorCodes(await as(actor, query, variables))).toEqual(['FORBIDDEN']);
  });

  it('wrote nothing: users, passwords, statuses, assignments, keys and roles are as they were', async () => {
    expect(await state()).toEqual(before);
  });

  describe('legitimate actions still work', () => {
    const by = (label: string) => <T = any>(query: string, variables: Record<string, unknown>) => t.ok<T>(query, variables, label === 'ORG_ADMIN org-wide' ? org.adminToken : actors.get(label)!.token);
    const LEGITIMATE: [string, string, () => Promise<unknown>][] = [
      ['ORG_ADMIN org-wide', 'changes a weaker user\'s password, email and status, and their roles', async () => {
        const ok = by('ORG_ADMIN org-wide');
        const agent = await addUser('ice agent', [grant('ZOOM_AGENT', 'Snickers Ice')]);
        await ok(UPDATE_USER, { input: { id: agent.id, password: 'reset by the admin', email: `renamed-${agent.id.slice(0, 8)}@${org.slug}.example` } });
        expect((await ok(STATUS('deactivateUser'), { id: agent.id })).deactivateUser.status).toBe('DEACTIVATED');
        expect((await ok(STATUS('reactivateUser'), { id: agent.id })).reactivateUser.status).toBe('ACTIVE');
        await ok(ASSIGN, { input: { principalId: agent.id, roleKey: 'BRAND_MANAGER', brandId: tree.Dove } });
        await ok(REVOKE, { id: agent.assignments[0] });
      }],
      ['ORG_ADMIN org-wide', 'defines, changes and deletes a role with any permission; creates and revokes an ORG_ADMIN key', async () => {
        const ok = by('ORG_ADMIN org-wide');
        await ok(CREATE_ROLE, { input: { key: 'AUDITOR', name: 'Auditor', permissions: ['AUDIT_READ'] } });
        expect((await ok(UPDATE_ROLE, { input: { key: 'AUDITOR', permissions: ALL } })).updateRole.permissions).toHaveLength(ALL.length);
        await ok(DELETE_ROLE, { key: 'AUDITOR' });
        const { createApiKey } = await ok(CREATE_KEY, { input: { name: 'Admin key', roleKey: 'ORG_ADMIN', brandId: null } });
        await ok(REVOKE_KEY, { id: createApiKey.apiKey.id });
      }],
      ['BRAND_MANAGER on Snickers', 'manages someone weaker in their subtree, and adds a user there', async () => {
        const ok = by('BRAND_MANAGER on Snickers');
        const agent = await addUser('managed agent', [grant('ZOOM_AGENT', 'Snickers Ice')]);
        await ok(ASSIGN, { input: { principalId: agent.id, roleKey: 'APPROVER', brandId: tree.Snickers } });
        await ok(REVOKE, { id: agent.assignments[0] });
        await ok(CREATE_USER, { input: { email: `new-${agent.id.slice(0, 8)}@${org.slug}.example`, displayName: 'New', password: PASSWORD, roles: [grant('CONTENT_CREATOR', 'Snickers Ice')] } });
      }],
      ['member manager on Snickers', 'gives and takes a role it holds to someone weaker on Snickers Ice', async () => {
        const ok = by('member manager on Snickers');
        const viewer = await addUser('viewer', [grant('VIEWER', 'Snickers Ice')]);
        await ok(ASSIGN, { input: { principalId: viewer.id, roleKey: 'SNICKERS_PEOPLE', brandId: tree['Snickers Ice'] } });
        await ok(REVOKE, { id: viewer.assignments[0] });
      }],
      ['MEMBER_MANAGE + MEMBER_READ, org-wide', 'changes a user holding no more than they do', async () => {
        const ok = by('MEMBER_MANAGE + MEMBER_READ, org-wide');
        const newcomer = await addUser('newcomer', []);
        await ok(UPDATE_USER, { input: { id: newcomer.id, password: 'set by the people team', displayName: 'Newcomer' } });
        await ok(STATUS('deactivateUser'), { id: newcomer.id });
        await ok(STATUS('reactivateUser'), { id: newcomer.id });
        await ok(ASSIGN, { input: { principalId: newcomer.id, roleKey: 'PEOPLE', brandId: null } });
      }],
      ['ROLE_MANAGE only, org-wide', 'defines, changes and deletes a role holding only role:manage', async () => {
        const ok = by('ROLE_MANAGE only, org-wide');
        await ok(CREATE_ROLE, { input: { key: 'ROLE_DEPUTY', name: 'Deputy', permissions: ['ROLE_MANAGE'] } });
        await ok(UPDATE_ROLE, { input: { key: 'ROLE_DEPUTY', name: 'Role deputy' } });
        await ok(DELETE_ROLE, { key: 'ROLE_DEPUTY' });
      }],
      ['INTEGRATION on Snickers', 'creates and revokes an INTEGRATION key in its subtree', async () => {
        const ok = by('INTEGRATION on Snickers');
        const { createApiKey } = await ok(CREATE_KEY, { input: { name: 'Ice feed', roleKey: 'INTEGRATION', brandId: tree['Snickers Ice'] } });
        await ok(REVOKE_KEY, { id: createApiKey.apiKey.id });
      }],
    ];
    it.each(LEGITIMATE)('%s %s', async (_actor, _what, run) => {
      await run();
    });
  });

  describe('the reproductions of issue 13', () => {
    const refusal = (body: GraphQLResponse) => [errorCodes(body), body.errors?.[0]?.extensions.reason];

    it('finding 1: role:manage alone cannot make its own role everything, then mint an ORG_ADMIN key', async () => {
      const roleManager = actors.get('ROLE_MANAGE only, org-wide')!;
      const update = await t.gql(UPDATE_ROLE, { input: { key: 'ROLE_ADMIN', permissions: ALL } }, roleManager.token);
      expect(refusal(update)).toEqual([['FORBIDDEN'], 'OWN_ROLE']);
      expect(errorCodes(await t.gql(CREATE_KEY, { input: { name: 'Root', roleKey: 'ORG_ADMIN', brandId: null } }, roleManager.token))).toEqual(['FORBIDDEN']);
      const { roles } = await admin(`{ roles { key permissions } }`);
      expect(roles.find((r: { key: string }) => r.key === 'ROLE_ADMIN').permissions).toEqual(['ROLE_MANAGE']);
    });

    it('finding 2: member:manage cannot take over an org admin (password, email, deactivation)', async () => {
      const people = actors.get('MEMBER_MANAGE + MEMBER_READ, org-wide')!;
      const victim = await t.createMember(org, 'victim-admin', [grant('ORG_ADMIN', null)]);
      const attempts: [string, Record<string, unknown>][] = [
        [UPDATE_USER, { input: { id: victim.id, password: 'now it is mine, admin' } }],
        [UPDATE_USER, { input: { id: victim.id, email: 'attacker@attacker.example' } }],
        [STATUS('deactivateUser'), { id: victim.id }],
      ];
      for (const [query, variables] of attempts) {
        const body = await t.gql(query, variables, people.token);
        expect(refusal(body)).toEqual([['FORBIDDEN'], 'PRINCIPAL_OUTRANKS_ACTOR']);
        expect(body.errors![0].extensions.missing).toEqual(ALL.map((name) => P[name as keyof typeof P]).filter((p) => p !== P.MEMBER_MANAGE && p !== P.MEMBER_READ));
      }
      expect(errorCodes(await t.gql(`mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: victim.email, p: 'now it is mine, admin' }))).toEqual(['UNAUTHENTICATED']);
      expect((await t.ok(`{ viewer { isOrgAdmin user { email status } } }`, {}, victim.token)).viewer).toEqual({ isOrgAdmin: true, user: { email: victim.email, status: 'ACTIVE' } });
    });

    it('a stronger principal out of the caller\'s sight answers like an unknown id', async () => {
      const manager = actors.get('BRAND_MANAGER on Snickers')!;
      const unknown = '00000000-0000-4000-8000-000000000000';
      const answer = async (principalId: string) => {
        const body = await t.gql(ASSIGN, { input: { principalId, roleKey: 'ZOOM_AGENT', brandId: tree.Snickers } }, manager.token);
        return JSON.parse(JSON.stringify(body.errors).replaceAll(principalId, '<id>'));
      };
      expect(await answer(targets.get('a second org admin')!.id)).toEqual(await answer(unknown));
      expect((await answer(unknown))[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.principalId' });
    });

    it.each<[Brand, string]>([
      ['Dove', 'beside it'],
      ['Mars', 'below it'],
    ])('finding 10b: explainPermission for the Snickers agent on %s names no ancestor and says no assignment covers it', async (brand, where) => {
      const agent = actors.get('ZOOM_AGENT on Snickers')!;
      const { explainPermission } = await admin(EXPLAIN, { principalId: agent.id, permission: 'BRAND_READ', brandId: tree[brand] });
      expect(explainPermission).toEqual({ allowed: false, grantedBy: [], reason: expect.not.stringContaining('ancestor') });
      expect(explainPermission.reason).toContain('None of the principal\'s assignments covers this brand');
      expect(explainPermission.reason).toContain(`ZOOM_AGENT on Snickers (${where})`);
      // On the brand itself and below, the same assignment is named for what it is.
      const ice = (await admin(EXPLAIN, { principalId: agent.id, permission: 'POST_APPROVE', brandId: tree['Snickers Ice'] })).explainPermission;
      expect(ice.reason).toContain('ZOOM_AGENT on Snickers (an ancestor), which does not include post:approve');
    });
  });
});
