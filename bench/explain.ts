import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { rolePermissions } from '../libs/auth/grants';
import { Principal, RequestContext } from '../libs/core';
import { APP_ROLE, Db, executeArguments, TENANT_SETTING } from '../libs/database';
import { AccessService } from '../libs/auth';
import { RoleAssignmentsService } from '../src/access/role-assignments.service';
import { BrandReader } from '../src/brands/brand-reader.service';
import { brandTreeSql, LevelPlan } from '../src/brand-console';
import { PrincipalsService } from '../src/identity/principals.service';
import { PoliciesService } from '../src/policies/policies.service';
import { PostEvaluator } from '../src/posts/post-evaluator.service';
import { POST_FROM, POST_SELECT, PostRow, toPost } from '../src/posts/post.mapper';
import { PostsService } from '../src/posts/posts.service';
import { Fixtures } from './dataset';
import { STATUSES } from './operations';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the service's own hierarchy, permission and list reads. The
 * statements are not copied here: each read runs through the real service class with a Db
 * that records what it is asked to send, so the plan is of exactly the SQL and parameters the
 * service sends. Each runs the way a request runs it: in a transaction as the row-level
 * security role with the tenant set (the grants look-up runs before the tenant is known, as
 * the login role).
 */
export interface ExplainResult {
  id: string;
  title: string;
  /** Statements the read sent (each of these reads is one, whatever the data size; for the evaluation, the one explained). */
  statements: number;
  executionMs: number;
  planningMs: number;
  indexes: string[];
  seqScans: string[];
  /** The top node's buffers line. */
  buffers: string;
  plan: string;
  /**
   * The same statement as the tables' owner, where row-level security does not apply: the
   * planner may then use indexes for operators that are not LEAKPROOF (array @> and &&), which
   * it must not under a security policy.
   */
  owner: { executionMs: number; indexes: string[]; seqScans: string[]; plan: string } | null;
}

interface Captured {
  sql: string;
  params: unknown[];
  system: boolean;
}

/** A Db that records statements and answers every one with no rows (or with `answer`'s, when it has some). */
class RecordingDb {
  readonly statements: Captured[] = [];
  constructor(private readonly answer: (sql: string) => unknown[] | undefined = () => undefined) {}
  async query(sql: string, params: unknown[] = []): Promise<never[]> {
    this.statements.push({ sql, params, system: false });
    return (this.answer(sql) ?? []) as never[];
  }
  async queryOne(sql: string, params: unknown[] = []): Promise<undefined> {
    await this.query(sql, params);
    return undefined;
  }
  async systemQuery(sql: string, params: unknown[] = []): Promise<never[]> {
    this.statements.push({ sql, params, system: true });
    return [];
  }
  transaction<T>(work: (manager: never) => Promise<T>): Promise<T> {
    return work(undefined as never);
  }
  afterCommit(): void {}
}

/** Services the explained reads may build for real (with the recording Db). */
const BUILDABLE: Function[] = [PoliciesService];

/** Builds a service with the recording Db; any other dependency must not be used by the reads explained. */
function make<T>(cls: new (...args: never[]) => T, db: RecordingDb): T {
  const types: unknown[] = Reflect.getMetadata('design:paramtypes', cls) ?? [];
  const args = types.map((type) => {
    if (type === Db) return db;
    if (type === AccessService) return new AccessService();
    if (BUILDABLE.includes(type as Function)) return make(type as new (...args: never[]) => unknown, db);
    return new Proxy({}, { get: (_t, key) => { throw new Error(`${cls.name}: the explained read used ${String((type as { name?: string })?.name)}.${String(key)}`); } });
  });
  return new cls(...(args as never[]));
}

function principal(kind: 'admin' | 'manager', f: Fixtures): Principal {
  if (kind === 'admin') {
    return { kind: 'USER', id: f.adminId, organizationId: f.organizationId, grants: [{ assignmentId: 'bench', roleKey: 'ORG_ADMIN', brandId: null, permissions: rolePermissions('ORG_ADMIN', null) }] };
  }
  return {
    kind: 'USER',
    id: f.managerId,
    organizationId: f.organizationId,
    grants: [{ assignmentId: 'bench', roleKey: 'BRAND_MANAGER', brandId: f.managerUmbrellaId, permissions: rolePermissions('BRAND_MANAGER', null) }],
  };
}

/** What the bench's brand console asks of each level (operations.ts, PARASOL_CONSOLE). */
const consoleLevel = (children: LevelPlan['children']): LevelPlan => ({
  details: false,
  policyTimestamps: false,
  viewerPermissions: ['viewerPermissions'],
  path: [],
  policies: [],
  effectivePolicies: ['effectivePolicies'],
  profiles: [{ key: 'profiles', first: 10, status: null, network: null, details: false }],
  children,
});
const CONSOLE_PLAN: LevelPlan = { ...consoleLevel([{ key: 'children', first: 10, level: { ...consoleLevel([]), policies: ['policies'] } }]), path: ['path'] };

interface Read {
  id: string;
  title: string;
  run(db: RecordingDb): Promise<unknown>;
  /** Canned rows for some statements, so the code goes on to the one explained. */
  answer?: (sql: string) => unknown[] | undefined;
  /** Which of the statements sent is explained (default: the first, and the read must send one). */
  pick?: RegExp;
}

function reads(f: Fixtures, line: { id: string; ancestorIds: string[] }, subBrands: { id: string; ancestorIds: string[] }[], draft: PostRow): Read[] {
  const admin = () => new RequestContext(principal('admin', f));
  const manager = () => new RequestContext(principal('manager', f));
  const umbrella = f.umbrellaIds[0];
  return [
    {
      id: 'console-tree',
      title: 'hierarchy: the brand console in one statement (brand(id) with children, profiles, policies; BrandTreeReader)',
      run: (db) => db.query(brandTreeSql(CONSOLE_PLAN), [f.organizationId, umbrella]),
    },
    {
      id: 'descendants',
      title: 'hierarchy: every brand below an umbrella, first 100 (BrandReader.subtree)',
      run: (db) => make(BrandReader, db).subtree(admin(), umbrella, { first: 100, after: null, includeArchived: false, maxDepth: null }),
    },
    {
      id: 'children',
      title: 'hierarchy: the children of an umbrella with their count (Brand.children)',
      run: (db) => make(BrandReader, db).subtree(admin(), umbrella, { first: 10, after: null, includeArchived: false, maxDepth: 1 }),
    },
    {
      id: 'ancestors',
      title: 'hierarchy: the ancestors of a product line (Brand.ancestors / path)',
      run: (db) => make(BrandReader, db).ancestors(admin(), { id: line.id, ancestorIds: line.ancestorIds } as never),
    },
    {
      id: 'brands-scoped',
      title: 'permissions: the brands a BRAND_MANAGER of one umbrella may read, by name (Query.brands)',
      run: (db) => make(BrandReader, db).list(manager(), { first: 20, after: null, filter: null }),
    },
    {
      id: 'grants',
      title: 'permissions: the caller and their grants, once per request (PrincipalsService)',
      run: (db) => make(PrincipalsService, db).resolveAccessToken({ sub: f.managerId, org: f.organizationId, ver: 0, jti: randomUUID() }),
    },
    {
      id: 'effective-policies',
      title: 'policies: the policy chains of 10 sub-brands in one batch (Brand.effectivePolicies)',
      run: (db) => {
        const ctx = admin();
        const service = make(PoliciesService, db);
        return Promise.all(subBrands.map((b) => service.effective(ctx, b)));
      },
    },
    {
      id: 'posts-subtree',
      title: "posts: a page of an umbrella subtree's posts in 3 states, with the total (Query.posts)",
      run: (db) => make(PostsService, db).list(admin(), { first: 20, after: null, filter: { brandId: umbrella, includeSubtree: true, statuses: STATUSES } } as never),
    },
    {
      id: 'posting-activity',
      title: "policy evaluation: a profile's scheduled and published posts around a date (PostEvaluator, for POSTING_CADENCE)",
      // The effective policies include a cadence rule, so the evaluation reads the profile's activity.
      answer: (sql) =>
        /FROM policies p/.test(sql)
          ? [{ id: 'bench', brand_id: draft.brand_id, type: 'POSTING_CADENCE', enforcement: 'WARN', locked: false, enabled: true, config: { maxPerWeek: 21 }, created_at: new Date(), updated_at: new Date() }]
          : undefined,
      pick: /unnest\(p\.profile_ids\)/,
      run: (db) => make(PostEvaluator, db).evaluate(admin(), toPost(draft), 'CHECK', new Date()),
    },
    {
      id: 'posts-scoped',
      title: 'posts: the same page for the BRAND_MANAGER (permission-scoped)',
      run: (db) => make(PostsService, db).list(manager(), { first: 20, after: null, filter: { brandId: f.managerUmbrellaId, includeSubtree: true, statuses: STATUSES } } as never),
    },
    {
      id: 'posts-profile',
      title: "posts: a page of one profile's posts, newest first (Query.posts with profileId)",
      run: (db) => make(PostsService, db).list(admin(), { first: 20, after: null, filter: { profileId: draft.profile_ids[0] } } as never),
    },
    {
      id: 'assignments-scoped',
      title: 'permissions: the role assignments a BRAND_MANAGER may see (Query.roleAssignments)',
      run: (db) => make(RoleAssignmentsService, db).list(manager(), { first: 20, after: null, filter: null } as never),
    },
  ];
}

const NODE = /(Index Only Scan|Index Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/g;
const SEQ = /Seq Scan on (\S+)/g;

export async function explainReads(url: string, f: Fixtures): Promise<ExplainResult[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [line] = (await client.query(`SELECT id, ancestor_ids FROM brands WHERE id = $1`, [f.productLineId])).rows;
    const subBrands = (await client.query(`SELECT id, ancestor_ids FROM brands WHERE parent_id = $1 ORDER BY name LIMIT 10`, [f.umbrellaIds[0]])).rows.map((r) => ({
      id: r.id as string,
      ancestorIds: r.ancestor_ids as string[],
    }));
    const [draft] = (await client.query<PostRow>(`SELECT ${POST_SELECT} FROM ${POST_FROM} WHERE p.id = $1`, [f.draftPostIds[0]])).rows;
    const results: ExplainResult[] = [];
    for (const read of reads(f, { id: line.id, ancestorIds: line.ancestor_ids }, subBrands, draft)) {
      const db = new RecordingDb(read.answer);
      await read.run(db);
      const statement = read.pick ? db.statements.find((st) => read.pick!.test(st.sql)) : db.statements[0];
      if (!statement) throw new Error(`${read.id}: the read sent no statement${read.pick ? ` matching ${read.pick}` : ''}`);
      if (!read.pick && db.statements.length !== 1) throw new Error(`${read.id}: expected one statement, the read sent ${db.statements.length}`);
      const explain = async (asAppRole: boolean) => {
        let text = '';
        // Twice: the second plan, with warm caches, is the one reported.
        for (let attempt = 0; attempt < 2; attempt++) {
          await client.query('BEGIN');
          try {
            await client.query(`SELECT set_config('${TENANT_SETTING}', $1, true)`, [f.organizationId]);
            if (asAppRole) await client.query(`SELECT set_config('role', '${APP_ROLE}', true)`);
            if (statement.system) {
              const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
              text = rows.map((r) => r['QUERY PLAN']).join('\n');
            } else {
              // As a request's batch runs it (libs/database/prepared-reads.ts): prepared once, then
              // executed; after 5 runs PostgreSQL keeps a generic plan if it costs no more than the custom ones.
              await client.query(`PREPARE bench_explained AS ${statement.sql}`);
              const run = `EXECUTE bench_explained${executeArguments(statement.sql, statement.params)}`;
              for (let i = 0; i < 6; i++) await client.query(run);
              const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${run}`);
              const [{ generic }] = (await client.query(`SELECT generic_plans > 0 AS generic FROM pg_prepared_statements WHERE name = 'bench_explained'`)).rows;
              text = `${generic ? 'Generic plan' : 'Custom plan'} of the prepared statement\n${rows.map((r) => r['QUERY PLAN']).join('\n')}`;
            }
          } finally {
            await client.query('ROLLBACK');
            await client.query('DEALLOCATE ALL');
          }
        }
        return text;
      };
      const text = await explain(!statement.system);
      const ownerText = statement.system ? null : await explain(false);
      results.push({
        id: read.id,
        title: read.title,
        statements: read.pick ? 1 : db.statements.length,
        executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN),
        planningMs: Number(/Planning Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN),
        indexes: [...new Set([...text.matchAll(NODE)].map((m) => m[2]))],
        seqScans: [...new Set([...text.matchAll(SEQ)].map((m) => m[1]))],
        buffers: /Buffers: [^\n]*/.exec(text)?.[0] ?? '',
        plan: text,
        owner: ownerText
          ? {
              executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(ownerText)?.[1] ?? NaN),
              indexes: [...new Set([...ownerText.matchAll(NODE)].map((m) => m[2]))],
              seqScans: [...new Set([...ownerText.matchAll(SEQ)].map((m) => m[1]))],
              plan: ownerText,
            }
          : null,
      });
    }
    return results;
  } finally {
    await client.end();
  }
}
