import { createHash } from 'node:crypto';
import argon2 from 'argon2';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parasolDataSourceOptions } from '../libs/database/data-source-options';
import { PolicyType } from '../libs/policy-engine/types';
import { validatePolicyConfig } from '../libs/policy-engine/validate';
import { MIGRATIONS } from '../migrations';
import { ENTITIES } from '../src/entities';
import { seedInbox } from './inbox-dataset';
import { BenchOptions, databaseUrl } from './options';

/**
 * The bench data set: one organization, `20 x scale` umbrellas of 10 sub-brands of 5 product
 * lines each, 2 social profiles per brand and 20 posts per profile in every state of the
 * lifecycle, with their revisions, approval requests, decisions and publications; users and
 * role assignments at the umbrellas and sub-brands; policies at the umbrellas (and some
 * overrides at the sub-brands). Built with set-based SQL only, every id and choice derived
 * from the seed, so two runs with the same seed build the same rows.
 */
export const SHAPE = {
  umbrellasPerScale: 20,
  subBrandsPerUmbrella: 10,
  linesPerSubBrand: 5,
  profilesPerBrand: 2,
  postsPerProfile: 20,
} as const;

/** Every seeded user's password. */
export const BENCH_PASSWORD = 'bench-password-not-secret';
export const ADMIN_EMAIL = 'admin@bench.example';
/** APPROVER org-wide: may decide any open request (authors are agents and managers). */
export const APPROVER_EMAIL = 'approver@bench.example';
/** BRAND_MANAGER on the first umbrella only: the permission-filtered reads. */
export const MANAGER_EMAIL = 'manager-001@bench.example';

/** Posts are dated around this instant (fixed, so the data is the same whenever it is built). */
export const ANCHOR = '2026-11-01T00:00:00Z';

/** Parasol's built-in roles all grant brand:read (libs/auth/permissions.ts). */
export const BUILT_IN_ROLE_KEYS = ['ORG_ADMIN', 'BRAND_MANAGER', 'ZOOM_AGENT', 'CONTENT_CREATOR', 'APPROVER', 'ANALYST', 'INTEGRATION'];

export interface DatasetCounts {
  brands: number;
  umbrellas: number;
  profiles: number;
  posts: number;
  postRevisions: number;
  approvalRequests: number;
  openApprovalRequests: number;
  users: number;
  roleAssignments: number;
  policies: number;
  inboxItems: number;
  contacts: number;
}

export function expectedCounts(scale: number) {
  const umbrellas = SHAPE.umbrellasPerScale * scale;
  const subBrands = umbrellas * SHAPE.subBrandsPerUmbrella;
  const brands = umbrellas + subBrands + subBrands * SHAPE.linesPerSubBrand;
  const profiles = brands * SHAPE.profilesPerBrand;
  return { umbrellas, brands, profiles, posts: profiles * SHAPE.postsPerProfile };
}

const WORKFLOW_STAGES = [{ name: 'Brand review', approverRoles: ['APPROVER', 'BRAND_MANAGER'], quorum: 1, slaHours: 48 }];

interface PolicySeed {
  /** 0: umbrellas, 1: sub-brands. */
  depth: number;
  /** Only sub-brands whose number has this parity (null: all). */
  parity: number | null;
  type: PolicyType;
  enforcement: 'BLOCK' | 'WARN';
  locked: boolean;
  config: Record<string, unknown>;
}

function policySeeds(workflowId: string): PolicySeed[] {
  const seeds: PolicySeed[] = [
    // The umbrella's governance flows down to every sub-brand and product line.
    { depth: 0, parity: null, type: PolicyType.APPROVAL_REQUIRED, enforcement: 'BLOCK', locked: true, config: { workflowId, tags: ['HUMOR', 'PROMOTION'] } },
    { depth: 0, parity: null, type: PolicyType.BANNED_TERMS, enforcement: 'BLOCK', locked: true, config: { terms: ['guaranteed weight loss', 'cure', 'free money'] } },
    { depth: 0, parity: null, type: PolicyType.REQUIRED_DISCLOSURE, enforcement: 'BLOCK', locked: false, config: { tags: ['PROMOTION'], text: '#ad' } },
    {
      depth: 0, parity: null, type: PolicyType.CONTENT_LENGTH, enforcement: 'BLOCK', locked: false,
      config: { rules: [{ network: 'X', maxChars: 280 }, { format: 'BLOG_POST', minWords: 150, maxWords: 300 }, { format: 'VIDEO', minDurationSeconds: 30, maxDurationSeconds: 180 }] },
    },
    { depth: 0, parity: null, type: PolicyType.POSTING_CADENCE, enforcement: 'WARN', locked: false, config: { maxPerWeek: 21 } },
    { depth: 0, parity: null, type: PolicyType.LAUNCH_READINESS, enforcement: 'BLOCK', locked: false, config: { minApprovedPosts: 3 } },
    // Sub-brands add their own, and half of them tighten the cadence they inherit.
    { depth: 1, parity: null, type: PolicyType.SPECULATION_LABEL, enforcement: 'WARN', locked: false, config: { tags: ['SPECULATION', 'OPINION'], labels: ['Opinion', 'Speculation'] } },
    { depth: 1, parity: 1, type: PolicyType.POSTING_CADENCE, enforcement: 'WARN', locked: false, config: { minPerWeek: 1, maxPerWeek: 14 } },
    { depth: 1, parity: 0, type: PolicyType.INTERNAL_AUDIENCE_TEST, enforcement: 'BLOCK', locked: false, config: { tags: ['HUMOR'] } },
  ];
  for (const seed of seeds) {
    const problems = validatePolicyConfig(seed.type, seed.config);
    if (problems.length) throw new Error(`Bench policy ${seed.type} is invalid: ${JSON.stringify(problems)}`);
  }
  return seeds;
}

/** The helper PostGraphile needs for the posts list: a subtree-and-status filter it cannot express by itself. */
export const POSTGRAPHILE_SCHEMA = 'pgl_bench';
const POSTGRAPHILE_HELPERS = `
CREATE SCHEMA ${POSTGRAPHILE_SCHEMA};
COMMENT ON SCHEMA ${POSTGRAPHILE_SCHEMA} IS 'Bench only: what PostGraphile needs to run the same reads as Parasol';
CREATE FUNCTION ${POSTGRAPHILE_SCHEMA}.posts_in_subtree(org uuid, root uuid, statuses public.post_status[]) RETURNS SETOF public.posts
  LANGUAGE sql STABLE AS $$
    SELECT p.* FROM public.posts p
     WHERE p.organization_id = org
       AND p.brand_id = ANY(ARRAY(SELECT b.id FROM public.brands b WHERE b.organization_id = org AND (b.id = root OR b.ancestor_ids @> ARRAY[root])))
       AND p.status = ANY(statuses)
     ORDER BY p.created_at DESC, p.id DESC
  $$;
`;

export interface SeedReport {
  seconds: number;
  migrateSeconds: number;
  counts: DatasetCounts;
  tableSizes: Record<string, string>;
}

/** Drops the bench database (after `--verify-only`). */
export async function dropDatabase(options: BenchOptions): Promise<void> {
  const admin = new Client({ connectionString: options.serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${options.database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Drops and recreates the bench database, migrates it with the project's migrations and seeds it. */
export async function buildDatabase(options: BenchOptions, log: (line: string) => void): Promise<SeedReport> {
  const started = Date.now();
  const admin = new Client({ connectionString: options.serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${options.database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(options.serverUrl, options.database);
  const dataSource = new DataSource(parasolDataSourceOptions({ url, poolSize: 1, entities: ENTITIES, migrations: MIGRATIONS }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
  const migrateSeconds = (Date.now() - started) / 1000;
  log(`migrated ${options.database} in ${migrateSeconds.toFixed(1)} s`);

  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await seed(client, options, log);
    await client.query(POSTGRAPHILE_HELPERS);
    const vacuumStarted = Date.now();
    await client.query('VACUUM (ANALYZE)');
    log(`vacuum analyze in ${((Date.now() - vacuumStarted) / 1000).toFixed(1)} s`);
    const counts = await countRows(client);
    const expected = expectedCounts(options.scale);
    if (counts.brands !== expected.brands || counts.posts !== expected.posts) {
      throw new Error(`Seeded ${counts.brands} brands and ${counts.posts} posts; expected ${expected.brands} and ${expected.posts}`);
    }
    const sizes = await client.query<{ name: string; size: string }>(
      `SELECT c.relname AS name, pg_size_pretty(pg_total_relation_size(c.oid)) AS size FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname IN ('brands', 'posts', 'post_revisions', 'social_profiles', 'approval_requests', 'policies', 'inbox_items', 'contacts') ORDER BY c.relname`,
    );
    return { seconds: (Date.now() - started) / 1000, migrateSeconds, counts, tableSizes: Object.fromEntries(sizes.rows.map((r) => [r.name, r.size])) };
  } finally {
    await client.end();
  }
}

export async function countRows(client: Client): Promise<DatasetCounts> {
  const { rows } = await client.query(`SELECT
    (SELECT count(*) FROM brands)::int AS brands,
    (SELECT count(*) FROM brands WHERE parent_id IS NULL)::int AS umbrellas,
    (SELECT count(*) FROM social_profiles)::int AS profiles,
    (SELECT count(*) FROM posts)::int AS posts,
    (SELECT count(*) FROM post_revisions)::int AS "postRevisions",
    (SELECT count(*) FROM approval_requests)::int AS "approvalRequests",
    (SELECT count(*) FROM approval_requests WHERE status = 'OPEN')::int AS "openApprovalRequests",
    (SELECT count(*) FROM users)::int AS users,
    (SELECT count(*) FROM role_assignments)::int AS "roleAssignments",
    (SELECT count(*) FROM policies)::int AS policies,
    (SELECT count(*) FROM inbox_items)::int AS "inboxItems",
    (SELECT count(*) FROM contacts)::int AS contacts`);
  return rows[0] as DatasetCounts;
}

async function seed(client: Client, options: BenchOptions, log: (line: string) => void): Promise<void> {
  const s = options.seed;
  // A version-4-shaped uuid from the seed and a key (md5's 128 bits with the version and
  // variant nibbles set, as validators expect of ids).
  const uid = (kind: string, key: string) => `pg_temp.bench_uuid(md5($1::text || ':${kind}:' || ${key}))`;
  const umbrellas = SHAPE.umbrellasPerScale * options.scale;
  // A fixed salt from the seed: the same hash on every build (the password is not a secret).
  const salt = createHash('sha256').update(`${s}:salt`).digest().subarray(0, 16);
  const passwordHash = await argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, salt });
  await client.query(`SET synchronous_commit = off`);
  await client.query(
    `CREATE FUNCTION pg_temp.bench_uuid(h text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
     $$ SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid $$`,
  );
  const orgId = (await client.query<{ id: string }>(`SELECT ${uid('org', `'bench'`)} AS id`, [s])).rows[0].id;
  const workflowId = (await client.query<{ id: string }>(`SELECT ${uid('workflow', `'brand-review'`)} AS id`, [s])).rows[0].id;
  const adminId = (await client.query<{ id: string }>(`SELECT ${uid('user', `'admin'`)} AS id`, [s])).rows[0].id;

  const step = async (name: string, sql: string, params: unknown[]) => {
    const t = Date.now();
    const result = await client.query(sql, params);
    log(`  ${name}: ${result.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };

  await client.query('BEGIN');
  await step('organization', `INSERT INTO organizations (id, name, slug, created_at, updated_at) VALUES ($1, 'Bench Org', 'bench', $2, $2)`, [orgId, ANCHOR]);

  // The tree: umbrellas (depth 0), sub-brands (1), product lines (2), numbered u.s.l.
  await step(
    'tree',
    `CREATE TEMP TABLE tree ON COMMIT DROP AS
     WITH umbrellas AS (
       SELECT u, 0 AS s, 0 AS l, 0 AS depth, 'u' || u AS key, NULL::text AS parent_key, ARRAY[]::text[] AS ancestor_keys,
              'Umbrella ' || lpad(u::text, 3, '0') AS name, 'umbrella-' || u AS slug
         FROM generate_series(1, $2::int) u
     ), subs AS (
       SELECT u, s, 0, 1, 'u' || u || 's' || s, 'u' || u, ARRAY['u' || u],
              'Sub-brand ' || lpad(u::text, 3, '0') || '-' || lpad(s::text, 2, '0'), 'sub-brand-' || s
         FROM generate_series(1, $2::int) u, generate_series(1, $3::int) s
     ), lines AS (
       SELECT u, s, l, 2, 'u' || u || 's' || s || 'l' || l, 'u' || u || 's' || s, ARRAY['u' || u, 'u' || u || 's' || s],
              'Product line ' || lpad(u::text, 3, '0') || '-' || lpad(s::text, 2, '0') || '-' || l, 'line-' || l
         FROM generate_series(1, $2::int) u, generate_series(1, $3::int) s, generate_series(1, $4::int) l
     )
     SELECT t.*, ${uid('brand', 't.key')} AS id,
            CASE WHEN t.parent_key IS NULL THEN NULL ELSE ${uid('brand', 't.parent_key')} END AS parent_id,
            ARRAY(SELECT ${uid('brand', 'k')} FROM unnest(t.ancestor_keys) WITH ORDINALITY AS a(k, o) ORDER BY o) AS ancestor_ids,
            row_number() OVER (ORDER BY t.depth, t.u, t.s, t.l)::int AS n
       FROM (SELECT * FROM umbrellas UNION ALL SELECT * FROM subs UNION ALL SELECT * FROM lines) t`,
    [s, umbrellas, SHAPE.subBrandsPerUmbrella, SHAPE.linesPerSubBrand],
  );
  await step(
    'brands',
    `INSERT INTO brands (id, organization_id, parent_id, ancestor_ids, depth, name, slug, status, description, branding, audience, goals, created_at, updated_at)
     SELECT id, $2, parent_id, ancestor_ids, depth, name, slug, 'ACTIVE', 'Bench brand ' || key || ': ' || name || '.',
            jsonb_build_object('primaryColor', '#' || substr(md5($1::text || key), 1, 6), 'voiceGuidelines', 'Warm, direct, never snarky. Talk with people, not at them.'),
            jsonb_build_object('description', 'The people who buy ' || name || '.', 'painPoints', jsonb_build_array('Wants a quick answer', 'Distrusts ads that look like news'),
                               'positioning', 'Moments of joy, made responsibly.', 'competitors', jsonb_build_array('Rival ' || (n % 7), 'Rival ' || (n % 11))),
            ARRAY['Answer every question within a day', 'Two original posts a week'], $3::timestamptz - interval '400 days', $3::timestamptz - interval '400 days'
       FROM tree ORDER BY n`,
    [s, orgId, ANCHOR],
  );

  // Two pages per brand, each on its own network; one in six second pages still a draft.
  await step(
    'profile keys',
    `CREATE TEMP TABLE prof ON COMMIT DROP AS
     SELECT t.u, t.s, t.l, t.depth, t.key, t.n, t.id AS brand_id, t.name AS brand_name, k,
            ${uid('profile', `t.key || '.' || k`)} AS id,
            CASE k WHEN 1 THEN (ARRAY['FACEBOOK', 'INSTAGRAM', 'LINKEDIN'])[1 + t.n % 3] ELSE (ARRAY['X', 'YOUTUBE', 'TIKTOK', 'BLOG'])[1 + t.n % 4] END AS network,
            'bench_' || t.key || '_' || k AS handle,
            CASE WHEN k = 2 AND t.n % 6 = 0 THEN 'DRAFT' ELSE 'LIVE' END AS status,
            row_number() OVER (ORDER BY t.n, k)::int AS pn
       FROM tree t, generate_series(1, $2::int) k`,
    [s, SHAPE.profilesPerBrand],
  );
  await step(
    'social_profiles',
    `INSERT INTO social_profiles (id, organization_id, brand_id, network, handle, display_name, url, status, launched_at, created_at, updated_at)
     SELECT id, $1, brand_id, network::social_network, handle, brand_name || ' on ' || initcap(network), 'https://social.example/' || handle, status::social_profile_status,
            CASE WHEN status = 'LIVE' THEN $2::timestamptz - interval '300 days' END, $2::timestamptz - interval '390 days', $2::timestamptz - interval '300 days'
       FROM prof ORDER BY pn`,
    [orgId, ANCHOR],
  );

  // People: an org-wide admin and approver; a manager, an approver and an analyst per umbrella; an agent per sub-brand.
  await step(
    'people',
    `CREATE TEMP TABLE people ON COMMIT DROP AS
     SELECT * FROM (
       SELECT $2::text AS email, ${uid('user', `'admin'`)} AS id, 'Ada Admin' AS name, 'ORG_ADMIN' AS role_key, NULL::uuid AS brand_id
       UNION ALL SELECT $3, ${uid('user', `'approver'`)}, 'Alex Approver', 'APPROVER', NULL
       UNION ALL SELECT 'manager-' || lpad(u::text, 3, '0') || '@bench.example', ${uid('user', `'manager:' || u`)}, 'Manager of ' || name, 'BRAND_MANAGER', id FROM tree WHERE depth = 0
       UNION ALL SELECT 'approver-' || lpad(u::text, 3, '0') || '@bench.example', ${uid('user', `'approver:' || u`)}, 'Approver of ' || name, 'APPROVER', id FROM tree WHERE depth = 0
       UNION ALL SELECT 'analyst-' || lpad(u::text, 3, '0') || '@bench.example', ${uid('user', `'analyst:' || u`)}, 'Analyst of ' || name, 'ANALYST', id FROM tree WHERE depth = 0
       UNION ALL SELECT 'agent-' || lpad(u::text, 3, '0') || '-' || lpad(s::text, 2, '0') || '@bench.example', ${uid('user', `'agent:' || u || '.' || s`)}, 'Agent of ' || name, 'ZOOM_AGENT', id
         FROM tree WHERE depth = 1
     ) p`,
    [s, ADMIN_EMAIL, APPROVER_EMAIL],
  );
  await step(
    'users',
    `INSERT INTO users (id, organization_id, email, display_name, password_hash, status, created_at, updated_at)
     SELECT id, $1, email, name, $2, 'ACTIVE', $3::timestamptz - interval '400 days', $3::timestamptz - interval '400 days' FROM people ORDER BY email`,
    [orgId, passwordHash, ANCHOR],
  );
  await step(
    'role_assignments',
    `INSERT INTO role_assignments (id, organization_id, principal_type, principal_id, role_key, brand_id, created_by_id, created_at)
     SELECT ${uid('assignment', 'email')}, $2, 'USER', id, role_key, brand_id, $3, $4::timestamptz - interval '400 days' FROM people ORDER BY email`,
    [s, orgId, adminId, ANCHOR],
  );

  await step(
    'approval_workflows',
    `INSERT INTO approval_workflows (id, organization_id, name, description, stages, created_at, updated_at)
     VALUES ($1, $2, 'Brand review', 'One approver signs off humour and promotions before they go out.', $3::jsonb, $4::timestamptz - interval '400 days', $4::timestamptz - interval '400 days')`,
    [workflowId, orgId, JSON.stringify(WORKFLOW_STAGES), ANCHOR],
  );
  const seeds = policySeeds(workflowId);
  await step(
    'policies',
    `INSERT INTO policies (id, organization_id, brand_id, type, enforcement, locked, enabled, config, created_by_id, created_at, updated_at)
     SELECT ${uid('policy', `t.key || ':' || p.type`)}, $2, t.id, p.type::policy_type, p.enforcement::policy_enforcement, p.locked, true, p.config, $3,
            $4::timestamptz - interval '399 days', $4::timestamptz - interval '399 days'
       FROM tree t JOIN unnest($5::int[], $6::int[], $7::text[], $8::text[], $9::boolean[], $10::jsonb[]) AS p(depth, parity, type, enforcement, locked, config)
         ON t.depth = p.depth AND (p.parity IS NULL OR t.s % 2 = p.parity)
      ORDER BY t.n, p.type`,
    [
      s, orgId, adminId, ANCHOR,
      seeds.map((p) => p.depth), seeds.map((p) => p.parity), seeds.map((p) => p.type), seeds.map((p) => p.enforcement), seeds.map((p) => p.locked),
      seeds.map((p) => JSON.stringify(p.config)),
    ],
  );

  // Posts: 20 per profile, i = 0..19 gives the state: 5 drafts, 6 in review (humour or
  // promotion, so an approval is required and open), 2 approved, 2 scheduled, 3 published,
  // 1 with changes requested, 1 rejected. Every fourth has a second revision.
  await step(
    'post keys',
    `CREATE TEMP TABLE bp ON COMMIT DROP AS
     SELECT q.*,
            CASE WHEN q.tags && ARRAY['PROMOTION'] THEN 'Two for one this weekend at your local store, ' || q.handle || '. #ad'
                 WHEN q.tags && ARRAY['HUMOR'] THEN 'Why did the snack bar go to school? To get a little nuttier. (' || q.handle || ', ' || q.i || ')'
                 WHEN q.tags && ARRAY['OPINION'] THEN 'We think the best snack is the one you share. Tell us yours, ' || q.handle || '.'
                 WHEN q.tags && ARRAY['CURATED'] THEN 'A great story from our community about ' || q.brand_name || '.'
                 ELSE 'Post ' || q.i || ' on ' || q.handle || ': three ways to keep your energy up on a long day.' END AS body
       FROM (
         SELECT pr.id AS profile_id, pr.brand_id, pr.brand_name, pr.handle, pr.u, pr.pn, i,
                ${uid('post', `pr.key || '.' || pr.k || '.' || i`)} AS id,
                CASE WHEN pr.depth = 0 THEN ${uid('user', `'manager:' || pr.u`)} ELSE ${uid('user', `'agent:' || pr.u || '.' || pr.s`)} END AS author_id,
                CASE WHEN i < 5 THEN 'DRAFT' WHEN i < 11 THEN 'IN_REVIEW' WHEN i < 13 THEN 'APPROVED' WHEN i < 15 THEN 'SCHEDULED'
                     WHEN i < 18 THEN 'PUBLISHED' WHEN i = 18 THEN 'CHANGES_REQUESTED' ELSE 'REJECTED' END AS status,
                CASE WHEN i IN (5, 6, 7, 8, 9, 10, 11, 18, 19) THEN CASE WHEN i % 2 = 0 THEN ARRAY['HUMOR'] ELSE ARRAY['PROMOTION'] END
                     ELSE CASE (pr.pn + i) % 6 WHEN 0 THEN ARRAY[]::text[] WHEN 1 THEN ARRAY['ORIGINAL'] WHEN 2 THEN ARRAY['CUSTOMER_STORY']
                                               WHEN 3 THEN ARRAY['CURATED'] WHEN 4 THEN ARRAY['OPINION'] ELSE ARRAY['ORIGINAL'] END END AS tags,
                CASE (pr.pn + i) % 10 WHEN 0 THEN 'IMAGE' WHEN 1 THEN 'LINK' ELSE 'TEXT' END AS format,
                CASE WHEN i % 4 = 3 THEN 2 ELSE 1 END AS revision,
                $2::timestamptz - make_interval(days => (20 - i) * 2, mins => pr.pn % 1440) AS created_at
           FROM prof pr, generate_series(0, $3::int - 1) i
       ) q`,
    [s, ANCHOR, SHAPE.postsPerProfile],
  );
  await step(
    'posts',
    `INSERT INTO posts (id, organization_id, brand_id, author_id, author_type, status, title, body, format, tags, duration_seconds, source, label, internal_test,
                        profile_ids, revision, scheduled_at, published_at, publish_attempts, created_at, updated_at)
     SELECT id, $1, brand_id, author_id, 'USER', status::post_status, 'Post ' || i || ' of ' || handle, body, format::post_format, tags, NULL,
            CASE WHEN tags && ARRAY['CURATED'] THEN jsonb_build_object('url', 'https://news.example/' || i, 'author', 'A. Source',
                 'verification', jsonb_build_object('SOURCE_BIO', true, 'ACCOUNT_AGE', true, 'FOLLOWERS', true, 'LOCATION', true, 'TIMING', true, 'CORROBORATION', true)) END,
            CASE WHEN tags && ARRAY['OPINION'] THEN 'Opinion' END,
            CASE WHEN tags && ARRAY['HUMOR'] THEN jsonb_build_object('passed', true, 'notes', 'The team laughed.') END,
            ARRAY[profile_id], revision,
            CASE WHEN status = 'SCHEDULED' THEN $2::timestamptz + make_interval(days => i - 12) WHEN status = 'PUBLISHED' THEN created_at + interval '1 day' END,
            CASE WHEN status = 'PUBLISHED' THEN created_at + interval '1 day' END,
            CASE WHEN status = 'PUBLISHED' THEN 1 ELSE 0 END,
            created_at, created_at + interval '2 hours'
       FROM bp ORDER BY created_at, id`,
    [orgId, ANCHOR],
  );
  await step(
    'post_revisions',
    `INSERT INTO post_revisions (id, organization_id, post_id, number, title, body, format, tags, duration_seconds, source, label, internal_test, profile_ids, created_by_id, created_at)
     SELECT ${uid('revision', `p.id::text || '.' || r`)}, p.organization_id, p.id, r, p.title, CASE WHEN r < p.revision THEN 'First draft: ' || p.body ELSE p.body END, p.format, p.tags, p.duration_seconds,
            p.source, p.label, p.internal_test, p.profile_ids, p.author_id, p.created_at + make_interval(hours => r - 1)
       FROM posts p CROSS JOIN LATERAL generate_series(1, p.revision) r
      ORDER BY p.created_at, p.id, r`,
    [s],
  );
  // Every post that needed an approval (humour, promotion) and got past DRAFT has its request.
  await step(
    'approval_requests',
    `INSERT INTO approval_requests (id, organization_id, post_id, author_id, brand_id, revision, workflow_ids, stages, status, current_stage, stage_started_at, submitted_by_id, closed_at, created_at)
     SELECT ${uid('request', 'b.id::text')}, $2, b.id, b.author_id, b.brand_id, b.revision, ARRAY[$3::uuid], $4::jsonb,
            (CASE b.status WHEN 'IN_REVIEW' THEN 'OPEN' WHEN 'CHANGES_REQUESTED' THEN 'CHANGES_REQUESTED' WHEN 'REJECTED' THEN 'REJECTED' ELSE 'APPROVED' END)::approval_request_status,
            0, b.created_at + interval '1 hour', b.author_id,
            CASE WHEN b.status <> 'IN_REVIEW' THEN b.created_at + interval '5 hours' END, b.created_at + interval '1 hour'
       FROM bp b WHERE b.status <> 'DRAFT' AND b.tags && ARRAY['HUMOR', 'PROMOTION']
      ORDER BY b.created_at, b.id`,
    [s, orgId, workflowId, JSON.stringify(WORKFLOW_STAGES)],
  );
  await step(
    'approval_decisions',
    `INSERT INTO approval_decisions (id, organization_id, request_id, stage, decider_id, decision, comment, created_at)
     SELECT ${uid('decision', 'r.id::text')}, r.organization_id, r.id, 0, ${uid('user', `'approver:' || b.u`)},
            (CASE r.status WHEN 'APPROVED' THEN 'APPROVE' WHEN 'REJECTED' THEN 'REJECT' ELSE 'REQUEST_CHANGES' END)::approval_decision_kind,
            CASE r.status WHEN 'APPROVED' THEN 'Good to go.' ELSE 'Not like this.' END, r.closed_at
       FROM approval_requests r JOIN bp b ON b.id = r.post_id WHERE r.status <> 'OPEN'
      ORDER BY r.created_at, r.id`,
    [s],
  );
  await step(
    'post_publications',
    `INSERT INTO post_publications (id, organization_id, post_id, profile_id, revision, status, idempotency_key, connector, payload, external_id, sent_at, created_at)
     SELECT ${uid('publication', 'id::text')}, $2, id, profile_id, 1, 'SENT', 'bench-' || id, 'sandbox', jsonb_build_object('body', body), 'sandbox-' || id,
            created_at + interval '1 day', created_at + interval '1 day'
       FROM bp WHERE status = 'PUBLISHED' ORDER BY created_at, id`,
    [s, orgId],
  );
  await seedInbox(step, uid, s, orgId, ANCHOR);
  await client.query('COMMIT');
}

/** What the load needs to know about the seeded data. */
export interface Fixtures {
  organizationId: string;
  /** Every umbrella, by name. */
  umbrellaIds: string[];
  /** The umbrella the manager runs. */
  managerUmbrellaId: string;
  /** A product line (depth 2) under the manager's umbrella, for the ancestors read. */
  productLineId: string;
  /** DRAFT posts, for the edit mutation (each edit adds a revision; they stay drafts). */
  draftPostIds: string[];
  /** OPEN approval requests, for decisions: each can be decided once. */
  openRequestIds: string[];
  /** Users to log in as (same password), in a fixed order. */
  loginEmails: string[];
  adminId: string;
  managerId: string;
}

export async function loadFixtures(url: string): Promise<Fixtures> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const one = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];
    const [org] = await one<{ id: string }>(`SELECT id FROM organizations WHERE slug = 'bench'`);
    if (!org) throw new Error('The bench database holds no bench organization: run without --reuse to build it');
    const umbrellas = await one<{ id: string }>(`SELECT id FROM brands WHERE parent_id IS NULL ORDER BY name`);
    const [manager] = await one<{ id: string; brand_id: string }>(
      `SELECT u.id, a.brand_id FROM users u JOIN role_assignments a ON a.principal_id = u.id WHERE u.email = $1`,
      [MANAGER_EMAIL],
    );
    const [admin] = await one<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [ADMIN_EMAIL]);
    const [line] = await one<{ id: string }>(`SELECT id FROM brands WHERE depth = 2 AND ancestor_ids[1] = $1 ORDER BY name LIMIT 1`, [manager.brand_id]);
    // Spread over the whole organization, in a fixed order that does not follow the tree.
    const drafts = await one<{ id: string }>(`SELECT id FROM posts WHERE status = 'DRAFT' ORDER BY md5(id::text) LIMIT 20000`);
    const open = await one<{ id: string }>(`SELECT id FROM approval_requests WHERE status = 'OPEN' ORDER BY md5(id::text)`);
    const logins = await one<{ email: string }>(`SELECT email FROM users WHERE status = 'ACTIVE' ORDER BY md5(email) LIMIT 200`);
    return {
      organizationId: org.id,
      umbrellaIds: umbrellas.map((r) => r.id),
      managerUmbrellaId: manager.brand_id,
      productLineId: line.id,
      draftPostIds: drafts.map((r) => r.id),
      openRequestIds: open.map((r) => r.id),
      loginEmails: logins.map((r) => r.email),
      adminId: admin.id,
      managerId: manager.id,
    };
  } finally {
    await client.end();
  }
}
