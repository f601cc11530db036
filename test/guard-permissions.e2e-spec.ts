import { ALL_PERMISSIONS, Permission } from '../libs/auth';
import { StatementCounter } from '../libs/database';
import {
  accessMap, BOOT_TIMEOUT_MS, callOperation, errorCodes, GraphQLResponse, loadSchema, operationAccess, requiredArguments, SchemaOperation, schemaOperations,
  TestApp, TestMember, TestOrganization,
} from './support';

/**
 * `@Allow(X)` is enforced at the door: for every query and mutation that declares one (taken
 * from the running app's access inventory, so a new operation is covered the day it is added),
 * a caller who holds X nowhere is refused FORBIDDEN with `extensions.permission: X`, and nothing
 * but their authentication reaches the database. Two such callers: a member with no role at
 * all, and one holding every other permission org-wide (so the refusal is about X, not about
 * holding nothing). Arguments are plausible values naming no real object: the guard answers
 * before anything looks at them.
 */

/** GraphQL names of permissions (BRAND_READ for brand:read). */
const NAME_OF = Object.fromEntries(Object.entries(Permission).map(([name, value]) => [value, name])) as Record<Permission, string>;

/** The statements of a caller's authentication: the principal read with its grants, and the tenant scope it is sent in. */
const AUTHENTICATION = [/\brevoked_tokens\b/, /^\s*SELECT set_config\('role'/];
const isAuthentication = (statement: string) => AUTHENTICATION.some((pattern) => pattern.test(statement));

interface Guarded {
  op: SchemaOperation;
  permission: Permission;
}

describe('the guard enforces @Allow before the resolver runs', () => {
  let t: TestApp;
  let org: TestOrganization;
  /** A member holding no role. */
  let nobody: TestMember;
  /** Per permission, a member holding every other permission org-wide. */
  const allBut = new Map<Permission, TestMember>();
  let guarded: Guarded[] = [];

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Guard Permissions');
    const rules = accessMap(operationAccess(t.app));
    const known = new Set<string>(ALL_PERMISSIONS);
    guarded = schemaOperations(loadSchema())
      .map((op) => ({ op, permission: rules[`${op.kind === 'query' ? 'Query' : 'Mutation'}.${op.name}`] as Permission }))
      .filter((g) => known.has(g.permission));
    nobody = await t.createMember(org, 'nobody');
    for (const permission of new Set(guarded.map((g) => g.permission))) {
      const key = `ALL_BUT_${NAME_OF[permission]}`;
      const permissions = ALL_PERMISSIONS.filter((p) => p !== permission).map((p) => NAME_OF[p]);
      await t.ok(`mutation ($input: CreateRoleInput!) { createRole(input: $input) { key } }`, { input: { key, name: key, permissions } }, org.adminToken);
      allBut.set(permission, await t.createMember(org, key.toLowerCase(), [{ roleKey: key, brandId: null }]));
    }
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  /** The answer to one call, and the statements it sent that are not its caller's authentication. */
  async function attempt(op: SchemaOperation, token: string): Promise<{ body: GraphQLResponse; beyond: string[]; statements: number }> {
    const { query, variables } = callOperation(op, requiredArguments(op, {}));
    let body: GraphQLResponse | undefined;
    StatementCounter.recording = true;
    try {
      const statements = await t.countStatements(async () => {
        body = await t.gql(query, variables, token);
      });
      return { body: body!, beyond: StatementCounter.statements.filter((s) => !isAuthentication(s)), statements };
    } finally {
      StatementCounter.recording = false;
    }
  }

  it('covers every operation that declares a permission', () => {
    // 62 labels when this test was written; fewer would mean the inventory lost some.
    expect(guarded.length).toBeGreaterThanOrEqual(60);
    expect(new Set(guarded.map((g) => g.permission)).size).toBeGreaterThanOrEqual(12);
  });

  it.each(['with no role', 'holding every other permission org-wide'] as const)(
    'refuses a caller %s FORBIDDEN, naming the permission, and runs no SQL beyond the authentication',
    async (who) => {
      const answers: string[] = [];
      const expected: string[] = [];
      for (const { op, permission } of guarded) {
        const caller = who === 'with no role' ? nobody : allBut.get(permission)!;
        const { body, beyond } = await attempt(op, caller.token);
        const refusal = body.errors?.[0];
        const answer = `${op.kind} ${op.name}: ${errorCodes(body).join(', ') || 'no error'} permission=${String(refusal?.extensions.permission)} data=${JSON.stringify(body.data?.[op.name] ?? null)} sql=${JSON.stringify(beyond)}`;
        answers.push(answer);
        expected.push(`${op.kind} ${op.name}: FORBIDDEN permission=${permission} data=null sql=[]`);
      }
      expect(answers).toEqual(expected);
    },
  );

  it('counts the SQL a permitted call runs past its authentication, so the check above can see it', async () => {
    const brands = guarded.find((g) => g.op.name === 'brands')!;
    const admin = await attempt(brands.op, org.adminToken);
    expect(errorCodes(admin.body)).toEqual([]);
    expect(admin.beyond.length).toBeGreaterThan(0);
    // The refused call of the same operation costs at most the authentication.
    const refused = await attempt(brands.op, nobody.token);
    expect(refused.statements).toBeLessThan(admin.statements);
  });
});
