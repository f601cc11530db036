import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StatementCounter } from '../libs/database';
import { PolicyType, validatePolicyConfig } from '../libs/policy-engine';
import { TestApp, TestMember, TestOrganization } from './support';

const BRAND_CONSOLE = `query ($id: ID!) { brand(id: $id) {
  name viewerPermissions effectivePolicies { type brandId }
  children(first: 50) { totalCount edges { node {
    name viewerPermissions effectivePolicies { type }
    profiles { totalCount edges { node { handle status } } } } } } } }`;
const POSTS_PAGE = `query ($brandId: ID!) {
  posts(first: 20, filter: { brandId: $brandId, includeSubtree: true, statuses: [DRAFT, APPROVED] }) {
    totalCount edges { node { id status brand { name } approvalRequest { status } revisions { number } } } } }`;
const SUBMIT = `mutation ($id: ID!) { submitPost(id: $id) { post { id status approvalRequest { status } } warnings { type enforcement } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { decision { id } request { id status } } }`;
const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const PASSWORD = 'correct horse battery staple';

/** One organization built for counting: an umbrella over sub-brands with profiles, policies, posts and approvals. */
interface ConsoleOrg {
  org: TestOrganization;
  umbrellaId: string;
  subBrandIds: string[];
  posts: number;
  /** Holds ANALYST on the umbrella and APPROVER on every sub-brand: its grants grow with the tree. */
  lead: TestMember;
  /** A DRAFT post of the first sub-brand that passes every BLOCK policy and breaks a WARN one (speculation without a label). */
  submittable: string;
  /** An OPEN request on a post of the first sub-brand, at a stage the lead may decide. */
  openRequest: string;
}

type Size = 'small' | 'large';
type Measure = Record<string, Record<Size, { statements: number; roundTrips: number }>>;

const STATUS_CYCLE = ['DRAFT', 'APPROVED', 'IN_REVIEW', 'SCHEDULED', 'CHANGES_REQUESTED'];
const REQUEST_STATUS: Record<string, string | undefined> = { APPROVED: 'APPROVED', SCHEDULED: 'APPROVED', IN_REVIEW: 'OPEN', CHANGES_REQUESTED: 'CHANGES_REQUESTED' };

/**
 * What a brand console, a content list and the everyday mutations cost in SQL statements
 * does not depend on how much data the organization has: every level of a query is one
 * batched statement, whether it shows 2 sub-brands or 20, 8 posts or 800. Run on both the
 * embedded database and the PostgreSQL server.
 */
describe('console statement counts', () => {
  let t: TestApp;
  const orgs = {} as Record<Size, ConsoleOrg>;
  const measured: Measure = {};

  beforeAll(async () => {
    t = await TestApp.start();
    orgs.small = await buildOrg('small', 2, 2);
    orgs.large = await buildOrg('large', 20, 20);
  }, 180_000);

  afterAll(async () => {
    const cell = (c: { statements: number; roundTrips: number }) => `${String(c.statements).padStart(3)} in ${String(c.roundTrips).padStart(2)}`;
    const rows = Object.entries(measured).map(([op, c]) => `  ${op.padEnd(34)} small ${cell(c.small)}   large ${cell(c.large)}`);
    console.log(`statements in round trips per request (small: 2 sub-brands, 8 posts; large: 20 sub-brands, 800 posts)\n${rows.join('\n')}`);
    await t?.close();
  }, 180_000);

  /**
   * Inserts the organization straight into the tables: `subBrands` sub-brands under one
   * umbrella, two profiles each, `postsPerProfile` posts on each profile in a mix of states
   * (with revisions, approval requests and decisions), and policies at both levels.
   */
  async function buildOrg(size: Size, subBrands: number, postsPerProfile: number): Promise<ConsoleOrg> {
    const org = await t.createOrganization(`Console ${size}`);
    const db = t.app.get(DataSource);
    const [{ id: adminId }] = await db.query(`SELECT id FROM users WHERE email = $1`, [org.adminEmail]);

    const umbrellaId = randomUUID();
    await db.query(`INSERT INTO brands (id, organization_id, name, slug) VALUES ($1, $2, 'Umbrella', 'umbrella')`, [umbrellaId, org.id]);
    const subBrandIds = Array.from({ length: subBrands }, () => randomUUID());
    await db.query(
      `INSERT INTO brands (id, organization_id, parent_id, ancestor_ids, depth, name, slug)
       SELECT v.id, $1, $2, ARRAY[$2::uuid], 1, 'Sub-brand ' || v.n, 'sub-' || v.n FROM unnest($3::uuid[]) WITH ORDINALITY AS v(id, n)`,
      [org.id, umbrellaId, subBrandIds],
    );

    const profiles = subBrandIds.flatMap((brandId, i) => [
      { id: randomUUID(), brandId, network: 'FACEBOOK', handle: `sub-${i}-fb`, status: 'LIVE' },
      { id: randomUUID(), brandId, network: 'X', handle: `sub_${i}_x`, status: 'DRAFT' },
    ]);
    await db.query(
      `INSERT INTO social_profiles (id, organization_id, brand_id, network, handle, display_name, status)
       SELECT v.id, $1, v.brand_id, v.network::social_network, v.handle, 'Page ' || v.handle, v.status::social_profile_status
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[]) AS v(id, brand_id, network, handle, status)`,
      [org.id, profiles.map((p) => p.id), profiles.map((p) => p.brandId), profiles.map((p) => p.network), profiles.map((p) => p.handle), profiles.map((p) => p.status)],
    );

    const stages = [{ name: 'Review', approverRoles: ['APPROVER'], quorum: 1, slaHours: null }];
    const [{ id: workflowId }] = await db.query(`INSERT INTO approval_workflows (organization_id, name, stages) VALUES ($1, 'Review', $2) RETURNING id`, [
      org.id,
      JSON.stringify(stages),
    ]);

    // Umbrella policies flow down; each sub-brand adds its own.
    const policies: { brandId: string; type: PolicyType; enforcement: string; locked: boolean; config: object }[] = [
      { brandId: umbrellaId, type: PolicyType.APPROVAL_REQUIRED, enforcement: 'BLOCK', locked: false, config: { workflowId, always: true } },
      { brandId: umbrellaId, type: PolicyType.BANNED_TERMS, enforcement: 'BLOCK', locked: true, config: { terms: ['free money', 'guaranteed'] } },
      { brandId: umbrellaId, type: PolicyType.REQUIRED_DISCLOSURE, enforcement: 'BLOCK', locked: false, config: { tags: ['PROMOTION'], text: '#ad' } },
      { brandId: umbrellaId, type: PolicyType.POSTING_CADENCE, enforcement: 'WARN', locked: false, config: { maxPerWeek: 50 } },
      ...subBrandIds.flatMap((brandId) => [
        { brandId, type: PolicyType.CONTENT_LENGTH, enforcement: 'BLOCK', locked: false, config: { rules: [{ format: 'TEXT', maxChars: 500 }] } },
        { brandId, type: PolicyType.SPECULATION_LABEL, enforcement: 'WARN', locked: false, config: { tags: ['SPECULATION'], labels: ['Opinion'] } },
      ]),
    ];
    for (const p of policies) expect(validatePolicyConfig(p.type, p.config)).toEqual([]);
    await db.query(
      `INSERT INTO policies (organization_id, brand_id, type, enforcement, locked, enabled, config)
       SELECT $1, v.brand_id, v.type::policy_type, v.enforcement::policy_enforcement, v.locked, true, v.config
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::jsonb[]) AS v(brand_id, type, enforcement, locked, config)`,
      [org.id, policies.map((p) => p.brandId), policies.map((p) => p.type), policies.map((p) => p.enforcement), policies.map((p) => p.locked), policies.map((p) => JSON.stringify(p.config))],
    );

    const lead = await t.createMember(org, `lead-${size}`, [
      { roleKey: 'ANALYST', brandId: umbrellaId },
      ...subBrandIds.map((brandId) => ({ roleKey: 'APPROVER', brandId })),
    ]);

    // Posts in a mix of states; every third one edited once (two revisions).
    const now = Date.now();
    const posts = profiles.flatMap((profile) =>
      Array.from({ length: postsPerProfile }, (_, i) => {
        const status = STATUS_CYCLE[i % STATUS_CYCLE.length];
        return {
          id: randomUUID(),
          brandId: profile.brandId,
          profileId: profile.id,
          status,
          body: `Post ${i} for ${profile.handle}`,
          revision: i % 3 === 2 ? 2 : 1,
          scheduledAt: status === 'SCHEDULED' ? new Date(now + (i + 1) * 3_600_000) : null,
        };
      }),
    );
    const submittable = { id: randomUUID(), brandId: subBrandIds[0], profileId: profiles[0].id, status: 'DRAFT', body: 'Meet our new flavour', revision: 1, scheduledAt: null };
    const reviewed = { id: randomUUID(), brandId: subBrandIds[0], profileId: profiles[0].id, status: 'IN_REVIEW', body: 'Waiting for a decision', revision: 1, scheduledAt: null };
    const all = [...posts, submittable, reviewed];
    await db.query(
      `INSERT INTO posts (id, organization_id, brand_id, author_id, author_type, status, title, body, format, tags, profile_ids, revision, scheduled_at)
       SELECT v.id, $1, v.brand_id, $2, 'USER', v.status::post_status, NULL, v.body, 'TEXT', CASE WHEN v.id = $10 THEN '{SPECULATION}'::text[] ELSE '{}' END,
              ARRAY[v.profile_id], v.revision, v.scheduled_at
         FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::int[], $9::timestamptz[]) AS v(id, brand_id, profile_id, status, body, revision, scheduled_at)`,
      [
        org.id, adminId, all.map((p) => p.id), all.map((p) => p.brandId), all.map((p) => p.profileId), all.map((p) => p.status), all.map((p) => p.body),
        all.map((p) => p.revision), all.map((p) => p.scheduledAt), submittable.id,
      ],
    );
    await db.query(
      `INSERT INTO post_revisions (organization_id, post_id, number, created_by_id, body, format, tags, profile_ids)
       SELECT p.organization_id, p.id, n, p.author_id, p.body, p.format, p.tags, p.profile_ids
         FROM posts p CROSS JOIN LATERAL generate_series(1, p.revision) AS n WHERE p.organization_id = $1`,
      [org.id],
    );

    // The latest approval request of every submitted post, and the decision that closed it.
    const requests = [...posts, reviewed].filter((p) => REQUEST_STATUS[p.status]).map((p) => ({ id: randomUUID(), post: p, status: REQUEST_STATUS[p.status]! }));
    await db.query(
      `INSERT INTO approval_requests (id, organization_id, post_id, author_id, brand_id, revision, workflow_ids, stages, status, submitted_by_id, closed_at)
       SELECT v.id, $1, v.post_id, p.author_id, v.brand_id, v.revision, ARRAY[$2::uuid], $3::jsonb, v.status::approval_request_status, $4,
              CASE WHEN v.status = 'OPEN' THEN NULL ELSE now() END
         FROM posts p JOIN unnest($5::uuid[], $6::uuid[], $7::uuid[], $8::int[], $9::text[]) AS v(id, post_id, brand_id, revision, status) ON v.post_id = p.id`,
      [org.id, workflowId, JSON.stringify(stages), adminId, requests.map((r) => r.id), requests.map((r) => r.post.id), requests.map((r) => r.post.brandId), requests.map((r) => r.post.revision), requests.map((r) => r.status)],
    );
    await db.query(
      `INSERT INTO approval_decisions (organization_id, request_id, stage, decider_id, decision)
       SELECT organization_id, id, 0, $2, CASE status WHEN 'APPROVED' THEN 'APPROVE' ELSE 'REQUEST_CHANGES' END::approval_decision_kind
         FROM approval_requests WHERE organization_id = $1 AND status <> 'OPEN'`,
      [org.id, lead.id],
    );

    return {
      org,
      umbrellaId,
      subBrandIds,
      posts: all.length,
      lead,
      submittable: submittable.id,
      openRequest: requests.find((r) => r.post === reviewed)!.id,
    };
  }

  /**
   * Statements and round trips of one request, failing the test on any GraphQL error. The
   * caller has made a request before (the steady state: a query checks the principal it knows
   * with its first batch instead of reading it first).
   */
  async function count(token: string | undefined, query: string, variables: Record<string, unknown>): Promise<{ statements: number; roundTrips: number; data: any }> {
    let data: any;
    if (token) await t.ok(`{ viewer { id } }`, {}, token);
    StatementCounter.recording = true;
    try {
      const statements = await t.countStatements(async () => {
        data = await t.ok(query, variables, token);
      });
      return { statements, roundTrips: StatementCounter.roundTrips, data };
    } finally {
      StatementCounter.recording = false;
    }
  }

  /** Runs `operation` on both organizations and records the counts; the statements of the large run are kept for a failure message. */
  async function compare(name: string, operation: (o: ConsoleOrg, size: Size) => Promise<{ statements: number; roundTrips: number; data: any }>) {
    const small = await operation(orgs.small, 'small');
    const smallLog = [...StatementCounter.statements];
    const large = await operation(orgs.large, 'large');
    const largeLog = [...StatementCounter.statements];
    measured[name] = { small: { statements: small.statements, roundTrips: small.roundTrips }, large: { statements: large.statements, roundTrips: large.roundTrips } };
    // DEBUG_STATEMENTS=1 lists what each operation sends.
    if (process.env.DEBUG_STATEMENTS) console.log(`${name}:\n${largeLog.map((sql) => sql.replace(/\s+/g, ' ').slice(0, 160)).join('\n')}`);
    if (large.statements !== small.statements) {
      // Show what the large run sent that the small one did not, to point at the N+1.
      const extra = largeLog.filter((sql, i) => largeLog.indexOf(sql) !== i || !smallLog.includes(sql));
      console.log(`${name}: ${small.statements} vs ${large.statements}; repeated in the large run:\n${[...new Set(extra)].map((s) => s.replace(/\s+/g, ' ').slice(0, 200)).join('\n')}`);
    }
    expect({ [name]: large.statements }).toEqual({ [name]: small.statements });
    expect({ [name]: large.roundTrips }).toEqual({ [name]: small.roundTrips });
    return { small: small.data, large: large.data };
  }

  it('builds organizations of two sizes', () => {
    expect([orgs.small.subBrandIds.length, orgs.small.posts]).toEqual([2, 2 * 2 * 2 + 2]);
    expect([orgs.large.subBrandIds.length, orgs.large.posts]).toEqual([20, 20 * 2 * 20 + 2]);
  });

  it.each([
    ['admin', (o: ConsoleOrg) => o.org.adminToken],
    ['lead', (o: ConsoleOrg) => o.lead.token],
  ])('the brand console costs the same for 2 and 20 sub-brands (as %s)', async (viewer, token) => {
    const data = await compare(`brand console (${viewer})`, (o) => count(token(o), BRAND_CONSOLE, { id: o.umbrellaId }));
    for (const [size, subBrands] of [['small', 2], ['large', 20]] as const) {
      const brand = data[size].brand;
      expect(brand.effectivePolicies.map((p: { type: string }) => p.type).sort()).toEqual(['APPROVAL_REQUIRED', 'BANNED_TERMS', 'POSTING_CADENCE', 'REQUIRED_DISCLOSURE']);
      expect(brand.children.totalCount).toBe(subBrands);
      expect(brand.children.edges).toHaveLength(subBrands);
      for (const { node } of brand.children.edges) {
        expect(node.effectivePolicies).toHaveLength(6);
        expect(node.profiles.totalCount).toBe(2);
        expect(node.profiles.edges.map((e: any) => e.node.status).sort()).toEqual(['DRAFT', 'LIVE']);
        expect(node.viewerPermissions).toContain('BRAND_READ');
      }
    }
    expect(data.large.brand.children.edges[0].node.viewerPermissions).toContain(viewer === 'admin' ? 'BRAND_MANAGE' : 'POST_APPROVE');
  });

  it.each([
    ['admin', (o: ConsoleOrg) => o.org.adminToken],
    ['lead', (o: ConsoleOrg) => o.lead.token],
  ])('a page of posts across the subtree costs the same for 8 and 800 posts (as %s)', async (viewer, token) => {
    const data = await compare(`posts page (${viewer})`, (o) => count(token(o), POSTS_PAGE, { brandId: o.umbrellaId }));
    // DRAFT and APPROVED are two states of the cycle of five, plus the submittable draft.
    expect(data.small.posts.totalCount).toBe(2 * 2 * 2 + 1);
    expect(data.large.posts.totalCount).toBe(20 * 2 * 8 + 1);
    expect(data.small.posts.edges).toHaveLength(9);
    expect(data.large.posts.edges).toHaveLength(20);
    for (const { node } of [...data.small.posts.edges, ...data.large.posts.edges]) {
      expect(['DRAFT', 'APPROVED']).toContain(node.status);
      expect(node.brand.name).toMatch(/^Sub-brand \d+$/);
      expect(node.approvalRequest).toEqual(node.status === 'APPROVED' ? { status: 'APPROVED' } : null);
      expect(node.revisions.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('submitting a sub-brand post through the policies costs the same in both', async () => {
    const data = await compare('submitPost', (o) => count(o.org.adminToken, SUBMIT, { id: o.submittable }));
    for (const size of ['small', 'large'] as const) {
      expect(data[size].submitPost).toMatchObject({ post: { status: 'IN_REVIEW', approvalRequest: { status: 'OPEN' } }, warnings: [{ type: 'SPECULATION_LABEL', enforcement: 'WARN' }] });
    }
  });

  it('deciding an open request costs the same in both', async () => {
    const data = await compare('decideApproval', (o) => count(o.lead.token, DECIDE, { input: { requestId: o.openRequest, decision: 'APPROVE' } }));
    for (const size of ['small', 'large'] as const) expect(data[size].decideApproval.request.status).toBe('APPROVED');
  });

  it.each([
    ['admin', (o: ConsoleOrg) => o.org.adminEmail],
    ['lead', (o: ConsoleOrg) => o.lead.email],
  ])('logging in costs the same in both (as %s)', async (who, email) => {
    const data = await compare(`login (${who})`, (o) => count(undefined, LOGIN, { email: email(o), password: PASSWORD }));
    expect(data.large.login.accessToken).toEqual(expect.any(String));
  });
});
