import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { systemContext } from '../libs/auth';
import { StatementCounter } from '../libs/database';
import { InboxAbout, InboxItemKind, InboxItemStatus, InboxSlaWatch } from '../src/inbox';
import { SlaTriage } from '../src/inbox/sla-triage';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, TestApp, TestMember, TestOrganization, UMBRELLA_TREE, unique } from './support';

// Response targets (docs/guide/inbox.md, "Response targets"): due times at ingest from the
// RESPONSE_SLA in force on the item's brand, the watch that flags overdue items, and inboxStats.

const SET_POLICY = `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { id } }`;
const ITEM = `query ($id: ID!) { inboxItem(id: $id) { id dueAt slaState slaBreachedAt priority version } }`;
const STATS = `query ($brandId: ID!, $from: DateTime!, $to: DateTime!, $groupBy: InboxStatsGroupBy!, $timeZone: String) {
  inboxStats(brandId: $brandId, from: $from, to: $to, groupBy: $groupBy, timeZone: $timeZone) { brandId groupBy timeZone
    rows { ...figures } total { ...figures } } }
  fragment figures on InboxStatsRow { key label received answered responseRate medianFirstResponseSeconds p90FirstResponseSeconds
    slaMet slaMissed slaOverdue slaMetPercent hidden spam thanked }`;
const CHANGES = `query { changes(first: 500, types: ["inbox.item.sla_breached"]) { events { action actorType entityId before after } } }`;

const WARSAW_HOURS = { timeZone: 'Europe/Warsaw', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const MINUTE = 60_000;

describe('response targets', () => {
  let t: TestApp;
  let org: TestOrganization;
  let build: Builders;
  let db: DataSource;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let snickersX: string;
  let doveFb: string;

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(DataSource);
    org = await t.createOrganization('Inbox SLA');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    snickersX = await build.profile(brands.Snickers, { network: 'X', live: true });
    doveFb = await build.profile(brands.Dove, { live: true });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  const responseSla = (brandId: string, config: object, locked = false) =>
    t.ok(SET_POLICY, { input: { brandId, type: 'RESPONSE_SLA', locked, config: { responseSla: config } } }, org.adminToken);
  const ingestOne = async (item: Record<string, unknown>) => {
    const { results } = await build.ingest([item as never]);
    return (await t.ok(ITEM, { id: results[0].item!.id }, org.adminToken)).inboxItem;
  };
  const dueOf = async (items: Record<string, unknown>[]) => {
    const { results } = await build.ingest(items as never);
    return Promise.all(results.map(async (r) => (await t.ok(ITEM, { id: r.item!.id }, org.adminToken)).inboxItem.dueAt));
  };

  describe('due times at ingest', () => {
    it('sets each item\'s due time from the first matching target, in business minutes of the brand\'s hours', async () => {
      await responseSla(brands.Snickers, {
        minutes: 240,
        targets: [{ kinds: ['DIRECT_MESSAGE'], abouts: ['COMPLAINT'], minutes: 15 }, { abouts: ['QUESTION'], minutes: 60 }],
        businessHours: WARSAW_HOURS,
      });
      // Friday 27 November 2026, 16:30 in Warsaw (CET, UTC+1): half an hour of the business day left.
      const friday = '2026-11-27T15:30:00.000Z';
      expect(await dueOf([
        { profileId: snickersX, kind: 'COMMENT', about: 'QUESTION', receivedAt: friday },
        { profileId: snickersX, kind: 'DIRECT_MESSAGE', about: 'COMPLAINT', receivedAt: friday },
        { profileId: snickersX, kind: 'DIRECT_MESSAGE', about: 'QUESTION', receivedAt: friday },
        { profileId: snickersX, kind: 'MENTION', receivedAt: friday },
        // Saturday: the clock starts at Monday's opening.
        { profileId: snickersX, kind: 'COMMENT', about: 'QUESTION', receivedAt: '2026-11-28T10:00:00.000Z' },
      ])).toEqual([
        '2026-11-30T08:30:00.000Z', // 30 minutes on Friday, 30 on Monday: 09:30 Warsaw
        '2026-11-27T15:45:00.000Z', // fits on Friday: 16:45
        '2026-11-30T08:30:00.000Z', // the COMPLAINT target needs both lists to match: the QUESTION one applies
        '2026-11-30T11:30:00.000Z', // no target matches: 240 minutes, 30 on Friday and 210 on Monday (12:30)
        '2026-11-30T09:00:00.000Z', // Monday 10:00
      ]);
    });

    it('inherits the umbrella\'s RESPONSE_SLA, and a locked one overrides the sub-brand\'s own', async () => {
      const received = new Date(Date.now() - 60 * MINUTE);
      await responseSla(brands.Umbrella, { minutes: 120 });
      const [dove, snickers] = await dueOf([
        { profileId: doveFb, receivedAt: received.toISOString() },
        { profileId: snickersX, kind: 'MENTION', receivedAt: '2026-11-27T15:30:00.000Z' },
      ]);
      expect(dove).toBe(new Date(received.getTime() + 120 * MINUTE).toISOString());
      expect(snickers).toBe('2026-11-30T11:30:00.000Z'); // Snickers' own policy, not the umbrella's

      await responseSla(brands.Umbrella, { minutes: 30 }, true);
      const [lockedSnickers] = await dueOf([{ profileId: snickersX, kind: 'MENTION', receivedAt: received.toISOString() }]);
      expect(lockedSnickers).toBe(new Date(received.getTime() + 30 * MINUTE).toISOString());
    });

    it('sets no due time without a RESPONSE_SLA in force: NO_TARGET', async () => {
      const loner = await build.brand(`Loner ${unique()}`);
      const profile = await build.profile(loner, { live: true });
      expect(await ingestOne({ profileId: profile, about: 'QUESTION' })).toMatchObject({ dueAt: null, slaState: 'NO_TARGET' });
    });

    it('sends the same ingest statements for 10 items as for 500 under a RESPONSE_SLA with business hours', async () => {
      const count = async (n: number) => {
        const items = Array.from({ length: n }, (_, i) => ({ profileId: snickersX, kind: i % 2 ? 'DIRECT_MESSAGE' : 'COMMENT', about: i % 3 ? 'QUESTION' : 'COMPLAINT' }));
        return t.countStatements(() => build.ingest(items));
      };
      await t.ok(`{ viewer { id } }`, {}, org.adminToken);
      const [small, large] = [await count(10), await count(500)];
      console.log(`ingest statements under a RESPONSE_SLA: 10 items ${small}, 500 items ${large}`);
      expect(large).toBe(small);
    });

    it('leaves items that moderation hid, marked as spam or closed without a due time, in one statement for the batch', async () => {
      const item = (about: InboxAbout) => ({ brandId: brands.Dove, brandAncestorIds: [brands.Umbrella], kind: InboxItemKind.COMMENT, receivedAt: new Date('2026-11-27T15:30:00Z'), about });
      const outcome = (status: InboxItemStatus) => ({ status, about: InboxAbout.QUESTION, dueAt: null as Date | null });
      const statuses = [InboxItemStatus.OPEN, InboxItemStatus.ASSIGNED, InboxItemStatus.HIDDEN, InboxItemStatus.SPAM, InboxItemStatus.CLOSED];
      const decided = await t.app.get(SlaTriage).withDueTimes(systemContext(org.id), statuses.map(() => item(InboxAbout.QUESTION)), statuses.map(outcome));
      // The umbrella's locked 30 minutes, around the clock.
      expect(decided.map((o) => [o.status, o.dueAt?.toISOString() ?? null])).toEqual([
        ['OPEN', '2026-11-27T16:00:00.000Z'], ['ASSIGNED', '2026-11-27T16:00:00.000Z'], ['HIDDEN', null], ['SPAM', null], ['CLOSED', null],
      ]);
    });
  });

  describe('the overdue watch', () => {
    it('flags an unanswered open item past its due time once, raises its priority and publishes an audited event', async () => {
      const watch = t.app.get(InboxSlaWatch);
      const brand = await build.brand(`Watch ${unique()}`);
      const profile = await build.profile(brand, { live: true });
      await responseSla(brand, { minutes: 1 });
      const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();
      const { results } = await build.ingest([
        { profileId: profile, receivedAt: ago(10) }, // overdue
        { profileId: profile, receivedAt: ago(10) }, // overdue, URGENT already
        { profileId: profile, receivedAt: ago(10) }, // answered late: MISSED, not overdue
        { profileId: profile, receivedAt: ago(10) }, // closed without an answer
        { profileId: profile, receivedAt: ago(0) }, // not due yet
      ]);
      const [overdue, urgent, answered, closed, fresh] = results.map((r) => r.item!.id);
      // Replies and closing are built in parallel: their columns are set here (the e2e story covers the real path).
      await db.query(`UPDATE inbox_items SET priority = 'URGENT' WHERE id = $1`, [urgent]);
      await db.query(`UPDATE inbox_items SET first_response_at = now() WHERE id = $1`, [answered]);
      await db.query(`UPDATE inbox_items SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [closed]);

      expect(await watch.tick()).toBeGreaterThanOrEqual(2);
      const item = async (id: string) => (await t.ok(ITEM, { id }, org.adminToken)).inboxItem;
      expect(await item(overdue)).toMatchObject({ slaState: 'OVERDUE', priority: 'HIGH', version: 2 });
      expect((await item(overdue)).slaBreachedAt).not.toBeNull();
      expect(await item(urgent)).toMatchObject({ priority: 'URGENT', version: 2 });
      for (const id of [answered, closed, fresh]) expect(await item(id)).toMatchObject({ slaBreachedAt: null, priority: 'NORMAL', version: 1 });

      await watch.tick();
      const events = await db.query(
        `SELECT entity_id, actor_type FROM audit_events WHERE organization_id = $1 AND action = 'inbox.item.sla_breached' AND entity_id = ANY($2::uuid[])`,
        [org.id, [overdue, urgent, answered, closed, fresh]],
      );
      expect(events.map((e: any) => [e.entity_id, e.actor_type]).sort()).toEqual([[overdue, 'SYSTEM'], [urgent, 'SYSTEM']].sort());
      expect((await item(overdue)).version).toBe(2);

      // In the change feed (and so to webhooks, through the outbox), with what changed.
      const feed = (await t.ok(CHANGES, {}, org.adminToken)).changes.events.filter((e: any) => e.entityId === overdue);
      expect(feed).toHaveLength(1);
      expect(feed[0]).toMatchObject({ action: 'inbox.item.sla_breached', actorType: 'SYSTEM', before: { priority: 'NORMAL', slaBreachedAt: null, version: 1 }, after: { priority: 'HIGH', version: 2 } });
    });
  });

  describe('inboxStats', () => {
    let root: string;
    let agent: TestMember;
    const range = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
    const names = { root: `Stats ${unique()}`, a: `A ${unique()}`, b: `B ${unique()}` };

    beforeAll(async () => {
      root = await build.brand(names.root);
      const a = await build.brand(names.a, root);
      const b = await build.brand(names.b, root);
      const pA = await build.profile(a, { handle: `pa_${unique()}`, live: true });
      const pB = await build.profile(b, { handle: `pb_${unique()}`, live: true });
      agent = await t.createMember(org, 'stats-agent', [{ roleKey: 'ZOOM_AGENT', brandId: root }]);
      const at = (iso: string) => ({ receivedAt: iso });
      const { results } = await build.ingest([
        { profileId: pA, ...at('2026-11-10T10:00:00.000Z') }, // a1: answered in 10 min, on time, thanked
        { profileId: pA, ...at('2026-11-10T10:00:00.000Z') }, // a2: answered in 2 h, late
        { profileId: pA, ...at('2026-11-10T10:00:00.000Z') }, // a3: unanswered, overdue
        { profileId: pA, ...at('2026-11-10T10:00:00.000Z') }, // a4: hidden
        { profileId: pB, ...at('2026-11-11T23:30:00.000Z') }, // b1: answered in 30 min, on time (12 November in Warsaw)
        { profileId: pB, ...at('2026-11-11T12:00:00.000Z') }, // b2: spam
        { profileId: pB, ...at('2026-11-11T12:00:00.000Z') }, // b3: answered in 5 min, no target
        { profileId: pB, ...at('2026-10-31T23:59:59.000Z') }, // before the range
      ]);
      const [a1, a2, a3, a4, b1, b2, b3] = results.map((r) => r.item!.id);
      // Replies and thanks are built in parallel: first_response_at and thanked_at are set here
      // with SQL on the service's own connection (the e2e story covers the real path).
      const set = (id: string, sql: string, params: unknown[] = []) => db.query(`UPDATE inbox_items SET ${sql} WHERE id = $1`, [id, ...params]);
      await set(a1, `due_at = received_at + interval '1 hour', first_response_at = received_at + interval '10 minutes', thanked_at = now(), assignee_id = $2, status = 'ASSIGNED'`, [agent.id]);
      await set(a2, `due_at = received_at + interval '1 hour', first_response_at = received_at + interval '2 hours', assignee_id = $2, status = 'ASSIGNED'`, [agent.id]);
      await set(a3, `due_at = received_at + interval '1 hour'`);
      await set(a4, `status = 'HIDDEN', hidden_at = now()`);
      await set(b1, `due_at = received_at + interval '1 hour', first_response_at = received_at + interval '30 minutes'`);
      await set(b2, `status = 'SPAM'`);
      await set(b3, `first_response_at = received_at + interval '5 minutes'`);
    }, BOOT_TIMEOUT_MS);

    /** Floats to 6 decimals: percentile_cont interpolates in double precision. */
    const rounded = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v]));
    const stats = async (groupBy: string, extra: Record<string, unknown> = {}, token = org.adminToken) => {
      const s = (await t.ok(STATS, { brandId: root, groupBy, ...range, ...extra }, token)).inboxStats;
      return { ...s, rows: s.rows.map(rounded), total: rounded(s.total) };
    };
    const figures = (received: number, answered: number, median: number | null, p90: number | null, sla: [number, number, number], rest: [number, number, number]) => rounded({
      received, answered, responseRate: received ? answered / received : null, medianFirstResponseSeconds: median, p90FirstResponseSeconds: p90,
      slaMet: sla[0], slaMissed: sla[1], slaOverdue: sla[2], slaMetPercent: sla[0] + sla[1] + sla[2] ? (100 * sla[0]) / (sla[0] + sla[1] + sla[2]) : null,
      hidden: rest[0], spam: rest[1], thanked: rest[2],
    });

    it('counts per brand of the subtree, with the total', async () => {
      const s = await stats('BRAND');
      // Answered in 300, 600, 1800 and 7200 seconds: median 1200, p90 1800 + 0.7 * 5400.
      expect(s.total).toEqual({ key: null, label: 'Total', ...figures(7, 4, 1200, 5580, [2, 1, 1], [1, 1, 1]) });
      expect(s.rows.map((r: any) => r.label)).toEqual([names.a, names.b]);
      expect(s.rows[0]).toMatchObject(figures(4, 2, 3900, 6540, [1, 1, 1], [1, 0, 1]));
      expect(s.rows[1]).toMatchObject(figures(3, 2, 1050, 1650, [1, 0, 0], [0, 1, 0]));
    });

    it('counts per profile, per agent (the assignee) and per day in a time zone', async () => {
      expect((await stats('PROFILE')).rows.map((r: any) => [r.label.slice(0, 3), r.received])).toEqual([['pa_', 4], ['pb_', 3]]);
      expect((await stats('AGENT')).rows.map((r: any) => [r.key, r.label, r.received, r.answered])).toEqual([[agent.id, 'stats-agent', 2, 2], [null, 'Unassigned', 5, 2]]);
      expect((await stats('DAY', { timeZone: 'Europe/Warsaw' })).rows.map((r: any) => [r.key, r.label, r.received])).toEqual([
        ['2026-11-10', '2026-11-10', 4], ['2026-11-11', '2026-11-11', 2], ['2026-11-12', '2026-11-12', 1],
      ]);
      const utc = await stats('DAY');
      expect([utc.timeZone, utc.rows.map((r: any) => [r.key, r.received])]).toEqual(['UTC', [['2026-11-10', 4], ['2026-11-11', 3]]]);
    });

    it('answers a range without items with an empty total', async () => {
      const s = await stats('BRAND', { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' });
      expect([s.rows, s.total]).toEqual([[], { key: null, label: 'Total', ...figures(0, 0, null, null, [0, 0, 0], [0, 0, 0]) }]);
    });

    it.each([
      ['to before from', { from: range.to, to: range.from }, 'to'],
      ['to equal to from', { to: range.from }, 'to'],
      ['a range over 366 days', { from: '2025-01-01T00:00:00.000Z', to: '2026-01-02T00:00:01.000Z' }, 'to'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      ['an offset for a time zone', { timeZone: '+01:00' }, 'timeZone'],
    ])('refuses %s with BAD_USER_INPUT', async (_what, extra, field) => {
      const body = await t.gql(STATS, { brandId: root, groupBy: 'BRAND', ...range, ...extra }, org.adminToken);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors![0].extensions.fields).toEqual([expect.objectContaining({ field })]);
    });

    it('is NOT_FOUND for an unknown brand or one out of reach, and FORBIDDEN without brand:read anywhere', async () => {
      expect(errorCodes(await t.gql(STATS, { brandId: randomUUID(), groupBy: 'BRAND', ...range }, org.adminToken))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(STATS, { brandId: 'nope', groupBy: 'BRAND', ...range }, org.adminToken))).toEqual(['BAD_USER_INPUT']);
      const doveAgent = await t.createMember(org, 'dove-agent', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Dove }]);
      expect(errorCodes(await t.gql(STATS, { brandId: root, groupBy: 'BRAND', ...range }, doveAgent.token))).toEqual(['NOT_FOUND']);
      // Their own agent reads the subtree; above it is out of reach.
      expect((await stats('BRAND', {}, agent.token)).total.received).toBe(7);
      expect(errorCodes(await t.gql(STATS, { brandId: brands.Umbrella, groupBy: 'BRAND', ...range }, doveAgent.token))).toEqual(['NOT_FOUND']);
      const nobody = await t.createMember(org, 'nobody');
      expect(errorCodes(await t.gql(STATS, { brandId: root, groupBy: 'BRAND', ...range }, nobody.token))).toEqual(['FORBIDDEN']);
      const other = await t.createOrganization('Inbox SLA elsewhere');
      expect(errorCodes(await t.gql(STATS, { brandId: root, groupBy: 'BRAND', ...range }, other.adminToken))).toEqual(['NOT_FOUND']);
    });

    it('sends the same statements for 10 and 1,000 items, and for 2 and 200 brands', async () => {
      const measure = async (brandCount: number, itemCount: number) => {
        const o = await t.createOrganization(`Stats ${brandCount}x${itemCount}`);
        const b = builders(t, o.adminToken);
        const top = await b.brand('Top');
        // Sub-brands and a profile on each straight in the tables (the API path is not what is measured).
        const subs = Array.from({ length: brandCount }, () => randomUUID());
        await db.query(
          `INSERT INTO brands (id, organization_id, parent_id, ancestor_ids, depth, name, slug)
           SELECT v.id, $1, $2, ARRAY[$2::uuid], 1, 'Sub ' || v.n, 'sub-' || v.n FROM unnest($3::uuid[]) WITH ORDINALITY AS v(id, n)`,
          [o.id, top, subs],
        );
        const profiles: { id: string }[] = await db.query(
          `INSERT INTO social_profiles (organization_id, brand_id, network, handle, display_name)
           SELECT $1, s.id, 'FACEBOOK', 'p' || s.n, 'Page' FROM unnest($2::uuid[]) WITH ORDINALITY AS s(id, n) RETURNING id`,
          [o.id, subs],
        );
        const [{ id: adminId }] = await db.query(`SELECT id FROM users WHERE email = $1`, [o.adminEmail]);
        for (let done = 0; done < itemCount; done += 500) {
          const size = Math.min(500, itemCount - done);
          await b.ingest(Array.from({ length: size }, (_, i) => ({ profileId: profiles[(done + i) % profiles.length].id, receivedAt: new Date(Date.now() - (done + i) * MINUTE).toISOString() })));
        }
        await db.query(
          `UPDATE inbox_items SET due_at = received_at + interval '1 hour', first_response_at = CASE WHEN random() < 0.5 THEN received_at + interval '20 minutes' END,
                  assignee_id = CASE WHEN random() < 0.5 THEN $2::uuid END WHERE organization_id = $1`,
          [o.id, adminId],
        );
        await t.ok(`{ viewer { id } }`, {}, o.adminToken);
        const counts: Record<string, number> = {};
        for (const groupBy of ['BRAND', 'PROFILE', 'AGENT', 'DAY']) {
          let data: any;
          StatementCounter.recording = true;
          counts[groupBy] = await t.countStatements(async () => {
            data = await t.ok(STATS, { brandId: top, groupBy, from: new Date(Date.now() - 30 * 86_400_000).toISOString(), to: new Date(Date.now() + MINUTE).toISOString(), timeZone: 'Europe/Warsaw' }, o.adminToken);
          });
          StatementCounter.recording = false;
          if (process.env.DEBUG_STATEMENTS) console.log(StatementCounter.statements.map((sql) => sql.replace(/\s+/g, ' ').slice(0, 140)).join('\n'));
          expect(data.inboxStats.total.received).toBe(itemCount);
        }
        return counts;
      };
      const few = await measure(2, 10);
      const manyItems = await measure(2, 1000);
      const manyBrands = await measure(200, 200);
      console.log(`inboxStats statements: 2 brands/10 items ${JSON.stringify(few)}, 2 brands/1,000 items ${JSON.stringify(manyItems)}, 200 brands/200 items ${JSON.stringify(manyBrands)}`);
      expect(manyItems).toEqual(few);
      expect(manyBrands).toEqual(few);
    });
  });
});
