import { ALL_PERMISSIONS, BUILT_IN_ROLES, BuiltInRole, Permission, READ_PERMISSIONS } from '../libs/auth';
import { builders, errorCodes, GraphQLResponse, TestApp, TestMember, TestOrganization, UMBRELLA_TREE } from './support';

/**
 * What a role reaches in the brand tree
 *
 *   Umbrella -> { Snickers -> { Snickers Ice }, Dove -> { Dove Bar } }
 *
 * First a matrix: every built-in role held on Snickers (and ORG_ADMIN held org-wide), every
 * brand operation, on Snickers, below it, beside it and above it. The expected outcome is
 * derived from BUILT_IN_ROLES, so the table is the access spec. Then the Snickers agent's
 * day, and what Brand.viewerPermissions and viewer tell a UI.
 */

type BrandName = 'Umbrella' | 'Snickers' | 'Snickers Ice' | 'Dove' | 'Dove Bar';
type Tree = Record<BrandName, string>;
type Outcome = 'ALLOWED' | 'FORBIDDEN' | 'NOT_FOUND';

interface Holder {
  label: string;
  roleKey: BuiltInRole;
  /** Held org-wide rather than on Snickers. */
  orgWide: boolean;
}

/** The targets, by where they sit relative to Snickers. */
const TARGETS: [BrandName, string][] = [
  ['Snickers', ''],
  ['Snickers Ice', 'below Snickers'],
  ['Dove', 'beside Snickers'],
  ['Umbrella', 'above Snickers'],
];
const SNICKERS_SUBTREE: readonly BrandName[] = ['Snickers', 'Snickers Ice'];

const HOLDERS: Holder[] = [
  ...Object.values(BuiltInRole).map((roleKey) => ({ label: `${roleKey} on Snickers`, roleKey, orgWide: false })),
  { label: 'ORG_ADMIN org-wide', roleKey: BuiltInRole.ORG_ADMIN, orgWide: true },
];

const CREATE_BRAND = `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id parent { id } } }`;
const CREATE_PROFILE = `mutation ($input: CreateSocialProfileInput!) { createSocialProfile(input: $input) { id status brand { id } } }`;
const ASSIGN = `mutation ($input: AssignRoleInput!) { assignRole(input: $input) { id roleKey brandId principalId } }`;
const BRAND = `query ($id: ID!) { brand(id: $id) { id name viewerPermissions } }`;
const BRANDS = `query ($search: String) { brands(first: 100, filter: { search: $search }) { totalCount edges { node { name viewerPermissions } } } }`;
const PROFILE = `query ($id: ID!) { socialProfile(id: $id) { id brand { name } } }`;
const MOVE = `mutation ($id: ID!, $newParentId: ID) { moveBrand(id: $id, newParentId: $newParentId) { id parent { id } } }`;

/** GraphQL names of permissions (BRAND_READ for brand:read), in the order given. */
const NAME_OF = Object.fromEntries(Object.entries(Permission).map(([name, value]) => [value, name])) as Record<Permission, string>;
const names = (permissions: readonly Permission[]) => permissions.map((p) => NAME_OF[p]);
/** What Brand.viewerPermissions answers for a set of permissions: the enum's order. */
const ordered = (permissions: readonly Permission[]) => names(ALL_PERMISSIONS.filter((p) => permissions.includes(p)));

interface Attempt {
  body: GraphQLResponse;
  /** Checks, as the org admin, that the operation took effect (allowed) or left no trace. */
  verify(allowed: boolean): Promise<void>;
}

interface Operation {
  name: string;
  /** The permission the operation needs on the target brand (its @Allow). */
  needs: Permission;
  /** Permissions the caller must also hold there because the operation hands them out. */
  grants?: readonly Permission[];
  attempt(holder: Holder, target: BrandName): Promise<Attempt>;
}

/**
 * A permission the holder's role grants nowhere is refused at the door (the guard, whatever the
 * target: the answer tells nothing about it). Past it, a brand the holder cannot read does not
 * exist for them; one they read but cannot act on is FORBIDDEN.
 */
function expectedOutcome(holder: Holder, operation: Operation, target: BrandName): Outcome {
  if (!BUILT_IN_ROLES[holder.roleKey].permissions.includes(operation.needs)) return 'FORBIDDEN';
  const covered = holder.orgWide || SNICKERS_SUBTREE.includes(target);
  const held: readonly Permission[] = covered ? BUILT_IN_ROLES[holder.roleKey].permissions : [];
  if (!held.includes(Permission.BRAND_READ)) return 'NOT_FOUND';
  if (!held.includes(operation.needs)) return 'FORBIDDEN';
  if (operation.grants?.some((p) => !held.includes(p))) return 'FORBIDDEN';
  return 'ALLOWED';
}

describe('what a role reaches in the brand tree', () => {
  let t: TestApp;
  let org: TestOrganization;
  let tree: Tree;
  /** A standing profile on each brand, for updateSocialProfile. */
  const profiles = {} as Record<BrandName, string>;
  /** The member holding each holder's role, and a user with no role they may try to give one. */
  const members = new Map<string, TestMember>();
  const bystanders = new Map<string, TestMember>();
  let counter = 0;
  const unique = () => `${++counter}`;

  const admin = <T = any>(query: string, variables: Record<string, unknown> = {}) => t.ok<T>(query, variables, org.adminToken);
  const as = (holder: Holder, query: string, variables: Record<string, unknown>) => t.gql(query, variables, members.get(holder.label)!.token);

  const buildTree = (suffix = '', owner = org): Promise<Tree> => builders(t, owner.adminToken).tree(UMBRELLA_TREE, (name) => `${name}${suffix}`);

  const draftProfile = (brandId: string, owner = org) => builders(t, owner.adminToken).profile(brandId, { network: 'FACEBOOK', handle: `page-${unique()}`, displayName: 'Page' });
  const visibleBrands = async (token: string, search?: string) => {
    const { brands } = await t.ok(BRANDS, { search }, token);
    expect(brands.totalCount).toBe(brands.edges.length);
    return brands.edges.map((e: any) => e.node.name);
  };

  const OPERATIONS: Operation[] = [
    {
      name: 'brand (read)',
      needs: Permission.BRAND_READ,
      async attempt(holder, target) {
        const body = await as(holder, `query ($id: ID!) { brand(id: $id) { id name } }`, { id: tree[target] });
        return {
          body,
          async verify(allowed) {
            if (allowed) expect(body.data!.brand).toEqual({ id: tree[target], name: target });
          },
        };
      },
    },
    {
      name: 'updateBrand',
      needs: Permission.BRAND_MANAGE,
      async attempt(holder, target) {
        const description = `edited by ${holder.label} #${unique()}`;
        const body = await as(holder, `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id description } }`, {
          input: { id: tree[target], description },
        });
        return {
          body,
          async verify(allowed) {
            const { brand } = await admin(`query ($id: ID!) { brand(id: $id) { description } }`, { id: tree[target] });
            expect(brand.description === description).toBe(allowed);
          },
        };
      },
    },
    {
      name: 'createBrand (as child)',
      needs: Permission.BRAND_MANAGE,
      async attempt(holder, target) {
        const name = `Child ${unique()}`;
        const body = await as(holder, CREATE_BRAND, { input: { name, parentId: tree[target] } });
        return {
          body,
          async verify(allowed) {
            const { brands } = await admin(`query ($search: String) { brands(filter: { search: $search }) { edges { node { parent { id } } } } }`, { search: name });
            expect(brands.edges.map((e: any) => e.node.parent.id)).toEqual(allowed ? [tree[target]] : []);
          },
        };
      },
    },
    {
      name: 'archiveBrand',
      needs: Permission.BRAND_MANAGE,
      // Destructive: each case gets a tree of its own, with the holder's role on its Snickers.
      async attempt(holder, target) {
        const fresh = await buildTree(` ${unique()}`);
        if (!holder.orgWide) await admin(ASSIGN, { input: { principalId: members.get(holder.label)!.id, roleKey: holder.roleKey, brandId: fresh.Snickers } });
        const body = await as(holder, `mutation ($id: ID!) { archiveBrand(id: $id) { id status } }`, { id: fresh[target] });
        return {
          body,
          async verify(allowed) {
            const { brand } = await admin(`query ($id: ID!) { brand(id: $id) { status } }`, { id: fresh[target] });
            expect(brand.status).toBe(allowed ? 'ARCHIVED' : 'ACTIVE');
          },
        };
      },
    },
    {
      name: 'createSocialProfile',
      needs: Permission.PROFILE_MANAGE,
      async attempt(holder, target) {
        const handle = `matrix-${unique()}`;
        const body = await as(holder, CREATE_PROFILE, { input: { brandId: tree[target], network: 'INSTAGRAM', handle, displayName: 'Matrix' } });
        return {
          body,
          async verify(allowed) {
            if (allowed) expect(body.data!.createSocialProfile).toMatchObject({ status: 'DRAFT', brand: { id: tree[target] } });
            const { brand } = await admin(`query ($id: ID!) { brand(id: $id) { profiles(first: 100, network: INSTAGRAM) { edges { node { handle } } } } }`, {
              id: tree[target],
            });
            expect(brand.profiles.edges.some((e: any) => e.node.handle === handle)).toBe(allowed);
          },
        };
      },
    },
    {
      name: 'launchSocialProfile',
      needs: Permission.PROFILE_MANAGE,
      async attempt(holder, target) {
        const id = await draftProfile(tree[target]);
        const body = await as(holder, `mutation ($id: ID!) { launchSocialProfile(id: $id) { id status } }`, { id });
        return {
          body,
          async verify(allowed) {
            const { socialProfile } = await admin(`query ($id: ID!) { socialProfile(id: $id) { status } }`, { id });
            expect(socialProfile.status).toBe(allowed ? 'LIVE' : 'DRAFT');
          },
        };
      },
    },
    {
      name: 'updateSocialProfile',
      needs: Permission.PROFILE_MANAGE,
      async attempt(holder, target) {
        const displayName = `Renamed by ${holder.label} #${unique()}`;
        const body = await as(holder, `mutation ($input: UpdateSocialProfileInput!) { updateSocialProfile(input: $input) { id displayName } }`, {
          input: { id: profiles[target], displayName },
        });
        return {
          body,
          async verify(allowed) {
            const { socialProfile } = await admin(`query ($id: ID!) { socialProfile(id: $id) { displayName } }`, { id: profiles[target] });
            expect(socialProfile.displayName === displayName).toBe(allowed);
          },
        };
      },
    },
    {
      name: 'assignRole (CONTENT_CREATOR to another user)',
      needs: Permission.MEMBER_MANAGE,
      grants: BUILT_IN_ROLES.CONTENT_CREATOR.permissions,
      async attempt(holder, target) {
        const principalId = bystanders.get(holder.label)!.id;
        const body = await as(holder, ASSIGN, { input: { principalId, roleKey: 'CONTENT_CREATOR', brandId: tree[target] } });
        return {
          body,
          async verify(allowed) {
            if (allowed) expect(body.data!.assignRole).toMatchObject({ roleKey: 'CONTENT_CREATOR', brandId: tree[target], principalId });
            const { roleAssignments } = await admin(`query ($filter: RoleAssignmentFilter) { roleAssignments(filter: $filter) { totalCount } }`, {
              filter: { principalId, brandId: tree[target] },
            });
            expect(roleAssignments.totalCount).toBe(allowed ? 1 : 0);
          },
        };
      },
    },
  ];

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Roles Matrix');
    tree = await buildTree();
    for (const name of Object.keys(tree) as BrandName[]) profiles[name] = await draftProfile(tree[name]);
    for (const holder of HOLDERS) {
      // Member names become email local parts.
      const name = holder.label.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      members.set(holder.label, await t.createMember(org, name, [{ roleKey: holder.roleKey, brandId: holder.orgWide ? null : tree.Snickers }]));
      bystanders.set(holder.label, await t.createMember(org, `bystander-${name}`));
    }
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  it('reads as a spec: what each role may do on the brand it is assigned on', () => {
    const allowedOnSnickers = Object.fromEntries(
      HOLDERS.map((h) => [h.label, OPERATIONS.filter((op) => expectedOutcome(h, op, 'Snickers') === 'ALLOWED').map((op) => op.name.split(' ')[0])]),
    );
    const everything = OPERATIONS.map((op) => op.name.split(' ')[0]);
    const profileWork = ['brand', 'createSocialProfile', 'launchSocialProfile', 'updateSocialProfile'];
    expect(allowedOnSnickers).toEqual({
      'ORG_ADMIN on Snickers': everything,
      'BRAND_MANAGER on Snickers': everything,
      'ZOOM_AGENT on Snickers': profileWork,
      'CONTENT_CREATOR on Snickers': ['brand'],
      'APPROVER on Snickers': ['brand'],
      'ANALYST on Snickers': ['brand'],
      'INTEGRATION on Snickers': everything.filter((op) => op !== 'assignRole'),
      'ORG_ADMIN org-wide': everything,
    });
  });

  const cases = HOLDERS.flatMap((holder) =>
    OPERATIONS.flatMap((operation) =>
      TARGETS.map(([target, relation]) => {
        const outcome = expectedOutcome(holder, operation, target);
        return [`${holder.label}: ${operation.name} on ${target}${relation && ` (${relation})`} is ${outcome}`, holder, operation, target, outcome] as const;
      }),
    ),
  );

  it.each(cases)('%s', async (_title, holder, operation, target, outcome) => {
    const { body, verify } = await operation.attempt(holder, target);
    if (outcome === 'ALLOWED') {
      expect(body.errors).toBeUndefined();
    } else {
      expect(errorCodes(body)).toEqual([outcome]);
      expect(body.data).toBeNull();
      const held = BUILT_IN_ROLES[holder.roleKey].permissions;
      // A refusal names the permission that is missing (or, for a grant, the ones that are).
      if (outcome === 'FORBIDDEN' && !held.includes(operation.needs)) expect(body.errors![0].extensions.permission).toBe(operation.needs);
      if (outcome === 'FORBIDDEN' && held.includes(operation.needs)) {
        expect(body.errors![0].extensions.missing).toEqual(operation.grants!.filter((p) => !held.includes(p)));
      }
    }
    await verify(outcome === 'ALLOWED');
  });

  // In an organization of their own: the matrix's holders also hold roles on its throw-away trees.
  describe('the Snickers agent and the viewer', () => {
    let own: TestOrganization;
    let tree: Tree;
    const pages = {} as Record<BrandName, string>;
    let agent: TestMember; // ZOOM_AGENT on Snickers
    let analyst: TestMember; // ANALYST on Snickers
    let multi: TestMember; // CONTENT_CREATOR on Umbrella and APPROVER on Snickers
    const member = (name: string, ...roles: [string, BrandName | null][]) =>
      t.createMember(own, name, roles.map(([roleKey, brand]) => ({ roleKey, brandId: brand && tree[brand] })));

    beforeAll(async () => {
      own = await t.createOrganization('Roles Reach');
      tree = await buildTree('', own);
      for (const name of Object.keys(tree) as BrandName[]) pages[name] = await draftProfile(tree[name], own);
      agent = await member('agent', ['ZOOM_AGENT', 'Snickers']);
      analyst = await member('analyst', ['ANALYST', 'Snickers']);
      multi = await member('multi', ['CONTENT_CREATOR', 'Umbrella'], ['APPROVER', 'Snickers']);
    }, 180_000);

    it('the agent works on Snickers, never sees Dove, and follows Dove Bar when it moves', async () => {
      const profile = (brandId: string, handle: string) => ({ input: { brandId, network: 'TIKTOK', handle, displayName: handle } });
      expect((await t.ok(CREATE_PROFILE, profile(tree.Snickers, 'snickers-tiktok'), agent.token)).createSocialProfile).toMatchObject({
        status: 'DRAFT', brand: { id: tree.Snickers },
      });
      expect(errorCodes(await t.gql(CREATE_PROFILE, profile(tree.Dove, 'dove-tiktok'), agent.token))).toEqual(['NOT_FOUND']);

      expect(await visibleBrands(agent.token)).toEqual(['Snickers', 'Snickers Ice']);
      expect(await visibleBrands(agent.token, 'dove')).toEqual([]);
      for (const id of [tree.Dove, tree['Dove Bar'], tree.Umbrella]) expect(errorCodes(await t.gql(BRAND, { id }, agent.token))).toEqual(['NOT_FOUND']);
      for (const id of [pages.Dove, pages['Dove Bar']]) expect(errorCodes(await t.gql(PROFILE, { id }, agent.token))).toEqual(['NOT_FOUND']);
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { parent { id } ancestors { id } } }`, { id: tree.Snickers }, agent.token);
      expect(brand).toEqual({ parent: null, ancestors: [] });

      await t.ok(MOVE, { id: tree['Dove Bar'], newParentId: tree.Snickers }, own.adminToken);
      expect(await visibleBrands(agent.token)).toEqual(['Dove Bar', 'Snickers', 'Snickers Ice']);
      expect((await t.ok(BRAND, { id: tree['Dove Bar'] }, agent.token)).brand.viewerPermissions).toEqual(ordered(BUILT_IN_ROLES.ZOOM_AGENT.permissions));
      expect((await t.ok(PROFILE, { id: pages['Dove Bar'] }, agent.token)).socialProfile.brand).toEqual({ name: 'Dove Bar' });
      await t.ok(CREATE_PROFILE, profile(tree['Dove Bar'], 'dove-bar-tiktok'), agent.token);

      await t.ok(MOVE, { id: tree['Dove Bar'], newParentId: tree.Dove }, own.adminToken);
      expect(await visibleBrands(agent.token)).toEqual(['Snickers', 'Snickers Ice']);
      expect(errorCodes(await t.gql(BRAND, { id: tree['Dove Bar'] }, agent.token))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(PROFILE, { id: pages['Dove Bar'] }, agent.token))).toEqual(['NOT_FOUND']);
    });

    it('Brand.viewerPermissions and viewer tell exactly what the caller may do, where', async () => {
      const view = (token: string) => t.ok(`query ($snickers: ID!, $ice: ID!) { viewer { isOrgAdmin permissions }
        snickers: brand(id: $snickers) { viewerPermissions } ice: brand(id: $ice) { viewerPermissions } }`, { snickers: tree.Snickers, ice: tree['Snickers Ice'] }, token);
      const agentView = ['BRAND_READ', 'PROFILE_MANAGE', 'POST_CREATE', 'POST_SCHEDULE', 'INBOX_RESPOND', 'MEMBER_READ'];
      expect(agentView).toEqual(ordered(BUILT_IN_ROLES.ZOOM_AGENT.permissions));
      expect(await view(agent.token)).toEqual({
        viewer: { isOrgAdmin: false, permissions: [] }, snickers: { viewerPermissions: agentView }, ice: { viewerPermissions: agentView },
      });

      const analystView = await view(analyst.token);
      expect(analystView.snickers.viewerPermissions).toEqual(['BRAND_READ', 'MEMBER_READ', 'AUDIT_READ']);
      expect(analystView.snickers.viewerPermissions).toEqual(names([...READ_PERMISSIONS]));
      expect(analystView.ice).toEqual(analystView.snickers);

      const everything = names(ALL_PERMISSIONS);
      const everywhere = { snickers: { viewerPermissions: everything }, ice: { viewerPermissions: everything } };
      expect(await view(own.adminToken)).toEqual({ viewer: { isOrgAdmin: true, permissions: everything }, ...everywhere });
      const brandAdmin = await member('brand-admin', ['ORG_ADMIN', 'Snickers']);
      expect(await view(brandAdmin.token)).toEqual({ viewer: { isOrgAdmin: false, permissions: [] }, ...everywhere });
      const orgAnalyst = await member('org-analyst', ['ANALYST', null]);
      expect((await view(orgAnalyst.token)).viewer).toEqual({ isOrgAdmin: false, permissions: ['BRAND_READ', 'MEMBER_READ', 'AUDIT_READ'] });

      // Several assignments add up where they overlap.
      const { brands } = await t.ok(BRANDS, {}, multi.token);
      const creatorView = ordered(BUILT_IN_ROLES.CONTENT_CREATOR.permissions);
      const both = ordered([...BUILT_IN_ROLES.CONTENT_CREATOR.permissions, ...BUILT_IN_ROLES.APPROVER.permissions]);
      expect(both).toEqual(['BRAND_READ', 'POST_CREATE', 'POST_APPROVE', 'MEMBER_READ']);
      expect(Object.fromEntries(brands.edges.map((e: any) => [e.node.name, e.node.viewerPermissions]))).toEqual({
        Umbrella: creatorView, Snickers: both, 'Snickers Ice': both, Dove: creatorView, 'Dove Bar': creatorView,
      });
    });
  });
});
