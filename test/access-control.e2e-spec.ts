import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType, GraphQLField, GraphQLInputType, isCompositeType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType,
} from 'graphql';
import { DataSource } from 'typeorm';
import { AccessGuard, ALL_PERMISSIONS, CallerBinder } from '../libs/auth';
import { Db, StatementCounter, TenantScopeError } from '../libs/database';
import {
  accessChanges, accessMap, builders, errorCodes, GraphQLResponse, operationAccess, TestApp, TestMember, TestOrganization,
} from './support';

const EXPECTED_ACCESS_FILE = join(__dirname, 'operation-access.json');
const PASSWORD = 'correct horse battery staple';

const CREATE_ROLE = `mutation ($input: CreateRoleInput!) { createRole(input: $input) { key } }`;
const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret } }`;
const UPDATE_BRAND = `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id name viewerPermissions } }`;

/** The tables whose rows carry `organization_id`, each behind the row-level security policy. */
const TENANT_TABLES = ['users', 'brands', 'social_profiles', 'roles', 'role_assignments', 'api_keys'] as const;
type TenantTable = (typeof TENANT_TABLES)[number];

/** One organization with a row in every tenant table, made through the API. */
interface Tenant {
  org: TestOrganization;
  umbrella: string;
  sub: string;
  profile: string;
  member: { id: string; email: string };
  /** The member's SOCIAL_LEAD assignment on `sub`. */
  assignment: string;
  apiKey: string;
}

/**
 * A minimal call of a root field: its required arguments filled with well-typed dummies, and
 * `__typename` selected when it returns an object. Enough to reach the guard.
 */
function minimalCall(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const literal = (type: GraphQLInputType): string => {
    if (isNonNullType(type)) return literal(type.ofType);
    if (isListType(type)) return `[${literal(type.ofType)}]`;
    if (isEnumType(type)) return type.getValues()[0].name;
    if (isInputObjectType(type)) {
      const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
      return `{ ${required.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
    }
    if (isScalarType(type) && ['Int', 'Float'].includes(type.name)) return '1';
    if (isScalarType(type) && type.name === 'Boolean') return 'false';
    if (isScalarType(type) && type.name === 'DateTime') return '"2030-01-01T00:00:00.000Z"';
    return `"${randomUUID()}"`;
  };
  const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  const argList = args.length ? `(${args.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})` : '';
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} { ${field.name}${argList}${selection} }`;
}

describe('access control', () => {
  let t: TestApp;
  let db: Db;
  /** The tables' owner: not bound by row-level security. */
  let owner: DataSource;

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(Db);
    owner = t.app.get(DataSource);
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  /**
   * Runs `work` in a request scope of the app's Db, as the API does, bound to `organizationId`
   * (or to none). The scope's transaction always ends, so the (embedded) pool gets its one
   * connection back before the next owner query.
   */
  const inRequest = <T>(organizationId: string | null, work: () => Promise<T>, { commit = false } = {}): Promise<T> =>
    db.runInRequest(async () => {
      if (organizationId) db.enterTenant(organizationId);
      let succeeded = false;
      try {
        const result = await work();
        succeeded = true;
        return result;
      } finally {
        await db.endRequest(commit && succeeded);
      }
    });

  const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

  describe('operation inventory', () => {
    it('serves every root field of the schema by exactly one resolver method that declares its access rule', () => {
      const operations = operationAccess(t.app);
      expect(operations.length).toBeGreaterThan(20);
      expect(operations.filter((o) => o.handlers.length !== 1).map((o) => `${o.operation}: ${o.handlers.join(', ') || 'no resolver method'}`)).toEqual([]);
      expect(operations.filter((o) => o.rule === null).map((o) => `${o.operation} (${o.handlers.join(', ')}) declares no access rule`)).toEqual([]);
      const known = new Set<string>([...ALL_PERMISSIONS, 'public', 'authenticated']);
      expect(operations.filter((o) => !known.has(o.rule!)).map((o) => `${o.operation}: ${o.rule}`)).toEqual([]);
    });

    it('matches test/operation-access.json, so every change of access shows up in review', () => {
      const actual = accessMap(operationAccess(t.app));
      const expected = JSON.parse(readFileSync(EXPECTED_ACCESS_FILE, 'utf8')) as Record<string, string>;
      const changes = accessChanges(expected, actual);
      if (changes.length) {
        throw new Error(
          `The access rules of the API changed:\n\n${changes.join('\n')}\n\n` +
            `If that is intended, commit this as test/operation-access.json with the change:\n${JSON.stringify(actual, null, 2)}\n`,
        );
      }
      expect(Object.keys(expected)).toEqual(Object.keys(expected).sort());
    });

    it('the guard refuses an operation that declares no rule, before looking at the caller', async () => {
      const guard = new AccessGuard(t.app.get(Reflector), t.app.get(CallerBinder, { strict: false }));
      class UndeclaredResolver {
        forgotten() {}
      }
      const context = { getHandler: () => UndeclaredResolver.prototype.forgotten, getClass: () => UndeclaredResolver } as unknown as ExecutionContext;
      await expect(guard.canActivate(context)).rejects.toThrow('Operation UndeclaredResolver.forgotten declares no access rule');
    });

    it('answers every operation but the public ones with UNAUTHENTICATED without a valid token', async () => {
      const schema = t.app.get(GraphQLSchemaHost).schema;
      const rules = accessMap(operationAccess(t.app));
      const calls = [
        ...Object.values(schema.getQueryType()!.getFields()).map((f) => ({ operation: `Query.${f.name}`, document: minimalCall('query', f) })),
        ...Object.values(schema.getMutationType()?.getFields() ?? {}).map((f) => ({ operation: `Mutation.${f.name}`, document: minimalCall('mutation', f) })),
      ].filter((c) => rules[c.operation] !== 'public');
      // Subscriptions need a websocket; their rule is covered by the inventory above.
      expect(calls.length).toBe(Object.entries(rules).filter(([op, r]) => r !== 'public' && !op.startsWith('Subscription.')).length);

      const answers: string[] = [];
      for (const { operation, document } of calls) {
        for (const token of [undefined, 'not-a-token', 'psk_not-a-key']) {
          const body = await t.gql(document, {}, token);
          // A nullable root field (node) answers `{ node: null }` beside its error, as GraphQL requires: no data either.
          const data = body.data && Object.values(body.data).some((value) => value !== null);
          answers.push(`${operation} (${token ?? 'no token'}): ${errorCodes(body).join(', ') || 'no error'}${data ? ' with data' : ''}`);
        }
      }
      expect(answers.filter((a) => !a.endsWith(': UNAUTHENTICATED'))).toEqual([]);
    });
  });

  describe('two organizations', () => {
    let a: Tenant;
    let b: Tenant;

    async function tenant(extraRoleKey?: string): Promise<Tenant> {
      const org = await t.createOrganization('Mars');
      const as = <T = any>(query: string, variables: Record<string, unknown>) => t.ok<T>(query, variables, org.adminToken);
      const build = builders(t, org.adminToken);
      const { Mars: umbrella, Snickers: sub } = await build.tree({ Mars: null, Snickers: 'Mars' });
      const profile = await build.profile(sub, { network: 'FACEBOOK', handle: 'snickers', displayName: 'Snickers' });
      await as(CREATE_ROLE, { input: { key: 'SOCIAL_LEAD', name: 'Social lead', permissions: ['BRAND_READ', 'POST_APPROVE'] } });
      if (extraRoleKey) await as(CREATE_ROLE, { input: { key: extraRoleKey, name: 'Only here', permissions: ['BRAND_READ'] } });
      const lead = await build.user('Social Lead', [{ roleKey: 'SOCIAL_LEAD', brandId: sub }], org);
      const { createApiKey } = await as(CREATE_API_KEY, { input: { name: 'CRM', roleKey: 'INTEGRATION', brandId: umbrella } });
      return { org, umbrella, sub, profile, member: { id: lead.id, email: lead.email }, assignment: lead.assignments[0], apiKey: createApiKey.apiKey.id };
    }

    beforeAll(async () => {
      a = await tenant('CRISIS_DESK');
      b = await tenant();
    }, 180_000);

    /** The ids of an organization's rows in a table, read as the owner. */
    const ownerIds = async (table: TenantTable, organizationId: string) =>
      ids(await owner.query(`SELECT id FROM ${table} WHERE organization_id = $1`, [organizationId]));

    /** Every column of every row of an organization, as the owner sees them: any change shows. */
    async function fingerprint(organizationId: string): Promise<Record<string, string>> {
      const tables: Record<string, string> = {};
      for (const table of [...TENANT_TABLES, 'organizations']) {
        const column = table === 'organizations' ? 'id' : 'organization_id';
        const [{ rows }] = await owner.query(
          `SELECT count(*)::int || ':' || coalesce(md5(string_agg(r::text, '|' ORDER BY r.id)), '') AS rows FROM ${table} r WHERE r.${column} = $1`,
          [organizationId],
        );
        tables[table] = rows;
      }
      return tables;
    }

    describe('row-level security, with the tenant filter bypassed', () => {
      let before: Record<string, string>;
      beforeAll(async () => {
        before = await fingerprint(a.org.id);
      }, 180_000);

      it('puts every table the app role may touch, and every table with an organization_id, behind a policy', async () => {
        const tables: { table: string; rls: boolean; policies: number; app_role: boolean; tenant_column: boolean }[] = await owner.query(
          `SELECT c.relname AS table, c.relrowsecurity AS rls,
                  (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies,
                  has_table_privilege('parasol_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE') AS app_role,
                  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped) AS tenant_column
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
            ORDER BY c.relname`,
        );
        const exposed = tables.filter((r) => (r.app_role || r.tenant_column) && (!r.rls || r.policies === 0)).map((r) => r.table);
        expect(exposed).toEqual([]);
        expect(tables.filter((r) => r.app_role).map((r) => r.table)).toEqual(expect.arrayContaining([...TENANT_TABLES, 'organizations']));
      });

      it('shows a request bound to B only B\'s rows of every tenant table, whatever the query asks for', async () => {
        const expected: Record<string, string[]> = { organizations: [b.org.id] };
        for (const table of TENANT_TABLES) {
          expected[table] = await ownerIds(table, b.org.id);
          expect(expected[table].length).toBeGreaterThan(0);
          expect((await ownerIds(table, a.org.id)).length).toBeGreaterThan(0);
        }
        const seen = await inRequest(b.org.id, async () => {
          const rows: Record<string, string[]> = { organizations: ids(await db.query<{ id: string }>(`SELECT id FROM organizations`)) };
          for (const table of TENANT_TABLES) {
            rows[table] = ids(await db.query<{ id: string }>(`SELECT id FROM ${table}`));
            // Asking for A's rows by name finds nothing either.
            expect(await db.query(`SELECT id FROM ${table} WHERE organization_id = $1`, [a.org.id])).toEqual([]);
          }
          expect(await db.query(`SELECT id FROM organizations WHERE id = $1`, [a.org.id])).toEqual([]);
          return rows;
        });
        expect(seen).toEqual(expected);
      });

      it('lets a request bound to B update and delete none of A\'s rows, even by id', async () => {
        const targets: Record<string, string[]> = {};
        for (const table of TENANT_TABLES) targets[table] = await ownerIds(table, a.org.id);
        const touched = await inRequest(
          b.org.id,
          async () => {
            const rows: Record<string, string[]> = {};
            for (const table of TENANT_TABLES) {
              const where = `WHERE id = ANY($1::uuid[]) OR organization_id = $2`;
              const updated = await db.query<{ id: string }>(`UPDATE ${table} SET organization_id = $3 ${where} RETURNING id`, [targets[table], a.org.id, b.org.id]);
              const deleted = await db.query<{ id: string }>(`DELETE FROM ${table} ${where} RETURNING id`, [targets[table], a.org.id]);
              rows[table] = [...ids(updated), ...ids(deleted)];
            }
            return rows;
          },
          // Committed: had a statement reached A's rows, the damage would be there to see.
          { commit: true },
        );
        expect(touched).toEqual(Object.fromEntries(TENANT_TABLES.map((table) => [table, []])));
        expect(await fingerprint(a.org.id)).toEqual(before);
      });

      it('never lets the app role change or add an organization', async () => {
        for (const sql of [
          `UPDATE organizations SET name = 'Hijacked' WHERE id = '${a.org.id}'`,
          `DELETE FROM organizations WHERE id = '${a.org.id}'`,
          `INSERT INTO organizations (name, slug) VALUES ('Intruder', 'intruder-${randomUUID().slice(0, 8)}')`,
        ]) {
          await expect(inRequest(b.org.id, () => db.query(sql))).rejects.toThrow(/permission denied/);
        }
        expect(await fingerprint(a.org.id)).toEqual(before);
      });

      /** A valid new row of each tenant table for `tenant`, written in its request scope. */
      const newRow: Record<TenantTable, (tenant: Tenant, organizationId: string) => [string, unknown[]]> = {
        users: (_tenant, org) => [
          `INSERT INTO users (organization_id, email, display_name, password_hash) VALUES ($1, $2, 'Intruder', 'x') RETURNING id`,
          [org, `intruder-${randomUUID()}@example.com`],
        ],
        brands: (_tenant, org) => [`INSERT INTO brands (organization_id, name, slug) VALUES ($1, 'Intruder', $2) RETURNING id`, [org, `intruder-${randomUUID()}`]],
        social_profiles: (tenant, org) => [
          `INSERT INTO social_profiles (organization_id, brand_id, network, handle, display_name) VALUES ($1, $2, 'X', $3, 'Intruder') RETURNING id`,
          [org, tenant.sub, `intruder-${randomUUID().slice(0, 8)}`],
        ],
        roles: (_tenant, org) => [`INSERT INTO roles (organization_id, key, name, permissions) VALUES ($1, 'INTRUDER', 'Intruder', '{brand:read}') RETURNING id`, [org]],
        // Making A's member an org admin of A.
        role_assignments: (tenant, org) => [
          `INSERT INTO role_assignments (organization_id, principal_type, principal_id, role_key, brand_id) VALUES ($1, 'USER', $2, 'ORG_ADMIN', NULL) RETURNING id`,
          [org, tenant.member.id],
        ],
        api_keys: (_tenant, org) => [
          `INSERT INTO api_keys (organization_id, name, prefix, secret_hash) VALUES ($1, 'Intruder', 'psk_intruder', $2) RETURNING id`,
          [org, randomBytes(32).toString('hex')],
        ],
      };

      it.each(TENANT_TABLES)('refuses a row of A in %s from a request bound to B (WITH CHECK), and takes the same row for B', async (table) => {
        const [sql, params] = newRow[table](a, a.org.id);
        await expect(inRequest(b.org.id, () => db.query(sql, params))).rejects.toThrow(`new row violates row-level security policy for table "${table}"`);
        // The same statement for B's own organization is fine (and rolled back).
        const [ownSql, ownParams] = newRow[table](b, b.org.id);
        expect(await inRequest(b.org.id, () => db.query(ownSql, ownParams))).toHaveLength(1);
        expect(await fingerprint(a.org.id)).toEqual(before);
      });

      it.each(TENANT_TABLES)('refuses to move B\'s own rows of %s into A', async (table) => {
        const [target] = await ownerIds(table, b.org.id);
        await expect(inRequest(b.org.id, () => db.query(`UPDATE ${table} SET organization_id = $1 WHERE id = $2`, [a.org.id, target]))).rejects.toThrow(
          `new row violates row-level security policy for table "${table}"`,
        );
        expect(await ownerIds(table, b.org.id)).toContain(target);
      });

      it('fails closed: a request scope with no organization runs no statement at all', async () => {
        const statements = await t.countStatements(async () => {
          await expect(inRequest(null, () => db.query(`SELECT id FROM brands`))).rejects.toBeInstanceOf(TenantScopeError);
          await expect(inRequest(null, () => db.transaction(() => db.query(`SELECT id FROM users`)))).rejects.toBeInstanceOf(TenantScopeError);
        });
        expect(statements).toBe(0);
      });

      it('binds a request to one organization for good', async () => {
        await expect(
          inRequest(b.org.id, async () => {
            await db.query(`SELECT id FROM brands`);
            db.enterTenant(a.org.id);
          }),
        ).rejects.toThrow('Request already bound to another organization');
      });

      it('leaves neither the tenant nor the app role on the pooled connection after a request', async () => {
        const [{ role: ownerRole }] = await owner.query(`SELECT current_user AS role`);
        expect(ownerRole).not.toBe('parasol_app');
        const inside = await inRequest(b.org.id, () => db.query(`SELECT current_user AS role, current_setting('parasol.organization_id', true) AS tenant`));
        expect(inside).toEqual([{ role: 'parasol_app', tenant: b.org.id }]);
        const [after] = await owner.query(`SELECT current_user AS role, coalesce(current_setting('parasol.organization_id', true), '') AS tenant`);
        expect(after).toEqual({ role: ownerRole, tenant: '' });
      });
    });

    describe('cross-tenant: users, roles, assignments and API keys, with B\'s admin token and A\'s ids', () => {
      const SNAPSHOT = `{
        users(first: 100) { totalCount edges { node { id email displayName status roleAssignments { id roleKey brandId } } } }
        roleAssignments(first: 100) { totalCount edges { node { id principalId principalType roleKey brandId createdById } } }
        roles { key name description permissions builtIn }
        apiKeys(first: 100, includeRevoked: true) { totalCount edges { node { id name prefix revokedAt } } }
      }`;
      let before: { a: unknown; b: unknown; rows: Record<string, string> };
      beforeAll(async () => {
        before = { a: await t.ok(SNAPSHOT, {}, a.org.adminToken), b: await t.ok(SNAPSHOT, {}, b.org.adminToken), rows: await fingerprint(a.org.id) };
      }, 180_000);

      const ASSIGN = `mutation ($input: AssignRoleInput!) { assignRole(input: $input) { id } }`;
      const EXPLAIN = `query ($p: ID!, $b: ID!) { explainPermission(principalId: $p, permission: BRAND_READ, brandId: $b) { allowed reason } }`;
      const cases: [string, string, () => Record<string, unknown>][] = [
        ['user', `query ($id: ID!) { user(id: $id) { id email } }`, () => ({ id: a.member.id })],
        ['assignRole to A\'s user, org-wide', ASSIGN, () => ({ input: { principalId: a.member.id, roleKey: 'ANALYST', brandId: null } })],
        ['assignRole to A\'s user on B\'s brand', ASSIGN, () => ({ input: { principalId: a.member.id, roleKey: 'ANALYST', brandId: b.umbrella } })],
        ['assignRole to A\'s API key', ASSIGN, () => ({ input: { principalId: a.apiKey, roleKey: 'ANALYST', brandId: null } })],
        ['assignRole to B\'s user on A\'s brand', ASSIGN, () => ({ input: { principalId: b.member.id, roleKey: 'ANALYST', brandId: a.sub } })],
        ['revokeRoleAssignment', `mutation ($id: ID!) { revokeRoleAssignment(id: $id) { id } }`, () => ({ id: a.assignment })],
        ['explainPermission for A\'s user on B\'s brand', EXPLAIN, () => ({ p: a.member.id, b: b.umbrella })],
        ['explainPermission for B\'s user on A\'s brand', EXPLAIN, () => ({ p: b.member.id, b: a.sub })],
        ['explainPermission for A\'s user on A\'s brand', EXPLAIN, () => ({ p: a.member.id, b: a.sub })],
        ['updateUser', `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { id } }`, () => ({ input: { id: a.member.id, displayName: 'Hijacked', password: 'hijacked password 123' } })],
        ['deactivateUser', `mutation ($id: ID!) { deactivateUser(id: $id) { id } }`, () => ({ id: a.member.id })],
        ['reactivateUser', `mutation ($id: ID!) { reactivateUser(id: $id) { id } }`, () => ({ id: a.member.id })],
        ['createApiKey on A\'s brand', CREATE_API_KEY, () => ({ input: { name: 'Intruder', roleKey: 'INTEGRATION', brandId: a.umbrella } })],
        ['revokeApiKey', `mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`, () => ({ id: a.apiKey })],
        ['updateRole of a role only A has', `mutation ($input: UpdateRoleInput!) { updateRole(input: $input) { key } }`, () => ({ input: { key: 'CRISIS_DESK', permissions: ['ROLE_MANAGE'] } })],
        ['deleteRole of a role only A has', `mutation ($key: String!) { deleteRole(key: $key) { key } }`, () => ({ key: 'CRISIS_DESK' })],
      ];

      it.each(cases)('%s is NOT_FOUND, like an id that does not exist', async (_name, query, variables) => {
        const body = await t.gql(query, variables(), b.org.adminToken);
        expect(errorCodes(body)).toEqual(['NOT_FOUND']);
        expect(body.data).toBeNull();

        const foreign = new Map<unknown, string>([...[a.member.id, a.apiKey, a.assignment, a.umbrella, a.sub].map((id) => [id, randomUUID()] as const), ['CRISIS_DESK', 'NO_SUCH_ROLE']]);
        const unknown: GraphQLResponse = await t.gql(query, JSON.parse(JSON.stringify(variables()), (_k, v) => foreign.get(v) ?? v), b.org.adminToken);
        expect(errorCodes(unknown)).toEqual(['NOT_FOUND']);
        const shape = (r: GraphQLResponse) => ({ ...r.errors![0], message: r.errors![0].message.replace(/[0-9a-f-]{36}|CRISIS_DESK|NO_SUCH_ROLE/g, '<id>') });
        expect(shape(body)).toEqual(shape(unknown));
      });

      it('lists none of A\'s users, assignments, roles or keys', async () => {
        const mine = (await t.ok(SNAPSHOT, {}, b.org.adminToken)) as any;
        const aIds = [a.member.id, a.apiKey, a.assignment, a.umbrella, a.sub];
        expect(JSON.stringify(mine)).not.toMatch(new RegExp(aIds.join('|')));
        expect(mine.roles.map((r: { key: string }) => r.key)).not.toContain('CRISIS_DESK');
        expect(mine.users.totalCount).toBe((await owner.query(`SELECT id FROM users WHERE organization_id = $1`, [b.org.id])).length);

        const filtered = await t.ok(
          `query ($p: ID!, $b: ID!, $email: String!) {
             byPrincipal: roleAssignments(filter: { principalId: $p }) { totalCount }
             byBrand: roleAssignments(filter: { brandId: $b }) { totalCount }
             users(filter: { search: $email }) { totalCount }
           }`,
          { p: a.member.id, b: a.sub, email: a.member.email },
          b.org.adminToken,
        );
        expect(filtered).toEqual({ byPrincipal: { totalCount: 0 }, byBrand: { totalCount: 0 }, users: { totalCount: 0 } });
      });

      it('changed nothing in A, nor in B; A\'s member still signs in with their password', async () => {
        expect(await t.ok(SNAPSHOT, {}, a.org.adminToken)).toEqual(before.a);
        expect(await t.ok(SNAPSHOT, {}, b.org.adminToken)).toEqual(before.b);
        expect(await fingerprint(a.org.id)).toEqual(before.rows);
        await expect(t.login(a.member.email, PASSWORD)).resolves.toEqual(expect.any(String));
      });
    });
  });

  describe('statement cost of a permission check', () => {
    const READ = `query ($id: ID!) { brand(id: $id) { viewerPermissions name } }`;
    const READ_TWO = `query ($a: ID!, $b: ID!) { a: brand(id: $a) { viewerPermissions name } b: brand(id: $b) { viewerPermissions name } }`;
    let org: TestOrganization;
    /** chain[d] is the brand at depth d, each the child of the one before. */
    let chain: string[];
    let manager: TestMember;

    beforeAll(async () => {
      org = await t.createOrganization('Statements');
      chain = [];
      for (let depth = 0; depth <= 40; depth++) {
        const id = randomUUID();
        await owner.query(
          `INSERT INTO brands (id, organization_id, parent_id, ancestor_ids, depth, name, slug) VALUES ($1, $2, $3, $4::uuid[], $5, $6, $6)`,
          [id, org.id, chain[depth - 1] ?? null, chain.slice(), depth, `level-${depth}`],
        );
        chain.push(id);
      }
      // The manager's only assignment is on the root: every check below inherits it.
      manager = await t.createMember(org, 'manager');
      await owner.query(
        `INSERT INTO role_assignments (organization_id, principal_type, principal_id, role_key, brand_id) VALUES ($1, 'USER', $2, 'BRAND_MANAGER', $3)`,
        [org.id, manager.id, chain[0]],
      );
    }, 180_000);

    /** Statements of one request, which must succeed; and those that read role assignments. */
    async function cost(query: string, variables: Record<string, unknown>) {
      let body: GraphQLResponse | undefined;
      StatementCounter.recording = true;
      try {
        const statements = await t.countStatements(async () => {
          body = await t.gql(query, variables, manager.token);
        });
        expect(body!.errors).toBeUndefined();
        const grantReads = StatementCounter.statements.filter((s) => /role_assignments/.test(s)).length;
        return { statements, grantReads, data: body!.data };
      } finally {
        StatementCounter.recording = false;
      }
    }

    it('is the same for a brand at depth 2 and at depth 40, with grants read once, at authentication', async () => {
      const shallow = await cost(READ, { id: chain[2] });
      const deep = await cost(READ, { id: chain[40] });
      expect(deep.statements).toBe(shallow.statements);
      expect([shallow.grantReads, deep.grantReads]).toEqual([1, 1]);
      expect(deep.data.brand).toEqual({ name: 'level-40', viewerPermissions: expect.arrayContaining(['BRAND_READ', 'BRAND_MANAGE', 'MEMBER_MANAGE']) });
      expect(deep.data.brand.viewerPermissions).toEqual(shallow.data.brand.viewerPermissions);
    });

    it('adds at most the brand load for a second brand root field in the same request', async () => {
      const one = await cost(READ, { id: chain[2] });
      const two = await cost(READ_TWO, { a: chain[2], b: chain[40] });
      expect(two.statements).toBeLessThanOrEqual(one.statements + 1);
      expect(two.grantReads).toBe(1);
      expect([two.data.a.name, two.data.b.name]).toEqual(['level-2', 'level-40']);
    });

    it('costs the same for updateBrand at depth 2 and at depth 40', async () => {
      const shallow = await cost(UPDATE_BRAND, { input: { id: chain[2], description: 'checked at depth 2' } });
      const deep = await cost(UPDATE_BRAND, { input: { id: chain[40], description: 'checked at depth 40' } });
      expect(deep.statements).toBe(shallow.statements);
      expect([shallow.grantReads, deep.grantReads]).toEqual([1, 1]);
      expect(deep.data.updateBrand.viewerPermissions).toContain('BRAND_MANAGE');
    });

    it('inherits an assignment halfway down the chain only below it', async () => {
      const agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: chain[20] }]);
      expect((await t.ok(READ, { id: chain[40] }, agent.token)).brand.viewerPermissions).toContain('PROFILE_MANAGE');
      expect(errorCodes(await t.gql(READ, { id: chain[19] }, agent.token))).toEqual(['NOT_FOUND']);
    });
  });

  describe('the demo organization (read only)', () => {
    const DEMO_PASSWORD = 'parasol-demo';
    const SEEN = `{ viewer { isOrgAdmin } brands(first: 100) { totalCount edges { node { id name slug viewerPermissions } } } }`;
    const MARS_TREE = ['dove', 'm-ms', 'mars', 'mars-bar', 'snickers'];

    async function seenBy(email: string) {
      const token = await t.login(email, DEMO_PASSWORD);
      const { viewer, brands } = await t.ok(SEEN, {}, token);
      const nodes: { id: string; name: string; slug: string; viewerPermissions: string[] }[] = brands.edges.map((e: any) => e.node);
      return { token, isOrgAdmin: viewer.isOrgAdmin, totalCount: brands.totalCount, slugs: nodes.map((n) => n.slug).sort(), nodes };
    }

    it('lets the brand manager manage Mars and its four sub-brands', async () => {
      const manager = await seenBy('manager@mars.example');
      expect(manager).toMatchObject({ isOrgAdmin: false, totalCount: 5, slugs: MARS_TREE });
      for (const brand of manager.nodes) expect(brand.viewerPermissions).toEqual(expect.arrayContaining(['BRAND_MANAGE', 'POLICY_MANAGE', 'MEMBER_MANAGE']));
    });

    it('shows the zoom agent only Snickers, where they manage profiles but cannot approve', async () => {
      const agent = await seenBy('agent@snickers.example');
      expect(agent).toMatchObject({ isOrgAdmin: false, totalCount: 1, slugs: ['snickers'] });
      expect(agent.nodes[0].viewerPermissions).toContain('PROFILE_MANAGE');
      expect(agent.nodes[0].viewerPermissions).not.toContain('POST_APPROVE');
      expect(agent.nodes[0].viewerPermissions).not.toContain('BRAND_MANAGE');
    });

    it('lets the approver approve across the Mars tree', async () => {
      const approver = await seenBy('approver@mars.example');
      expect(approver).toMatchObject({ isOrgAdmin: false, totalCount: 5, slugs: MARS_TREE });
      for (const brand of approver.nodes) {
        expect(brand.viewerPermissions).toContain('POST_APPROVE');
        expect(brand.viewerPermissions).not.toContain('BRAND_MANAGE');
      }
    });

    it('lets the analyst read everything under Mars and change nothing', async () => {
      const analyst = await seenBy('analyst@mars.example');
      expect(analyst).toMatchObject({ isOrgAdmin: false, totalCount: 5, slugs: MARS_TREE });
      for (const brand of analyst.nodes) expect(brand.viewerPermissions).toEqual(['BRAND_READ', 'MEMBER_READ', 'AUDIT_READ']);
      const umbrella = analyst.nodes.find((n) => n.slug === 'mars')!;
      // The same name it has: were the write let through, nothing would change.
      const body = await t.gql(UPDATE_BRAND, { input: { id: umbrella.id, name: umbrella.name } }, analyst.token);
      expect(errorCodes(body)).toEqual(['FORBIDDEN']);
      expect(body.data).toBeNull();
    });

    it('shows the org admin everything, and the demo INTEGRATION key acting on Mars', async () => {
      const admin = await seenBy('admin@mars.example');
      expect(admin).toMatchObject({ isOrgAdmin: true, totalCount: 5, slugs: MARS_TREE });
      const { apiKeys } = await t.ok(
        `{ apiKeys(first: 100) { edges { node { name prefix revokedAt roleAssignments { roleKey principalType brand { slug } } } } } }`,
        {},
        admin.token,
      );
      expect(apiKeys.edges.map((e: any) => e.node)).toContainEqual({
        name: 'CRM sync (demo)',
        prefix: expect.stringMatching(/^psk_/),
        revokedAt: null,
        roleAssignments: [{ roleKey: 'INTEGRATION', principalType: 'API_KEY', brand: { slug: 'mars' } }],
      });
    });
  });
});
