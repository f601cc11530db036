import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { BUILT_IN_ROLES, BuiltInRole, Permission } from '../libs/auth';
import { builders, errorCodes, GraphQLResponse, TestApp, TestMember, TestOrganization, UMBRELLA_TREE } from './support';

/**
 * Managing who may do what: custom roles, assignments and their limits, explanations, users
 * and API keys, in an organization of its own with the tree
 *
 *   Umbrella -> { Snickers -> { Snickers Ice }, Dove -> { Dove Bar } }
 *
 * What each role reaches in that tree is in roles-matrix.e2e-spec.ts.
 */
type BrandName = 'Umbrella' | 'Snickers' | 'Snickers Ice' | 'Dove' | 'Dove Bar';
type Tree = Record<BrandName, string>;

/** GraphQL names of permissions (BRAND_READ for brand:read), in the order given. */
const NAME_OF = Object.fromEntries(Object.entries(Permission).map(([name, value]) => [value, name])) as Record<Permission, string>;
const names = (permissions: readonly Permission[]) => permissions.map((p) => NAME_OF[p]);
/** The distinct input fields a BAD_USER_INPUT error names in `extensions.fields`. */
const namedFields = (body: GraphQLResponse) => [...new Set(((body.errors?.[0]?.extensions.fields ?? []) as { field: string }[]).map((f) => f.field))];
const nodes = <T = any>(connection: { edges: { node: T }[] }) => connection.edges.map((e) => e.node);

const CREATE_BRAND = `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id name parent { id } } }`;
const UPDATE_BRAND = `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id description } }`;
const BRAND = `query ($id: ID!) { brand(id: $id) { id name viewerPermissions } }`;
const BRANDS = `query ($search: String) { brands(first: 100, filter: { search: $search }) { totalCount edges { node { name } } } }`;
const ASSIGN = `mutation ($input: AssignRoleInput!) { assignRole(input: $input) { id roleKey brandId principalId } }`;
const REVOKE = `mutation ($id: ID!) { revokeRoleAssignment(id: $id) { id roleKey } }`;
const ASSIGNMENTS = `query ($filter: RoleAssignmentFilter) { roleAssignments(first: 100, filter: $filter) { totalCount edges { node { id roleKey brandId } } } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const VIEWER = `{ viewer { id kind isOrgAdmin permissions user { id } apiKey { id name } } }`;

// Many cases create users and sign in: argon2 is slow on purpose.
jest.setTimeout(180_000);

describe('roles, assignments, users and API keys', () => {
  let t: TestApp;
  let org: TestOrganization;
  let tree: Tree;
  let agent: TestMember; // ZOOM_AGENT on Snickers
  let manager: TestMember; // BRAND_MANAGER on Snickers
  let analyst: TestMember; // ANALYST on Snickers
  let creator: TestMember; // CONTENT_CREATOR on Snickers
  let doveCreator: TestMember; // CONTENT_CREATOR on Dove
  let multi: TestMember; // CONTENT_CREATOR on Umbrella and APPROVER on Snickers

  const admin = <T = any>(query: string, variables: Record<string, unknown> = {}) => t.ok<T>(query, variables, org.adminToken);
  const on = (name: BrandName, roleKey: string) => ({ roleKey, brandId: tree[name] });
  const assignmentsOf = async (principalId: string) => nodes((await admin(ASSIGNMENTS, { filter: { principalId } })).roleAssignments);
  const visibleBrands = async (token: string, search?: string) => {
    const { brands } = await t.ok(BRANDS, { search }, token);
    expect(brands.totalCount).toBe(brands.edges.length);
    return nodes(brands).map((b) => b.name);
  };

  const buildTree = (owner: TestOrganization): Promise<Tree> => builders(t, owner.adminToken).tree(UMBRELLA_TREE);

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Roles');
    tree = await buildTree(org);
    agent = await t.createMember(org, 'agent', [on('Snickers', 'ZOOM_AGENT')]);
    manager = await t.createMember(org, 'manager', [on('Snickers', 'BRAND_MANAGER')]);
    analyst = await t.createMember(org, 'analyst', [on('Snickers', 'ANALYST')]);
    creator = await t.createMember(org, 'creator', [on('Snickers', 'CONTENT_CREATOR')]);
    doveCreator = await t.createMember(org, 'dove-creator', [on('Dove', 'CONTENT_CREATOR')]);
    multi = await t.createMember(org, 'multi', [on('Umbrella', 'CONTENT_CREATOR'), on('Snickers', 'APPROVER')]);
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  describe('custom roles', () => {
    const ROLE_FIELDS = `key name description builtIn permissions`;
    const CREATE_ROLE = `mutation ($input: CreateRoleInput!) { createRole(input: $input) { ${ROLE_FIELDS} } }`;
    const UPDATE_ROLE = `mutation ($input: UpdateRoleInput!) { updateRole(input: $input) { ${ROLE_FIELDS} } }`;
    const DELETE_ROLE = `mutation ($key: String!) { deleteRole(key: $key) { ${ROLE_FIELDS} } }`;
    const ROLES = `{ roles { ${ROLE_FIELDS} } }`;
    const valid = { key: 'SOCIAL_LEAD', name: 'Social lead', permissions: ['BRAND_READ', 'POST_CREATE'] };

    it('createRole defines a role; roles lists the built-ins, then the organization\'s own', async () => {
      const { createRole } = await admin(CREATE_ROLE, { input: { ...valid, name: ' Social lead ', description: 'Leads the feeds', permissions: ['BRAND_READ', 'POST_CREATE', 'POST_CREATE'] } });
      expect(createRole).toEqual({ ...valid, description: 'Leads the feeds', builtIn: false });
      const builtIns = Object.values(BuiltInRole).map((key) => ({
        key, name: BUILT_IN_ROLES[key].name, description: BUILT_IN_ROLES[key].description, builtIn: true, permissions: names(BUILT_IN_ROLES[key].permissions),
      }));
      // Anyone signed in may read the catalogue.
      for (const token of [org.adminToken, creator.token]) {
        const { roles } = await t.ok(ROLES, {}, token);
        expect(roles.slice(0, builtIns.length)).toEqual(builtIns);
        expect(roles.slice(builtIns.length)).toContainEqual(createRole);
      }
    });

    it('a built-in key or a key already taken is CONFLICT', async () => {
      for (const key of ['ORG_ADMIN', 'ZOOM_AGENT', 'SOCIAL_LEAD']) {
        const body = await t.gql(CREATE_ROLE, { input: { ...valid, key } }, org.adminToken);
        expect([key, errorCodes(body)]).toEqual([key, ['CONFLICT']]);
      }
    });

    const badInputs: [string, string, Record<string, unknown>, string][] = [
      ['a lower-case key', CREATE_ROLE, { input: { ...valid, key: 'social_lead' } }, 'input.key'],
      ['a one-letter key', CREATE_ROLE, { input: { ...valid, key: 'S' } }, 'input.key'],
      ['a 41-character key', CREATE_ROLE, { input: { ...valid, key: 'S'.repeat(41) } }, 'input.key'],
      ['a blank name', CREATE_ROLE, { input: { ...valid, key: 'BLANK', name: '   ' } }, 'input.name'],
      ['no permissions', CREATE_ROLE, { input: { ...valid, key: 'EMPTY', permissions: [] } }, 'input.permissions'],
      ['an update clearing the name', UPDATE_ROLE, { input: { key: 'SOCIAL_LEAD', name: null } }, 'input.name'],
      ['an update to no permissions', UPDATE_ROLE, { input: { key: 'SOCIAL_LEAD', permissions: [] } }, 'input.permissions'],
      ['an update of a built-in role', UPDATE_ROLE, { input: { key: 'ZOOM_AGENT', permissions: ['BRAND_READ'] } }, 'input.key'],
      ['deleting a built-in role', DELETE_ROLE, { key: 'ANALYST' }, 'key'],
      ['deleting a malformed key', DELETE_ROLE, { key: 'not a key' }, 'key'],
    ];
    it.each(badInputs)('%s is BAD_USER_INPUT naming the field', async (_case, query, variables, field) => {
      const body = await t.gql(query, variables, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(body)).toEqual([field]);
    });

    it('an unknown permission is BAD_USER_INPUT, and built-in roles stay as they are', async () => {
      const body = await t.gql(CREATE_ROLE, { input: { ...valid, key: 'UNKNOWN', permissions: ['BRAND_READ', 'FLY'] } }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0].message).toContain('permissions');
      const { roles } = await admin(ROLES);
      expect(roles.find((r: any) => r.key === 'ZOOM_AGENT').permissions).toEqual(names(BUILT_IN_ROLES.ZOOM_AGENT.permissions));
      expect(roles.map((r: any) => r.key)).not.toContain('UNKNOWN');
    });

    it('only role:manage held org-wide may define, change or delete roles', async () => {
      const brandAdmin = await t.createMember(org, 'snickers-admin', [on('Snickers', 'ORG_ADMIN')]);
      for (const token of [manager.token, brandAdmin.token, analyst.token]) {
        for (const [query, variables] of [
          [CREATE_ROLE, { input: { ...valid, key: 'SNEAKY' } }],
          [UPDATE_ROLE, { input: { key: 'SOCIAL_LEAD', permissions: ['ROLE_MANAGE'] } }],
          [DELETE_ROLE, { key: 'SOCIAL_LEAD' }],
        ] as const) {
          const body = await t.gql(query, variables, token);
          expect(errorCodes(body)).toEqual(['FORBIDDEN']);
          expect(body.errors![0].extensions.permission).toBe(Permission.ROLE_MANAGE);
        }
      }
      const { roles } = await admin(ROLES);
      expect(roles.find((r: any) => r.key === 'SOCIAL_LEAD').permissions).toEqual(valid.permissions);
      expect(roles.map((r: any) => r.key)).not.toContain('SNEAKY');
    });

    it('updateRole changes what holders may do on their next request', async () => {
      const editor = await t.createMember(org, 'editor');
      await admin(CREATE_ROLE, { input: { key: 'BRAND_EDITOR', name: 'Brand editor', permissions: ['BRAND_READ'] } });
      await admin(ASSIGN, { input: { principalId: editor.id, ...on('Snickers', 'BRAND_EDITOR') } });
      const edit = () => t.gql(UPDATE_BRAND, { input: { id: tree['Snickers Ice'], description: 'Edited by the editor' } }, editor.token);
      const permissionsOnIce = async () => (await t.ok(BRAND, { id: tree['Snickers Ice'] }, editor.token)).brand.viewerPermissions;

      expect(errorCodes(await edit())).toEqual(['FORBIDDEN']);
      expect(await permissionsOnIce()).toEqual(['BRAND_READ']);

      const { updateRole } = await admin(UPDATE_ROLE, { input: { key: 'BRAND_EDITOR', permissions: ['BRAND_MANAGE', 'BRAND_READ'], description: 'Edits brands' } });
      expect(updateRole).toEqual({ key: 'BRAND_EDITOR', name: 'Brand editor', description: 'Edits brands', builtIn: false, permissions: ['BRAND_MANAGE', 'BRAND_READ'] });
      expect(await permissionsOnIce()).toEqual(['BRAND_READ', 'BRAND_MANAGE']);
      expect((await edit()).data).toEqual({ updateBrand: { id: tree['Snickers Ice'], description: 'Edited by the editor' } });

      // Without brand:read the role's brands vanish for its holders; holding it nowhere, the brand list is refused at the door.
      await admin(UPDATE_ROLE, { input: { key: 'BRAND_EDITOR', permissions: ['BRAND_MANAGE'] } });
      expect(errorCodes(await edit())).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(BRANDS, {}, editor.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(UPDATE_ROLE, { input: { key: 'NO_SUCH_ROLE', name: 'Ghost' } }, org.adminToken))).toEqual(['NOT_FOUND']);
    });

    it('deleteRole is CONFLICT while the role is assigned, and succeeds once revoked', async () => {
      const holder = await t.createMember(org, 'lead');
      const { assignRole } = await admin(ASSIGN, { input: { principalId: holder.id, ...on('Snickers Ice', 'SOCIAL_LEAD') } });
      const refused = await t.gql(DELETE_ROLE, { key: 'SOCIAL_LEAD' }, org.adminToken);
      expect(errorCodes(refused)).toEqual(['CONFLICT']);
      expect(refused.errors![0].extensions.assignments).toBe(1);
      expect((await t.ok(BRAND, { id: tree['Snickers Ice'] }, holder.token)).brand.viewerPermissions).toEqual(['BRAND_READ', 'POST_CREATE']);

      await admin(REVOKE, { id: assignRole.id });
      expect((await admin(DELETE_ROLE, { key: 'SOCIAL_LEAD' })).deleteRole.key).toBe('SOCIAL_LEAD');
      expect((await admin(ROLES)).roles.map((r: any) => r.key)).not.toContain('SOCIAL_LEAD');
      const reassign = await t.gql(ASSIGN, { input: { principalId: holder.id, ...on('Snickers Ice', 'SOCIAL_LEAD') } }, org.adminToken);
      expect(errorCodes(reassign)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(reassign)).toEqual(['input.roleKey']);
      expect(errorCodes(await t.gql(DELETE_ROLE, { key: 'SOCIAL_LEAD' }, org.adminToken))).toEqual(['NOT_FOUND']);
    });
  });

  describe('assignRole and revokeRoleAssignment', () => {
    it('refuses a duplicate (CONFLICT), an unknown role (BAD_USER_INPUT) and another organization\'s principal or brand (NOT_FOUND)', async () => {
      const member = await t.createMember(org, 'assignee');
      for (const input of [{ principalId: member.id, ...on('Snickers Ice', 'CONTENT_CREATOR') }, { principalId: member.id, roleKey: 'ANALYST', brandId: null }]) {
        await admin(ASSIGN, { input });
        expect(errorCodes(await t.gql(ASSIGN, { input }, org.adminToken))).toEqual(['CONFLICT']);
      }
      const unknown = await t.gql(ASSIGN, { input: { principalId: member.id, ...on('Snickers', 'NO_SUCH_ROLE') } }, org.adminToken);
      expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(unknown)).toEqual(['input.roleKey']);

      const other = await t.createOrganization('Elsewhere');
      const stranger = await t.createMember(other, 'stranger');
      const theirBrand = await builders(t, other.adminToken).brand('Theirs');
      for (const [input, field] of [
        [{ principalId: stranger.id, ...on('Snickers', 'CONTENT_CREATOR') }, 'input.principalId'],
        [{ principalId: member.id, roleKey: 'CONTENT_CREATOR', brandId: theirBrand }, 'input.brandId'],
      ] as const) {
        const body = await t.gql(ASSIGN, { input }, org.adminToken);
        expect(errorCodes(body)).toEqual(['NOT_FOUND']);
        expect(body.errors![0].extensions.field).toBe(field);
      }
      expect(await assignmentsOf(member.id)).toHaveLength(2);
    });

    it('a BRAND_MANAGER on Snickers grants only what they hold, only in the Snickers subtree', async () => {
      const target = await t.createMember(org, 'promoted');
      const assign = (roleKey: string, brandId: string | null) => t.gql(ASSIGN, { input: { principalId: target.id, roleKey, brandId } }, manager.token);

      const escalation = await assign('ORG_ADMIN', tree.Snickers);
      expect(errorCodes(escalation)).toEqual(['FORBIDDEN']);
      const missing = BUILT_IN_ROLES.ORG_ADMIN.permissions.filter((p) => !BUILT_IN_ROLES.BRAND_MANAGER.permissions.includes(p));
      expect(missing).toEqual([Permission.ROLE_MANAGE, Permission.INTEGRATION_MANAGE]);
      expect(escalation.errors![0].extensions.missing).toEqual(missing);
      for (const permission of missing) expect(escalation.errors![0].message).toContain(permission);

      const orgWide = await assign('CONTENT_CREATOR', null);
      expect(errorCodes(orgWide)).toEqual(['FORBIDDEN']);
      expect(orgWide.errors![0].extensions.permission).toBe(Permission.MEMBER_MANAGE);
      expect(errorCodes(await assign('ZOOM_AGENT', tree.Dove))).toEqual(['NOT_FOUND']);

      const granted = await assign('ZOOM_AGENT', tree['Snickers Ice']);
      expect(granted.data!.assignRole).toMatchObject({ roleKey: 'ZOOM_AGENT', brandId: tree['Snickers Ice'], principalId: target.id });
      expect((await assignmentsOf(target.id)).map((a) => [a.roleKey, a.brandId])).toEqual([['ZOOM_AGENT', tree['Snickers Ice']]]);
      expect(await visibleBrands(target.token)).toEqual(['Snickers Ice']);
    });

    it('revoking takes effect on the next request, within the same limits as assigning', async () => {
      const member = await t.createMember(org, 'revokee', [on('Snickers', 'ZOOM_AGENT')]);
      const [assignment] = await assignmentsOf(member.id);
      expect((await t.ok(BRAND, { id: tree.Snickers }, member.token)).brand.name).toBe('Snickers');

      expect((await t.ok(REVOKE, { id: assignment.id }, manager.token)).revokeRoleAssignment).toEqual({ id: assignment.id, roleKey: 'ZOOM_AGENT' });
      // Left with no role, the member holds brand:read nowhere: brand reads are refused at the door.
      expect(errorCodes(await t.gql(BRAND, { id: tree.Snickers }, member.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(BRANDS, {}, member.token))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await t.gql(REVOKE, { id: assignment.id }, org.adminToken))).toEqual(['NOT_FOUND']);

      const [onDove] = await assignmentsOf(doveCreator.id);
      const [adminGrant] = await assignmentsOf((await admin(VIEWER)).viewer.id);
      expect(errorCodes(await t.gql(REVOKE, { id: onDove.id }, manager.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(REVOKE, { id: adminGrant.id }, manager.token))).toEqual(['FORBIDDEN']);
      // The agent holds member:manage nowhere: refused at the door, whatever the assignment.
      expect(errorCodes(await t.gql(REVOKE, { id: onDove.id }, agent.token))).toEqual(['FORBIDDEN']);
      expect(await assignmentsOf(doveCreator.id)).toEqual([onDove]);
    });

    it('the last active org-wide ORG_ADMIN cannot be revoked', async () => {
      const own = await t.createOrganization('Last Admin');
      const adminOf = async (token: string) => {
        const { viewer } = await t.ok(VIEWER, {}, token);
        const { roleAssignments } = await t.ok(ASSIGNMENTS, { filter: { principalId: viewer.id, roleKey: 'ORG_ADMIN' } }, own.adminToken);
        return nodes(roleAssignments)[0].id as string;
      };
      const first = await adminOf(own.adminToken);
      expect(errorCodes(await t.gql(REVOKE, { id: first }, own.adminToken))).toEqual(['CONFLICT']);

      const second = await t.createMember(own, 'second-admin', [{ roleKey: 'ORG_ADMIN', brandId: null }]);
      const secondGrant = await adminOf(second.token);
      // A deactivated admin does not count.
      await t.ok(`mutation ($id: ID!) { deactivateUser(id: $id) { status } }`, { id: second.id }, own.adminToken);
      expect(errorCodes(await t.gql(REVOKE, { id: first }, own.adminToken))).toEqual(['CONFLICT']);
      await t.ok(`mutation ($id: ID!) { reactivateUser(id: $id) { status } }`, { id: second.id }, own.adminToken);
      // Tokens issued before the deactivation stay ended: the second admin signs in again.
      const secondToken = await t.login(second.email, second.password);

      await t.ok(REVOKE, { id: first }, secondToken);
      expect((await t.ok(VIEWER, {}, own.adminToken)).viewer).toMatchObject({ isOrgAdmin: false, permissions: [] });
      expect(errorCodes(await t.gql(REVOKE, { id: secondGrant }, secondToken))).toEqual(['CONFLICT']);
    });
  });

  describe('explainPermission', () => {
    const EXPLAIN = `query ($principalId: ID!, $permission: Permission!, $brandId: ID!) {
      explainPermission(principalId: $principalId, permission: $permission, brandId: $brandId) {
        allowed permission principalId brandId reason grantedBy { id roleKey brand { name } } } }`;
    const explain = (token: string, principal: TestMember, permission: string, brand: BrandName) =>
      t.gql(EXPLAIN, { principalId: principal.id, permission, brandId: tree[brand] }, token);
    const byRole = <T extends { roleKey: string }>(grants: T[]) => [...grants].sort((a, b) => a.roleKey.localeCompare(b.roleKey));

    it('names the Snickers assignment that lets the agent draft on Snickers Ice, to an admin and to the agent', async () => {
      const [assignment] = await assignmentsOf(agent.id);
      for (const token of [org.adminToken, agent.token]) {
        const { data } = await explain(token, agent, 'POST_CREATE', 'Snickers Ice');
        expect(data!.explainPermission).toEqual({
          allowed: true, permission: 'POST_CREATE', principalId: agent.id, brandId: tree['Snickers Ice'],
          grantedBy: [{ id: assignment.id, roleKey: 'ZOOM_AGENT', brand: { name: 'Snickers' } }],
          reason: expect.stringContaining('ZOOM_AGENT on Snickers'),
        });
      }
    });

    it('says the agent may not approve, and what they hold instead', async () => {
      const { data } = await explain(org.adminToken, agent, 'POST_APPROVE', 'Snickers Ice');
      expect(data!.explainPermission).toMatchObject({ allowed: false, permission: 'POST_APPROVE', grantedBy: [] });
      expect(data!.explainPermission.reason).toContain('ZOOM_AGENT on Snickers');
    });

    it('lists every assignment that grants the permission, and only those', async () => {
      const assignments = byRole(await assignmentsOf(multi.id));
      const { data } = await explain(org.adminToken, multi, 'BRAND_READ', 'Snickers Ice');
      expect(data!.explainPermission.allowed).toBe(true);
      expect(byRole(data!.explainPermission.grantedBy)).toEqual([
        { id: assignments[0].id, roleKey: 'APPROVER', brand: { name: 'Snickers' } },
        { id: assignments[1].id, roleKey: 'CONTENT_CREATOR', brand: { name: 'Umbrella' } },
      ]);
      const approve = (await explain(org.adminToken, multi, 'POST_APPROVE', 'Snickers Ice')).data!.explainPermission;
      expect(approve.grantedBy).toEqual([{ id: assignments[0].id, roleKey: 'APPROVER', brand: { name: 'Snickers' } }]);
      expect((await explain(org.adminToken, multi, 'POST_APPROVE', 'Dove')).data!.explainPermission).toMatchObject({ allowed: false, grantedBy: [] });
    });

    it('needs member:read on the brand to ask about someone else; anyone may ask about themselves', async () => {
      const hidden = await explain(agent.token, doveCreator, 'POST_CREATE', 'Dove');
      expect(errorCodes(hidden)).toEqual(['NOT_FOUND']);
      expect(hidden.errors![0].extensions).toMatchObject({ entity: 'Brand', field: 'brandId' });
      expect((await explain(agent.token, creator, 'POST_CREATE', 'Snickers Ice')).data!.explainPermission.allowed).toBe(true);

      const refused = await explain(creator.token, agent, 'POST_CREATE', 'Snickers');
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.errors![0].extensions.permission).toBe(Permission.MEMBER_READ);
      expect((await explain(creator.token, creator, 'POST_CREATE', 'Snickers')).data!.explainPermission.allowed).toBe(true);
      expect((await explain(creator.token, creator, 'POST_APPROVE', 'Snickers')).data!.explainPermission.allowed).toBe(false);
      expect(errorCodes(await explain(doveCreator.token, doveCreator, 'POST_CREATE', 'Snickers'))).toEqual(['NOT_FOUND']);
    });

    it('never names a brand the caller cannot see', async () => {
      // multi draws POST_CREATE on Snickers from Umbrella, which the agent cannot see.
      const allowed = (await explain(agent.token, multi, 'POST_CREATE', 'Snickers')).data!.explainPermission;
      expect(allowed).toMatchObject({ allowed: true, grantedBy: [{ roleKey: 'CONTENT_CREATOR', brand: null }] });
      expect(allowed.reason).not.toContain('Umbrella');
      const denied = (await explain(agent.token, multi, 'POST_PUBLISH', 'Snickers')).data!.explainPermission;
      expect(denied.allowed).toBe(false);
      expect(denied.reason).toContain('APPROVER on Snickers');
      expect(denied.reason).not.toContain('Umbrella');
    });
  });

  describe('users', () => {
    const USER_FIELDS = `id email displayName status roleAssignments { roleKey brandId }`;
    const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
    const UPDATE_USER = `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { id email displayName } }`;
    const SET_STATUS = (mutation: string) => `mutation ($id: ID!) { ${mutation}(id: $id) { id status } }`;
    const PASSWORD = 'a sufficiently long password';
    let n = 0;
    const newUser = (input: Record<string, unknown> = {}) => ({ email: `user-${++n}@${org.slug}.example`, displayName: `User ${n}`, password: PASSWORD, ...input });
    const exists = async (email: string) => (await admin(`query ($s: String) { users(filter: { search: $s }) { totalCount } }`, { s: email })).users.totalCount === 1;

    it('createUser adds a user who signs in with the roles given', async () => {
      const input = newUser({ email: `New.Agent@${org.slug}.example`, roles: [on('Snickers', 'ZOOM_AGENT')] });
      const { createUser } = await admin(CREATE_USER, { input });
      expect(createUser).toMatchObject({ email: input.email.toLowerCase(), status: 'ACTIVE', roleAssignments: [{ roleKey: 'ZOOM_AGENT', brandId: tree.Snickers }] });
      const token = await t.login(input.email, PASSWORD);
      expect(await visibleBrands(token)).toEqual(['Snickers', 'Snickers Ice']);
      const taken = await t.gql(CREATE_USER, { input: newUser({ email: input.email.toUpperCase() }) }, org.adminToken);
      expect(errorCodes(taken)).toEqual(['CONFLICT']);
    });

    it('createUser checks each role like assignRole, and creates nobody when one fails', async () => {
      const create = (input: Record<string, unknown>, token = manager.token) => t.gql(CREATE_USER, { input }, token);
      const ok = newUser({ roles: [on('Snickers Ice', 'ZOOM_AGENT')] });
      expect((await create(ok)).data!.createUser.roleAssignments).toEqual([{ roleKey: 'ZOOM_AGENT', brandId: tree['Snickers Ice'] }]);

      const refusals: [Record<string, unknown>, string, string?][] = [
        [newUser({ roles: [on('Snickers', 'ORG_ADMIN')] }), 'FORBIDDEN'],
        [newUser({ roles: [on('Snickers Ice', 'CONTENT_CREATOR'), on('Dove', 'ZOOM_AGENT')] }), 'NOT_FOUND', 'input.roles.1.brandId'],
        [newUser({ roles: [{ roleKey: 'CONTENT_CREATOR', brandId: null }] }), 'FORBIDDEN'],
        [newUser({ roles: [on('Snickers', 'NOPE')] }), 'BAD_USER_INPUT'],
        [newUser(), 'FORBIDDEN'], // a user with no role needs member:manage org-wide
      ];
      for (const [input, code, field] of refusals) {
        const body = await create(input);
        expect([input.email, errorCodes(body)]).toEqual([input.email, [code]]);
        if (field) expect(body.errors![0].extensions.field).toBe(field);
        expect(await exists(input.email as string)).toBe(false);
      }
      expect(errorCodes(await create(newUser({ roles: [on('Snickers', 'CONTENT_CREATOR')] }), agent.token))).toEqual(['FORBIDDEN']);
    });

    const badInputs: [string, Record<string, unknown>, string][] = [
      ['a password of 11 characters', { password: 'x'.repeat(11) }, 'input.password'],
      ['an email that is not one', { email: 'not-an-email' }, 'input.email'],
      ['a blank display name', { displayName: '  ' }, 'input.displayName'],
      ['a role on a brand id that is not a uuid', { roles: [{ roleKey: 'ANALYST', brandId: 'snickers' }] }, 'input.roles.0.brandId'],
    ];
    it.each(badInputs)('createUser with %s is BAD_USER_INPUT naming the field', async (_case, input, field) => {
      const body = await t.gql(CREATE_USER, { input: newUser(input) }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(namedFields(body)).toEqual([field]);
    });

    it('updateUser: anyone edits themselves; a new own password needs the current one, even for an admin', async () => {
      const orgAdmin = await t.createMember(org, 'second-admin', [{ roleKey: 'ORG_ADMIN', brandId: null }]);
      const self = await t.createMember(org, 'self-editor', [on('Snickers', 'CONTENT_CREATOR')]);
      for (const member of [self, orgAdmin]) {
        const update = (input: Record<string, unknown>) => t.gql(UPDATE_USER, { input: { id: member.id, ...input } }, member.token);
        expect((await update({ displayName: 'Renamed Myself' })).data!.updateUser.displayName).toBe('Renamed Myself');
        for (const currentPassword of [undefined, 'not my password']) {
          const body = await update({ password: 'a brand new password', currentPassword });
          expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
          expect(namedFields(body)).toEqual(['input.currentPassword']);
        }
        expect((await update({ password: 'a brand new password', currentPassword: member.password })).errors).toBeUndefined();
        await t.login(member.email, 'a brand new password');
        expect(errorCodes(await t.gql(LOGIN, { email: member.email, password: member.password }))).toEqual(['UNAUTHENTICATED']);
      }
    });

    it('updateUser on someone else needs member:manage org-wide', async () => {
      const target = await t.createMember(org, 'edited', [on('Snickers Ice', 'CONTENT_CREATOR')]);
      for (const token of [agent.token, manager.token]) {
        const body = await t.gql(UPDATE_USER, { input: { id: target.id, displayName: 'Hijacked' } }, token);
        expect(errorCodes(body)).toEqual(['FORBIDDEN']);
        expect(body.errors![0].extensions.permission).toBe(Permission.MEMBER_MANAGE);
      }
      expect((await admin(UPDATE_USER, { input: { id: target.id, displayName: 'Edited', password: 'reset by the admin' } })).updateUser.displayName).toBe('Edited');
      await t.login(target.email, 'reset by the admin');
    });

    it('deactivateUser stops the user\'s token at once; reactivateUser lets them back in', async () => {
      const member = await t.createMember(org, 'leaver', [on('Snickers', 'ZOOM_AGENT')]);
      expect((await t.ok(VIEWER, {}, member.token)).viewer.id).toBe(member.id);
      expect(errorCodes(await t.gql(SET_STATUS('deactivateUser'), { id: member.id }, manager.token))).toEqual(['FORBIDDEN']);

      expect((await admin(SET_STATUS('deactivateUser'), { id: member.id })).deactivateUser).toEqual({ id: member.id, status: 'DEACTIVATED' });
      expect(errorCodes(await t.gql(VIEWER, {}, member.token))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await t.gql(BRAND, { id: tree.Snickers }, member.token))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await t.gql(LOGIN, { email: member.email, password: member.password }))).toEqual(['UNAUTHENTICATED']);

      expect((await admin(SET_STATUS('reactivateUser'), { id: member.id })).reactivateUser.status).toBe('ACTIVE');
      const token = await t.login(member.email, member.password);
      expect((await t.ok(BRAND, { id: tree.Snickers }, token)).brand.name).toBe('Snickers');

      const { viewer } = await admin(VIEWER);
      expect(errorCodes(await t.gql(SET_STATUS('deactivateUser'), { id: viewer.id }, org.adminToken))).toEqual(['CONFLICT']);
    });

    it('users: member:read org-wide sees everyone; on a brand, those holding roles in its subtree, and oneself', async () => {
      const own = await t.createOrganization('People');
      const people = await buildTree(own);
      const member = (name: string, roles: { roleKey: string; brandId: string | null }[]) => t.createMember(own, name, roles);
      const brandManager = await member('manager', [{ roleKey: 'BRAND_MANAGER', brandId: people.Snickers }]);
      const iceAgent = await member('ice-agent', [{ roleKey: 'ZOOM_AGENT', brandId: people['Snickers Ice'] }]);
      const doveAgent = await member('dove-agent', [{ roleKey: 'ZOOM_AGENT', brandId: people.Dove }]);
      const both = await member('both', [{ roleKey: 'CONTENT_CREATOR', brandId: people['Snickers Ice'] }, { roleKey: 'APPROVER', brandId: people.Dove }]);
      const orgAnalyst = await member('org-analyst', [{ roleKey: 'ANALYST', brandId: null }]);
      const ownAdmin = (await t.ok(VIEWER, {}, own.adminToken)).viewer.id;
      const USERS = `{ users(first: 100) { totalCount edges { node { id roleAssignments { roleKey brandId } } } } }`;
      const seen = async (token: string) => {
        const { users } = await t.ok(USERS, {}, token);
        expect(users.totalCount).toBe(users.edges.length);
        return nodes(users);
      };
      const ids = (users: { id: string }[]) => users.map((u) => u.id).sort();

      const everyone = [ownAdmin, brandManager.id, iceAgent.id, doveAgent.id, both.id, orgAnalyst.id].sort();
      expect(ids(await seen(own.adminToken))).toEqual(everyone);
      expect(ids(await seen(orgAnalyst.token))).toEqual(everyone);
      const managed = await seen(brandManager.token);
      expect(ids(managed)).toEqual([brandManager.id, iceAgent.id, both.id].sort());
      // Of a user's roles, only those where the caller may see members show.
      expect(managed.find((u) => u.id === both.id).roleAssignments).toEqual([{ roleKey: 'CONTENT_CREATOR', brandId: people['Snickers Ice'] }]);
      expect(ids(await seen(iceAgent.token))).toEqual([iceAgent.id, both.id].sort());
      const firstPage = (await t.ok(`{ users(first: 1) { totalCount pageInfo { hasNextPage } } }`, {}, brandManager.token)).users;
      expect(firstPage).toEqual({ totalCount: 3, pageInfo: { hasNextPage: true } });

      const USER = `query ($id: ID!) { user(id: $id) { id } }`;
      for (const id of [doveAgent.id, ownAdmin, orgAnalyst.id]) expect(errorCodes(await t.gql(USER, { id }, brandManager.token))).toEqual(['NOT_FOUND']);
      for (const id of [iceAgent.id, both.id, brandManager.id]) expect((await t.ok(USER, { id }, brandManager.token)).user.id).toBe(id);
      expect(errorCodes(await t.gql(USER, { id: agent.id }, own.adminToken))).toEqual(['NOT_FOUND']);
    });
  });

  describe('API keys', () => {
    const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) {
      secret apiKey { id name prefix revokedAt roleAssignments { roleKey brandId } } } }`;
    const REVOKE_KEY = `mutation ($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
    const API_KEYS = `query ($includeRevoked: Boolean) { apiKeys(first: 100, includeRevoked: $includeRevoked) { totalCount edges { node { id name } } } }`;
    const createKey = async (name: string, roleKey: string, brandId: string | null, token = org.adminToken) =>
      (await t.ok(CREATE_KEY, { input: { name, roleKey, brandId } }, token)).createApiKey as { secret: string; apiKey: any };
    const keyNames = async (token: string, includeRevoked = false) => {
      const { apiKeys } = await t.ok(API_KEYS, { includeRevoked }, token);
      expect(apiKeys.totalCount).toBe(apiKeys.edges.length);
      return nodes(apiKeys).map((k) => k.name).sort();
    };
    let crm: { secret: string; apiKey: any };

    it('createApiKey answers the secret once; the database keeps only its SHA-256', async () => {
      crm = await createKey('CRM sync', 'INTEGRATION', tree.Snickers);
      expect(crm.secret).toMatch(/^psk_[A-Za-z0-9_-]{40,}$/);
      expect(crm.apiKey).toMatchObject({ name: 'CRM sync', revokedAt: null, roleAssignments: [{ roleKey: 'INTEGRATION', brandId: tree.Snickers }] });
      expect(crm.secret.startsWith(crm.apiKey.prefix)).toBe(true);
      expect(crm.apiKey.prefix.length).toBeLessThan(crm.secret.length / 2);

      const rows: Record<string, unknown>[] = await t.app.get(DataSource).query(`SELECT * FROM api_keys WHERE id = $1`, [crm.apiKey.id]);
      expect(rows).toHaveLength(1);
      const hidden = crm.secret.slice(crm.apiKey.prefix.length);
      for (const [column, value] of Object.entries(rows[0])) {
        expect([column, String(value).includes(hidden) || String(value).includes(crm.secret)]).toEqual([column, false]);
      }
      expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].secret_hash).toBe(createHash('sha256').update(crm.secret).digest('hex'));
    });

    it('the key is a principal limited to its assignment', async () => {
      const { viewer } = await t.ok(VIEWER, {}, crm.secret);
      expect(viewer).toEqual({ id: crm.apiKey.id, kind: 'API_KEY', isOrgAdmin: false, permissions: [], user: null, apiKey: { id: crm.apiKey.id, name: 'CRM sync' } });
      const created = await t.ok(CREATE_BRAND, { input: { name: 'Synced Line', parentId: tree.Snickers } }, crm.secret);
      expect(created.createBrand.parent).toEqual({ id: tree.Snickers });
      expect(errorCodes(await t.gql(CREATE_BRAND, { input: { name: 'Synced Dove', parentId: tree.Dove } }, crm.secret))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(BRAND, { id: tree.Dove }, crm.secret))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(CREATE_BRAND, { input: { name: 'Synced Root' } }, crm.secret))).toEqual(['FORBIDDEN']);
      expect(await visibleBrands(crm.secret)).toEqual(['Snickers', 'Snickers Ice', 'Synced Line']);
      expect(errorCodes(await t.gql(ASSIGN, { input: { principalId: crm.apiKey.id, ...on('Snickers', 'CONTENT_CREATOR') } }, crm.secret))).toEqual(['FORBIDDEN']);
    });

    it('revokeApiKey stops the key on its next request; apiKeys hides revoked keys unless asked', async () => {
      const temporary = await createKey('Short lived', 'INTEGRATION', tree['Snickers Ice']);
      expect((await t.ok(VIEWER, {}, temporary.secret)).viewer.kind).toBe('API_KEY');
      expect(await keyNames(org.adminToken)).toEqual(['CRM sync', 'Short lived']);

      const { revokeApiKey } = await admin(REVOKE_KEY, { id: temporary.apiKey.id });
      expect(revokeApiKey.revokedAt).toEqual(expect.any(String));
      expect(errorCodes(await t.gql(VIEWER, {}, temporary.secret))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await t.gql(BRAND, { id: tree['Snickers Ice'] }, temporary.secret))).toEqual(['UNAUTHENTICATED']);
      expect((await admin(REVOKE_KEY, { id: temporary.apiKey.id })).revokeApiKey).toEqual(revokeApiKey);

      expect(await keyNames(org.adminToken)).toEqual(['CRM sync']);
      expect(await keyNames(org.adminToken, true)).toEqual(['CRM sync', 'Short lived']);
    });

    it('nobody creates a key holding more than they hold, or acting where they cannot manage integrations', async () => {
      const integrator = await t.createMember(org, 'integrator', [on('Snickers', 'INTEGRATION')]);
      const attempt = (roleKey: string, brandId: string | null) => t.gql(CREATE_KEY, { input: { name: 'Overreach', roleKey, brandId } }, integrator.token);
      const tooMuch = await attempt('BRAND_MANAGER', tree.Snickers);
      expect(errorCodes(tooMuch)).toEqual(['FORBIDDEN']);
      expect(tooMuch.errors![0].extensions.missing).toEqual(BUILT_IN_ROLES.BRAND_MANAGER.permissions.filter((p) => !BUILT_IN_ROLES.INTEGRATION.permissions.includes(p)));
      expect(errorCodes(await attempt('ORG_ADMIN', tree['Snickers Ice']))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await attempt('INTEGRATION', null))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await attempt('INTEGRATION', tree.Dove))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(CREATE_KEY, { input: { name: 'Overreach', roleKey: 'INTEGRATION', brandId: tree.Snickers } }, agent.token))).toEqual(['FORBIDDEN']);
      const [{ count }] = await t.app.get(DataSource).query(`SELECT count(*)::int AS count FROM api_keys WHERE name = 'Overreach'`);
      expect(count).toBe(0);

      await createKey('Ice feed', 'INTEGRATION', tree['Snickers Ice'], integrator.token);
      await createKey('Dove feed', 'INTEGRATION', tree.Dove);
      expect(await keyNames(integrator.token)).toEqual(['CRM sync', 'Ice feed']);
      expect(await keyNames(org.adminToken)).toEqual(['CRM sync', 'Dove feed', 'Ice feed']);
    });

    it('a key acting on Dove does not exist for an integrator on Snickers', async () => {
      const integrator = await t.createMember(org, 'snickers-integrator', [on('Snickers', 'INTEGRATION')]);
      const dove = await createKey('Dove only', 'INTEGRATION', tree.Dove);
      const body = await t.gql(REVOKE_KEY, { id: dove.apiKey.id }, integrator.token);
      expect(errorCodes(body)).toEqual(['NOT_FOUND']);
      expect(body.errors![0].message).toBe(`ApiKey ${dove.apiKey.id} not found`);
      expect((await t.ok(VIEWER, {}, dove.secret)).viewer.apiKey.name).toBe('Dove only');
    });
  });
});
