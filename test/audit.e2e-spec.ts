import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RequestContext } from '../libs/core';
import { Db } from '../libs/database';
import { builders, errorCodes, GraphQLResponse, TestApp, TestMember, TestOrganization } from './support';
import { chainHash } from '../src/audit/audit-chain';
import { BrandsService } from '../src/brands/brands.service';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/demo/demo-data';
import { OrganizationsService } from '../src/organizations/organizations.service';

// The audit log (docs/guide/audit-and-change-feed.md): every mutation writes one event in its own
// transaction, with its actor, entity, changed fields and request id; it is readable where
// audit:read is held, hash-chained so tampering shows, and exportable as JSON Lines.

const CREATE_BRAND = `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`;
const UPDATE_BRAND = `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id } }`;
const MOVE_BRAND = `mutation ($id: ID!, $p: ID) { moveBrand(id: $id, newParentId: $p) { id } }`;
const SUBMIT = `mutation ($id: ID!) { submitPost(id: $id) { post { id status approvalRequest { id } } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { id status } } }`;
const ASSIGN = `mutation ($input: AssignRoleInput!) { assignRole(input: $input) { id brandId } }`;
const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const EVENT = `id seq occurredAt actorType actorId action entityType entityId brandId before after requestId hash prevHash`;
const AUDIT_EVENTS = `query ($filter: AuditEventFilter, $first: Int, $after: String) { auditEvents(filter: $filter, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EVENT} } } } }`;
const VERIFY = `{ verifyAuditChain { ok checked firstBreak { seq eventId reason } } }`;
const EXPORT = `query ($from: DateTime!, $to: DateTime!, $first: Int, $after: String) { auditExport(from: $from, to: $to, first: $first, after: $after) {
  jsonl count cursor hasMore } }`;

interface AuditEvent {
  id: string;
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  brandId: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  requestId: string | null;
  hash: string;
  prevHash: string;
}

jest.setTimeout(180_000);

describe('audit log', () => {
  let t: TestApp;
  let sql: DataSource;
  let org: TestOrganization;
  let adminId: string;
  let marsId: string;
  let snickersId: string;
  let doveId: string;
  let agent: TestMember;
  let approver: TestMember;
  let analyst: TestMember;
  let snickersProfile: string;
  /** When the organization's log began, for time-window queries. */
  let startedAt: Date;

  /** POST /graphql with an X-Request-Id header. */
  async function gqlWithId<T = any>(query: string, variables: Record<string, unknown>, token: string, requestId: string): Promise<GraphQLResponse<T>> {
    const res = await request(t.app.getHttpServer())
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${token}`)
      .set('x-request-id', requestId)
      .send({ query, variables });
    return res.body as GraphQLResponse<T>;
  }

  /** Runs a mutation under a fresh request id; returns its data and the audit events it wrote (read as the owner). */
  async function audited(query: string, variables: Record<string, unknown>, token = org.adminToken, organizationId = org.id) {
    const requestId = `test-${randomUUID()}`;
    const before = await eventCount(organizationId);
    const body = await gqlWithId(query, variables, token, requestId);
    if (body.errors) throw new Error(`Unexpected GraphQL errors: ${JSON.stringify(body.errors)}`);
    const rows = await sql.query(
      `SELECT id, seq, actor_type, actor_id, action, entity_type, entity_id, brand_id, changes, request_id FROM audit_events WHERE organization_id = $1 AND request_id = $2 ORDER BY seq`,
      [organizationId, requestId],
    );
    // One mutation, one event: nothing else was appended meanwhile.
    expect(await eventCount(organizationId)).toBe(before + rows.length);
    return { data: body.data, requestId, events: rows as any[] };
  }

  const eventCount = async (organizationId: string): Promise<number> =>
    (await sql.query(`SELECT count(*)::int AS n FROM audit_events WHERE organization_id = $1`, [organizationId]))[0].n;

  const list = async (filter: Record<string, unknown> | null, token = org.adminToken, first = 100): Promise<{ totalCount: number; events: AuditEvent[] }> => {
    const { auditEvents } = await t.ok(AUDIT_EVENTS, { filter, first }, token);
    return { totalCount: auditEvents.totalCount, events: auditEvents.edges.map((e: any) => e.node) };
  };

  beforeAll(async () => {
    t = await TestApp.start();
    sql = t.app.get(DataSource);
    startedAt = new Date(Date.now() - 1000);
    org = await t.createOrganization('Audit Org');
    adminId = (await t.ok(`{ viewer { id } }`, {}, org.adminToken)).viewer.id;
    const build = builders(t, org.adminToken);
    ({ Mars: marsId, Snickers: snickersId, Dove: doveId } = await build.tree({ Mars: null, Snickers: 'Mars', Dove: 'Mars' }));
    snickersProfile = await build.profile(snickersId, { network: 'X', handle: 'audit_snickers', displayName: 'Snickers' });
    await build.approvalWorkflow(marsId, 'Review', [{ name: 'Approver', approverRoles: ['APPROVER'], quorum: 1 }]);
    agent = await t.createMember(org, 'agent', [{ roleKey: 'ZOOM_AGENT', brandId: snickersId }]);
    approver = await t.createMember(org, 'approver', [{ roleKey: 'APPROVER', brandId: marsId }]);
    analyst = await t.createMember(org, 'analyst');
  }, 180_000);
  afterAll(() => t.close(), 180_000);

  describe('every mutation writes one event, with its actor, entity, change and request id', () => {
    it('createBrand: the new brand as `after`, no `before`', async () => {
      const { data, requestId, events } = await audited(CREATE_BRAND, { input: { name: 'Twix', parentId: marsId, description: 'Two bars' } });
      const id = data.createBrand.id;
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'brand.created', entity_type: 'Brand', entity_id: id, brand_id: id, actor_type: 'USER', actor_id: adminId, request_id: requestId });
      expect(events[0].changes.before).toBeNull();
      expect(events[0].changes.after).toMatchObject({ id, name: 'Twix', slug: 'twix', parentId: marsId, depth: 1, description: 'Two bars' });

      // The same event over GraphQL, found by its entity, carrying the request id that was sent.
      const { events: read } = await list({ entityId: id });
      expect(read).toHaveLength(1);
      expect(read[0]).toMatchObject({ id: events[0].id, seq: events[0].seq, action: 'brand.created', entityType: 'Brand', actorType: 'USER', actorId: adminId, requestId, before: null });
    });

    it('updateBrand: before and after hold only the changed fields', async () => {
      const { events } = await audited(UPDATE_BRAND, { input: { id: doveId, name: 'Dove Chocolate', description: 'Silky', branding: { primaryColor: null } } });
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event).toMatchObject({ action: 'brand.updated', entity_type: 'Brand', entity_id: doveId, brand_id: doveId });
      const changed = Object.keys(event.changes.after).sort();
      expect(changed).toEqual(Object.keys(event.changes.before).sort());
      expect(changed.filter((k) => k !== 'updatedAt')).toEqual(['description', 'name']);
      expect(event.changes.before).toMatchObject({ name: 'Dove', description: null });
      expect(event.changes.after).toMatchObject({ name: 'Dove Chocolate', description: 'Silky' });
    });

    it('moveBrand: the parent, ancestors and depth before and after', async () => {
      const { events } = await audited(MOVE_BRAND, { id: doveId, p: snickersId });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'brand.moved', entity_id: doveId, brand_id: doveId });
      expect(events[0].changes.before).toMatchObject({ parentId: marsId, ancestorIds: [marsId], depth: 1 });
      expect(events[0].changes.after).toMatchObject({ parentId: snickersId, ancestorIds: [marsId, snickersId], depth: 2 });
      expect(Object.keys(events[0].changes.after).filter((k) => k !== 'updatedAt').sort()).toEqual(['ancestorIds', 'depth', 'parentId']);
      await audited(MOVE_BRAND, { id: doveId, p: marsId });
    });

    it('submitPost and decideApproval, by the agent and the approver', async () => {
      const createPost = { id: await builders(t, agent.token).post({ brandId: snickersId, profileIds: [snickersProfile], body: 'Hungry? Grab a Snickers.' }) };
      const submitted = await audited(SUBMIT, { id: createPost.id }, agent.token);
      expect(submitted.data.submitPost.post.status).toBe('IN_REVIEW');
      expect(submitted.events).toHaveLength(1);
      expect(submitted.events[0]).toMatchObject({ action: 'post.submitted', entity_type: 'Post', entity_id: createPost.id, brand_id: snickersId, actor_type: 'USER', actor_id: agent.id });
      expect(submitted.events[0].changes).toEqual({ before: { status: 'DRAFT' }, after: { status: 'IN_REVIEW' } });

      const requestId = submitted.data.submitPost.post.approvalRequest.id;
      const decided = await audited(DECIDE, { input: { requestId, decision: 'APPROVE', comment: 'Ship it' } }, approver.token);
      expect(decided.events).toHaveLength(1);
      expect(decided.events[0]).toMatchObject({ action: 'approval.approve', entity_type: 'ApprovalRequest', entity_id: requestId, brand_id: snickersId, actor_id: approver.id });
      expect(decided.events[0].changes.before).toMatchObject({ status: 'OPEN' });
      expect(decided.events[0].changes.after).toMatchObject({ status: 'APPROVED', decision: 'APPROVE', comment: 'Ship it', postId: createPost.id });
    });

    it('assignRole: the assignment, on its brand', async () => {
      const { data, events } = await audited(ASSIGN, { input: { principalId: analyst.id, roleKey: 'ANALYST', brandId: snickersId } });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'role_assignment.created', entity_type: 'RoleAssignment', entity_id: data.assignRole.id, brand_id: snickersId, actor_id: adminId });
      expect(events[0].changes.after).toMatchObject({ principalId: analyst.id, roleKey: 'ANALYST', brandId: snickersId });
    });

    it('an API key is the actor of what it does', async () => {
      const { createApiKey } = await t.ok(CREATE_API_KEY, { input: { name: 'Audit CRM', roleKey: 'INTEGRATION' } }, org.adminToken);
      const { data, events } = await audited(CREATE_BRAND, { input: { name: 'Bounty', parentId: marsId } }, createApiKey.secret);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ action: 'brand.created', entity_id: data.createBrand.id, actor_type: 'API_KEY', actor_id: createApiKey.apiKey.id });
      const { events: byKey } = await list({ actorId: createApiKey.apiKey.id });
      expect(byKey.map((e) => [e.action, e.actorType])).toEqual([['brand.created', 'API_KEY']]);
    });

    it('a failed mutation writes nothing; a request id that is not acceptable is replaced', async () => {
      const before = await eventCount(org.id);
      const body = await gqlWithId(UPDATE_BRAND, { input: { id: doveId, slug: 'snickers-slug-taken', name: '   ' } }, org.adminToken, 'bad-input');
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      const conflict = await gqlWithId(CREATE_BRAND, { input: { name: 'Snickers', parentId: marsId } }, org.adminToken, 'dup-slug');
      expect(errorCodes(conflict)).toEqual(['CONFLICT']);
      expect(await eventCount(org.id)).toBe(before);

      const weird = 'not a valid id; DROP TABLE';
      await gqlWithId(UPDATE_BRAND, { input: { id: doveId, description: 'With a weird request id' } }, org.adminToken, weird);
      const [latest] = (await list({ entityId: doveId }, org.adminToken, 1)).events;
      expect(latest.after).toMatchObject({ description: 'With a weird request id' });
      expect(latest.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('auditEvents', () => {
    it('filters by entity, entity type, actor, action, brand (with or without its subtree) and time', async () => {
      const all = await list(null);
      expect(all.totalCount).toBe(await eventCount(org.id));
      const seqs = all.events.map((e) => Number(e.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

      const byEntity = await list({ entityId: doveId });
      expect(byEntity.events.map((e) => e.action)).toEqual(['brand.updated', 'brand.moved', 'brand.moved', 'brand.updated', 'brand.created']);
      expect(byEntity.totalCount).toBe(5);

      const posts = await list({ entityType: 'Post' });
      // The agent's post: created, then submitted (its approval is filed under the request).
      expect(posts.events.map((e) => [e.action, e.entityType])).toEqual([['post.submitted', 'Post'], ['post.created', 'Post']]);

      const byAgent = await list({ actorId: agent.id });
      expect(byAgent.events.map((e) => e.action)).toEqual(['post.submitted', 'post.created']);

      const submitted = await list({ action: 'post.submitted' });
      expect(submitted.events.map((e) => e.actorId)).toEqual([agent.id]);

      const combined = await list({ action: 'brand.moved', actorId: adminId, entityType: 'Brand' });
      expect(combined.totalCount).toBe(2);

      // Snickers with its subtree holds Dove's events from the time Dove was below it... and every event is filed under
      // the brand of its entity: a brand filter matches the entity's brand or its descendants.
      const snickersTree = await list({ brandId: snickersId });
      const snickersOnly = await list({ brandId: snickersId, includeSubtree: false });
      expect(snickersOnly.events.every((e) => e.brandId === snickersId)).toBe(true);
      expect(snickersOnly.events.map((e) => e.action)).toEqual(expect.arrayContaining(['brand.created', 'profile.created', 'post.created', 'post.submitted', 'approval.approve', 'role_assignment.created']));
      expect(snickersTree.totalCount).toBe(snickersOnly.totalCount);
      const marsTree = await list({ brandId: marsId });
      const marsOnly = await list({ brandId: marsId, includeSubtree: false });
      expect(marsOnly.events.every((e) => e.brandId === marsId)).toBe(true);
      // Mars with its subtree: its own events and those filed under every brand below it now.
      const [{ below }] = await sql.query(
        `SELECT count(*)::int AS below FROM audit_events e JOIN brands b ON b.id = e.brand_id WHERE e.organization_id = $1 AND $2 = ANY(b.ancestor_ids)`,
        [org.id, marsId],
      );
      expect(below).toBeGreaterThan(0);
      expect(marsTree.totalCount).toBe(marsOnly.totalCount + below);
      expect(marsTree.events.map((e) => e.brandId)).toEqual(expect.arrayContaining([marsId, snickersId, doveId]));
      expect(marsTree.events.some((e) => e.brandId === null)).toBe(false);

      // A time window: from is inclusive, to exclusive; together they split the log.
      const pivot = all.events[Math.floor(all.events.length / 2)].occurredAt;
      const since = await list({ from: pivot });
      const until = await list({ to: pivot });
      expect(since.events.every((e) => e.occurredAt >= pivot)).toBe(true);
      expect(until.events.every((e) => e.occurredAt < pivot)).toBe(true);
      expect(since.totalCount + until.totalCount).toBe(all.totalCount);
      expect((await list({ from: pivot, to: pivot })).totalCount).toBe(0);
      expect((await list({ from: new Date(Date.now() + 60_000).toISOString() })).totalCount).toBe(0);

      expect(errorCodes(await t.gql(AUDIT_EVENTS, { filter: { entityId: 'not-an-id' } }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
    });

    it('pages newest first with an opaque cursor', async () => {
      const all = await list(null);
      const paged: AuditEvent[] = [];
      let after: string | null = null;
      for (;;) {
        const { auditEvents }: any = await t.ok(AUDIT_EVENTS, { first: 4, after }, org.adminToken);
        paged.push(...auditEvents.edges.map((e: any) => e.node));
        if (!auditEvents.pageInfo.hasNextPage) break;
        after = auditEvents.pageInfo.endCursor;
      }
      expect(paged).toEqual(all.events);
      expect(errorCodes(await t.gql(AUDIT_EVENTS, { first: 4, after: 'garbage' }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
    });

    it('needs audit:read: an analyst on Snickers sees only its subtree; a zoom agent is FORBIDDEN', async () => {
      const seen = await list(null, analyst.token);
      expect(new Set(seen.events.map((e) => e.brandId))).toEqual(new Set([snickersId]));
      // Exactly what the owner finds under Snickers, event for event.
      const snickers = await list({ brandId: snickersId });
      expect(seen.events.map((e) => e.id)).toEqual(snickers.events.map((e) => e.id));
      expect(seen.totalCount).toBe(snickers.totalCount);
      // Asking for more than its reach does not widen it.
      expect((await list({ brandId: marsId }, analyst.token)).events.every((e) => e.brandId === snickersId)).toBe(true);
      expect((await list({ brandId: marsId, includeSubtree: false }, analyst.token)).totalCount).toBe(0);
      expect((await list({ entityType: 'ApiKey' }, analyst.token)).totalCount).toBe(0);
      // Verifying the chain needs the whole log.
      expect(errorCodes(await t.gql(VERIFY, {}, analyst.token))).toEqual(['FORBIDDEN']);

      for (const query of [AUDIT_EVENTS, VERIFY]) {
        const body = await t.gql(query, {}, agent.token);
        expect(errorCodes(body)).toEqual(['FORBIDDEN']);
        expect(body.data).toBeNull();
      }
      expect(errorCodes(await t.gql(EXPORT, { from: startedAt.toISOString(), to: new Date().toISOString() }, agent.token))).toEqual(['FORBIDDEN']);
      // The change feed needs brand:read: the agent reads its own subtree's changes, a member without roles nothing at all.
      const { changes } = await t.ok(`{ changes(first: 500) { events { brandId } } }`, {}, agent.token);
      expect(new Set(changes.events.map((e: any) => e.brandId))).toEqual(new Set([snickersId]));
      const nobody = await t.createMember(org, 'nobody');
      for (const query of [AUDIT_EVENTS, VERIFY, `{ changes { cursor } }`]) expect(errorCodes(await t.gql(query, {}, nobody.token))).toEqual(['FORBIDDEN']);
      // Another organization sees none of it.
      const other = await t.createOrganization('Other Audit');
      const foreign = await list(null, other.adminToken);
      expect(foreign.events.some((e) => [marsId, snickersId, doveId].includes(e.brandId!))).toBe(false);
      expect((await list({ entityId: doveId }, other.adminToken)).totalCount).toBe(0);
    });
  });

  describe('written in the transaction of the change', () => {
    let principalCtx: () => RequestContext;

    beforeAll(async () => {
      const principal = await t.app.get(OrganizationsService).addUser(
        org.id,
        { email: `operator-${randomUUID().slice(0, 8)}@${org.slug}.example`, displayName: 'Operator', password: 'correct horse battery staple' },
        [{ roleKey: 'ORG_ADMIN', brandId: null }],
      );
      principalCtx = () => new RequestContext(principal);
    }, 180_000);

    /** Creates a brand in a request-scoped transaction like an API request's, failing after the write when asked. */
    async function createInRequest(slug: string, fail: boolean): Promise<{ brandId: string; requestId: string }> {
      const db = t.app.get(Db);
      const ctx = principalCtx();
      let brandId = '';
      await db.runInRequest(async () => {
        db.enterTenant(org.id);
        try {
          await db.transaction(async () => {
            brandId = (await t.app.get(BrandsService).create(ctx, { name: `Injected ${slug}`, slug, parentId: marsId })).id;
            if (fail) throw new Error('injected');
          });
        } catch (error) {
          if ((error as Error).message !== 'injected') throw error;
        }
        await db.endRequest(true);
      });
      expect(brandId).toMatch(/^[0-9a-f-]{36}$/);
      return { brandId, requestId: ctx.requestId };
    }

    const stored = async (brandId: string, requestId: string) => ({
      brands: (await sql.query(`SELECT id FROM brands WHERE id = $1`, [brandId])).length,
      auditEvents: await sql.query(`SELECT id, action, actor_id, request_id FROM audit_events WHERE entity_id = $1 OR request_id = $2`, [brandId, requestId]),
      outboxEvents: await sql.query(
        `SELECT o.type, o.audit_event_id, o.brand_id, o.payload FROM outbox_events o WHERE o.payload ->> 'entityId' = $1 OR o.audit_event_id IN (SELECT id FROM audit_events WHERE request_id = $2)`,
        [brandId, requestId],
      ),
    });

    it('a failure after the write leaves no brand, no audit event and no outbox event', async () => {
      const before = { audit: await eventCount(org.id), outbox: (await sql.query(`SELECT count(*)::int AS n FROM outbox_events WHERE organization_id = $1`, [org.id]))[0].n };
      const { brandId, requestId } = await createInRequest('injected-failure', true);
      expect(await stored(brandId, requestId)).toEqual({ brands: 0, auditEvents: [], outboxEvents: [] });
      expect(await eventCount(org.id)).toBe(before.audit);
      expect((await sql.query(`SELECT count(*)::int AS n FROM outbox_events WHERE organization_id = $1`, [org.id]))[0].n).toBe(before.outbox);
      expect((await t.ok(VERIFY, {}, org.adminToken)).verifyAuditChain).toMatchObject({ ok: true, firstBreak: null });
    });

    it('without the failure, the brand, its audit event and its outbox event are all written', async () => {
      const { brandId, requestId } = await createInRequest('injected-success', false);
      const { brands, auditEvents, outboxEvents } = await stored(brandId, requestId);
      expect(brands).toBe(1);
      expect(auditEvents).toEqual([{ id: expect.any(String), action: 'brand.created', actor_id: principalCtx().requirePrincipal.id, request_id: requestId }]);
      expect(outboxEvents).toEqual([
        { type: 'brand.created', audit_event_id: auditEvents[0].id, brand_id: brandId, payload: expect.objectContaining({ type: 'brand.created', entityType: 'Brand', entityId: brandId }) },
      ]);
      expect((await t.ok(VERIFY, {}, org.adminToken)).verifyAuditChain).toMatchObject({ ok: true, firstBreak: null });
    });
  });

  describe('the hash chain', () => {
    it('holds for the demo organization (read only)', async () => {
      const token = await t.login(DEMO_USERS.admin.email, DEMO_PASSWORD);
      const { verifyAuditChain } = await t.ok(VERIFY, {}, token);
      expect(verifyAuditChain.ok).toBe(true);
      expect(verifyAuditChain.firstBreak).toBeNull();
      // Every event of the demo organization, none skipped (the suite writes none there).
      const [{ n }] = await sql.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE organization_id = (SELECT organization_id FROM users WHERE email = $1)`,
        [DEMO_USERS.admin.email],
      );
      expect(n).toBeGreaterThan(0);
      expect(verifyAuditChain.checked).toBe(n);
    });

    it('holds for this organization: every event links to the one before', async () => {
      const { verifyAuditChain } = await t.ok(VERIFY, {}, org.adminToken);
      expect(verifyAuditChain).toEqual({ ok: true, checked: await eventCount(org.id), firstBreak: null });
      const { events } = await list(null);
      const ascending = [...events].reverse();
      expect(ascending.map((e) => e.seq)).toEqual(ascending.map((_, i) => String(i + 1)));
      expect(ascending[0].prevHash).toBe('0'.repeat(64));
      for (let i = 1; i < ascending.length; i++) expect(ascending[i].prevHash).toBe(ascending[i - 1].hash);
    });

    it('shows an altered event, a rewritten one and a deleted one', async () => {
      // A throwaway organization: its log is damaged on purpose.
      const victim = await t.createOrganization('Tampered');
      for (const name of ['One', 'Two', 'Three', 'Four']) await builders(t, victim.adminToken).brand(name);
      const verify = async () => (await t.ok(VERIFY, {}, victim.adminToken)).verifyAuditChain;
      expect(await verify()).toEqual({ ok: true, checked: 4, firstBreak: null });
      const rows = await sql.query(`SELECT * FROM audit_events WHERE organization_id = $1 ORDER BY seq`, [victim.id]);
      const row = (seq: number) => rows[seq - 1];

      // Changing what an event says breaks its own hash.
      await sql.query(`UPDATE audit_events SET changes = jsonb_set(changes, '{after,name}', '"Forged"') WHERE organization_id = $1 AND seq = 2`, [victim.id]);
      expect(await verify()).toEqual({ ok: false, checked: 1, firstBreak: { seq: '2', eventId: row(2).id, reason: expect.stringMatching(/content/) } });
      await sql.query(`UPDATE audit_events SET changes = $2::jsonb WHERE organization_id = $1 AND seq = 2`, [victim.id, JSON.stringify(row(2).changes)]);
      expect(await verify()).toMatchObject({ ok: true, checked: 4 });

      // Rewriting it with a matching hash breaks the link of the next one.
      const forged = { ...row(2).changes, after: { ...row(2).changes.after, name: 'Forged' } };
      const content = {
        seq: '2', occurredAt: row(2).occurred_at.toISOString(), actorType: row(2).actor_type, actorId: row(2).actor_id, action: row(2).action,
        entityType: row(2).entity_type, entityId: row(2).entity_id, brandId: row(2).brand_id, changes: forged, requestId: row(2).request_id,
      };
      await sql.query(`UPDATE audit_events SET changes = $2::jsonb, hash = $3 WHERE organization_id = $1 AND seq = 2`, [victim.id, JSON.stringify(forged), chainHash(content, row(2).prev_hash)]);
      expect(await verify()).toEqual({ ok: false, checked: 2, firstBreak: { seq: '3', eventId: row(3).id, reason: expect.stringMatching(/link/) } });
      await sql.query(`UPDATE audit_events SET changes = $2::jsonb, hash = $3 WHERE organization_id = $1 AND seq = 2`, [victim.id, JSON.stringify(row(2).changes), row(2).hash]);
      expect(await verify()).toMatchObject({ ok: true, checked: 4 });

      // A deleted event leaves a gap.
      await sql.query(`DELETE FROM audit_events WHERE organization_id = $1 AND seq = 3`, [victim.id]);
      expect(await verify()).toEqual({ ok: false, checked: 2, firstBreak: { seq: '4', eventId: row(4).id, reason: 'event 3 is missing' } });
      // Nobody else's chain is affected.
      expect((await t.ok(VERIFY, {}, org.adminToken)).verifyAuditChain.ok).toBe(true);
    });
  });

  describe('auditExport', () => {
    it('returns JSON Lines, oldest first, a page at a time with the cursor', async () => {
      const to = new Date(Date.now() + 60_000).toISOString();
      const lines: any[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const { auditExport }: any = await t.ok(EXPORT, { from: startedAt.toISOString(), to, first: 5, after }, org.adminToken);
        pages += 1;
        const page = auditExport.jsonl.split('\n');
        expect(page.pop()).toBe('');
        expect(page).toHaveLength(auditExport.count);
        expect(auditExport.count).toBeLessThanOrEqual(5);
        lines.push(...page.map((line: string) => JSON.parse(line)));
        after = auditExport.cursor;
        if (!auditExport.hasMore) break;
      }
      const total = await eventCount(org.id);
      expect(total).toBeGreaterThan(5);
      expect(pages).toBe(Math.ceil(total / 5));
      expect(lines).toHaveLength(total);
      expect(lines.map((e) => e.seq)).toEqual(lines.map((_, i) => String(i + 1)));
      const { events } = await list(null);
      expect(lines.map((e) => e.id)).toEqual([...events].reverse().map((e) => e.id));
      expect(lines[0]).toMatchObject({ actorType: 'USER', actorId: adminId, action: 'brand.created', entityType: 'Brand', entityId: marsId, before: null });
      expect(Object.keys(lines[0]).sort()).toEqual(['action', 'actorId', 'actorType', 'after', 'before', 'brandId', 'entityId', 'entityType', 'hash', 'id', 'occurredAt', 'prevHash', 'requestId', 'seq']);
      // From the last cursor, nothing more.
      expect((await t.ok(EXPORT, { from: startedAt.toISOString(), to, after }, org.adminToken)).auditExport).toEqual({ jsonl: '', count: 0, cursor: after, hasMore: false });

      // A window in the middle of the log holds exactly the events in it.
      const from = lines[3].occurredAt;
      const until = lines[lines.length - 3].occurredAt;
      const { auditExport: window } = await t.ok(EXPORT, { from, to: until }, org.adminToken);
      const inWindow = window.jsonl.trim().split('\n').map((l: string) => JSON.parse(l));
      expect(inWindow.map((e: any) => e.id)).toEqual(lines.filter((e) => e.occurredAt >= from && e.occurredAt < until).map((e) => e.id));

      // An analyst exports only its subtree.
      const { auditExport: scoped } = await t.ok(EXPORT, { from: startedAt.toISOString(), to }, analyst.token);
      expect(scoped.count).toBe(lines.filter((e) => e.brandId === snickersId).length);
      expect(scoped.jsonl.trim().split('\n').every((l: string) => JSON.parse(l).brandId === snickersId)).toBe(true);
    });

    it('refuses an empty window and a garbage cursor', async () => {
      const now = new Date().toISOString();
      expect(errorCodes(await t.gql(EXPORT, { from: now, to: now }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await t.gql(EXPORT, { from: startedAt.toISOString(), to: now, after: 'garbage' }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
    });
  });
});
