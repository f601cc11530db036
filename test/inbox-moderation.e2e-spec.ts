import { DataSource } from 'typeorm';
import { SandboxConnector } from '../src/publishing';
import { BOOT_TIMEOUT_MS, builders, Builders, errorCodes, inboxItem, onPostgresServer, TestApp, TestMember, TestOrganization, UMBRELLA_TREE, unique } from './support';

// Moderation rules (docs/guide/inbox.md, "Moderation rules"): set on a brand, inherited down the
// tree with overrides and locks, run at ingest; every item keeps which rules acted on it.

const SET = `mutation ($input: SetModerationRuleInput!) { setModerationRule(input: $input) {
  id brandId name position enabled locked match stop version inheritedFrom
  conditions { type terms summary } actions { type label principalId summary } } }`;
const REMOVE = `mutation ($id: ID!) { removeModerationRule(id: $id) { id name } }`;
const RULES = `query ($brandId: ID!) { moderationRules(brandId: $brandId) { id name brandId inheritedFrom locked enabled } }`;
const CHECK = `query ($input: ModerationCheckInput!) { moderationCheck(input: $input) {
  status about priority labels assigneeId trail { ruleId ruleName brandId matched actions at } } }`;
const INGEST = `mutation ($input: [IngestInboxItemInput!]!) { ingestInboxItems(input: $input) {
  created results { status errors { code } item { id status about aboutSetBy priority labels assigneeId assignedAt hiddenAt closedAt networkId
  moderation { ruleId ruleName brandId matched actions at networkError } } } } }`;

type Rule = Record<string, unknown> & { brandId: string; name: string };

describe('moderation rules', () => {
  let t: TestApp;
  let db: DataSource;
  let sandbox: SandboxConnector;
  let org: TestOrganization;
  let build: Builders;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  let snickersX: string;
  let iceX: string;
  let doveFb: string;
  let agentA: TestMember;
  let agentB: TestMember;
  let analyst: TestMember;
  let doveManager: TestMember;

  beforeAll(async () => {
    t = await TestApp.start();
    db = t.app.get(DataSource);
    sandbox = t.app.get(SandboxConnector);
    org = await t.createOrganization('Inbox moderation');
    build = builders(t, org.adminToken);
    brands = await build.tree(UMBRELLA_TREE);
    snickersX = await build.profile(brands.Snickers, { network: 'X', live: true });
    iceX = await build.profile(brands['Snickers Ice'], { network: 'X', live: true });
    doveFb = await build.profile(brands.Dove, { live: true });
    agentA = await t.createMember(org, 'agent-a', [{ roleKey: 'ZOOM_AGENT', brandId: brands.Snickers }]);
    agentB = await t.createMember(org, 'agent-b', [{ roleKey: 'ZOOM_AGENT', brandId: brands['Snickers Ice'] }]);
    analyst = await t.createMember(org, 'analyst', [{ roleKey: 'ANALYST', brandId: brands.Umbrella }]);
    doveManager = await t.createMember(org, 'dove-manager', [{ roleKey: 'BRAND_MANAGER', brandId: brands.Dove }]);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  const set = (input: Rule, token = org.adminToken) => t.gql(SET, { input }, token);
  const setOk = async (input: Rule, token = org.adminToken) => (await t.ok(SET, { input }, token)).setModerationRule;
  const ingest = async (items: object[], token = org.adminToken) =>
    (await t.ok(INGEST, { input: items.map((i) => inboxItem(i as never)) }, token)).ingestInboxItems.results.map((r: any) => r.item);
  const audited = async (action: string, entityId: string) =>
    Number((await db.query(`SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action = $2 AND entity_id = $3`, [org.id, action, entityId]))[0].count);
  const ruleCount = async () => Number((await db.query(`SELECT count(*) FROM moderation_rules WHERE organization_id = $1`, [org.id]))[0].count);

  const spamLinks = { name: 'Spam links', locked: true, stop: true, actions: [{ type: 'HIDE' }, { type: 'LABEL', label: 'spam-link' }],
    conditions: [{ type: 'KEYWORDS', terms: ['scam', 'crypto', 'free money'] }, { type: 'HAS_LINK' }] };

  describe('the umbrella\'s locked rule', () => {
    let ruleId: string;

    beforeAll(async () => {
      const rule = await setOk({ ...spamLinks, brandId: brands.Umbrella });
      ruleId = rule.id;
      expect(rule).toMatchObject({ brandId: brands.Umbrella, name: 'Spam links', locked: true, enabled: true, match: 'ALL', position: 0, stop: true, version: 1, inheritedFrom: null });
      expect(rule.conditions.map((c: any) => c.summary)).toEqual(['one of the keywords "scam", "crypto", "free money"', 'has a link']);
      expect(rule.actions.map((a: any) => a.summary)).toEqual(['hide', 'label "spam-link"']);
      expect(await audited('moderation_rule.set', ruleId)).toBe(1);
    }, BOOT_TIMEOUT_MS);

    it('hides a comment with a keyword and a link on a sub-brand\'s X profile, says which rule and what matched, and hides it on the network', async () => {
      const networkId = `spam_${unique()}`;
      const [item] = await ingest([{ profileId: snickersX, networkId, body: 'Free money!! Crypto gains at bit.ly/get-rich' }]);
      expect(item).toMatchObject({ status: 'HIDDEN', labels: ['spam-link'], assigneeId: null });
      expect(item.hiddenAt).not.toBeNull();
      expect(item.moderation).toHaveLength(1);
      const [entry] = item.moderation;
      expect(entry).toMatchObject({ ruleId, ruleName: 'Spam links', brandId: brands.Umbrella, actions: ['hide', 'label "spam-link"'], networkError: null });
      expect(entry.matched).toHaveLength(2);
      expect(entry.matched[0]).toMatch(/^keywords? .*"crypto"/);
      expect(entry.matched[0]).toContain('"free money"');
      expect(entry.matched[1]).toBe('has a link');
      expect(new Date(entry.at).getTime()).not.toBeNaN();
      expect(sandbox.moderations.filter((m) => m.networkId === networkId)).toEqual([
        expect.objectContaining({ organizationId: org.id, action: 'HIDE', profile: expect.objectContaining({ id: snickersX, network: 'X' }) }),
      ]);
      // The audited event carries the final status.
      const [event] = await db.query(`SELECT changes->'after' AS after FROM audit_events WHERE organization_id = $1 AND action = 'inbox.item.received' AND entity_id = $2`, [org.id, item.id]);
      expect(event.after).toMatchObject({ status: 'HIDDEN', labels: ['spam-link'] });
    });

    it('keeps the ingest going when the connector fails: the item stays HIDDEN and its trail says why', async () => {
      const networkId = `spam_${unique()}`;
      sandbox.failNext(1, { kind: 'moderate' });
      const [hidden, fine] = await ingest([{ profileId: snickersX, networkId, body: 'scam www.example.com' }, { profileId: snickersX, body: 'Nice bar' }]);
      expect(hidden.status).toBe('HIDDEN');
      expect(hidden.moderation[0].networkError).toBe(`sandbox: X refused HIDE of ${networkId} (simulated outage)`);
      expect(fine).toMatchObject({ status: 'OPEN', moderation: [] });
      expect(sandbox.moderations.some((m) => m.networkId === networkId)).toBe(false);
      // Hiding it again retries the network, and the trail forgets the refusal.
      const retried = (await t.ok(`mutation ($id: ID!) { hideInboxItem(id: $id) { status moderation { networkError } } }`, { id: hidden.id }, org.adminToken)).hideInboxItem;
      expect(retried).toEqual({ status: 'HIDDEN', moderation: [{ networkError: null }] });
      expect(sandbox.moderations.filter((m) => m.networkId === networkId).map((m) => m.action)).toEqual(['HIDE']);
      const again = await t.gql(`mutation ($id: ID!) { hideInboxItem(id: $id) { id } }`, { id: hidden.id }, org.adminToken);
      expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    });

    it('cannot be overridden below, in any case of its name', async () => {
      const before = await ruleCount();
      const body = await set({ brandId: brands.Snickers, name: 'spam LINKS', enabled: false, conditions: [{ type: 'HAS_LINK' }], actions: [{ type: 'LABEL', label: 'x' }] });
      expect(errorCodes(body)).toEqual(['FORBIDDEN']);
      expect(body.errors![0].extensions.lockedBy).toEqual({ brandId: brands.Umbrella, brandName: 'Umbrella', ruleId });
      expect(await ruleCount()).toBe(before);
    });

    it('is listed in force on the sub-brand with where it comes from', async () => {
      const { moderationRules } = await t.ok(RULES, { brandId: brands['Snickers Ice'] }, analyst.token);
      expect(moderationRules.find((r: any) => r.id === ruleId)).toEqual({ id: ruleId, name: 'Spam links', brandId: brands.Umbrella, inheritedFrom: brands.Umbrella, locked: true, enabled: true });
      const { brand } = await t.ok(`query ($id: ID!) { brand(id: $id) { moderationRules { id name brandId inheritedFrom locked enabled } } }`, { id: brands['Snickers Ice'] }, analyst.token);
      expect(brand.moderationRules).toEqual(moderationRules);
    });
  });

  it('lets a sub-brand override an unlocked rule by name, and switch one off with a disabled rule', async () => {
    const praise = { conditions: [{ type: 'KEYWORDS', terms: ['love'] }], actions: [{ type: 'LABEL', label: 'fan' }] };
    const umbrella = await setOk({ brandId: brands.Umbrella, name: 'Praise', ...praise });
    const own = await setOk({ brandId: brands.Snickers, name: 'praise', ...praise, actions: [{ type: 'LABEL', label: 'snickers-fan' }] });
    const [onSnickers, onDove] = await ingest([{ profileId: snickersX, body: 'I love it' }, { profileId: doveFb, body: 'I love it' }]);
    expect(onSnickers.labels).toEqual(['snickers-fan']);
    expect(onSnickers.moderation.map((m: any) => [m.ruleId, m.brandId, m.matched])).toEqual([[own.id, brands.Snickers, ['keyword "love"']]]);
    expect(onDove.labels).toEqual(['fan']);
    expect(onDove.moderation.map((m: any) => [m.ruleId, m.brandId])).toEqual([[umbrella.id, brands.Umbrella]]);

    const off = await setOk({ brandId: brands.Snickers, name: 'Praise', enabled: false, ...praise });
    expect([off.id, off.version, off.enabled]).toEqual([own.id, 2, false]);
    const [quiet] = await ingest([{ profileId: snickersX, body: 'I love it' }]);
    expect([quiet.labels, quiet.moderation]).toEqual([[], []]);
    const names = (await t.ok(RULES, { brandId: brands.Snickers }, org.adminToken)).moderationRules.map((r: any) => r.name);
    expect(names).not.toContain('Praise');
    expect(names).not.toContain('praise');
  });

  it('routes a question by ABOUT and KEYWORDS to the sub-brand\'s agent', async () => {
    const conditions = [{ type: 'ABOUT', abouts: ['QUESTION'] }, { type: 'KEYWORDS', terms: ['vegan'] }];
    const rule = await setOk({ brandId: brands.Snickers, name: 'Vegan questions', conditions, actions: [{ type: 'ASSIGN', principalId: agentA.id }, { type: 'SET_PRIORITY', priority: 'HIGH' }] });
    const [question, other] = await ingest([{ profileId: snickersX, about: 'QUESTION', body: 'Is the new bar VEGAN?' }, { profileId: snickersX, about: 'QUESTION', body: 'Where to buy?' }]);
    expect(question).toMatchObject({ status: 'ASSIGNED', assigneeId: agentA.id, priority: 'HIGH' });
    expect(question.assignedAt).not.toBeNull();
    expect(question.moderation).toEqual([
      expect.objectContaining({ ruleId: rule.id, ruleName: 'Vegan questions', brandId: brands.Snickers, matched: ['about is question', 'keyword "vegan"'], actions: [`assign to ${agentA.id}`, 'set priority to high'] }),
    ]);
    expect(other).toMatchObject({ status: 'OPEN', assigneeId: null, moderation: [] });
  });

  it('takes turns among the brand\'s agents with ROUND_ROBIN, across ingest calls, and classifies with SET_ABOUT first', async () => {
    await setOk({ brandId: brands['Snickers Ice'], name: 'Classify', position: 0, conditions: [{ type: 'KEYWORDS', terms: ['how', 'when'] }], actions: [{ type: 'SET_ABOUT', about: 'QUESTION' }] });
    await setOk({ brandId: brands['Snickers Ice'], name: 'Turns', position: 1, conditions: [{ type: 'ABOUT', abouts: ['QUESTION'] }], actions: [{ type: 'ROUND_ROBIN' }] });
    // The Snickers agent (via the ancestor) and the Snickers Ice agent; org-wide admins are not in the rotation.
    const agents = [agentA.id, agentB.id].sort();
    const first = await ingest([{ profileId: iceX, body: 'How cold is it?' }, { profileId: iceX, body: 'Nice' }, { profileId: iceX, body: 'When is it out?' }]);
    const second = await ingest([{ profileId: iceX, body: 'How much?' }, { profileId: iceX, body: 'When?' }]);
    const routed = [...first, ...second].filter((i) => i.assigneeId !== null);
    expect(routed.map((i) => i.assigneeId)).toEqual([agents[0], agents[1], agents[0], agents[1]]);
    expect(routed.every((i) => i.about === 'QUESTION' && i.aboutSetBy === 'RULE' && i.status === 'ASSIGNED')).toBe(true);
    expect(routed[1].moderation.map((m: any) => m.actions)).toEqual([['set about to question'], [`assign round-robin to ${agents[1]}`]]);
    expect(first[1]).toMatchObject({ status: 'OPEN', assigneeId: null, about: 'OTHER', aboutSetBy: 'INGEST' });
  });

  it('never gives two items the same turn when ingests on the brand run at once', async () => {
    if (!onPostgresServer()) return;
    const turns = async () => Number((await db.query(`SELECT assigned FROM moderation_round_robin WHERE brand_id = $1`, [brands['Snickers Ice']]))[0].assigned);
    const before = await turns();
    const calls = Array.from({ length: 4 }, () => ingest([{ profileId: iceX, body: 'How?' }, { profileId: iceX, body: 'When?' }, { profileId: iceX, body: 'How now?' }]));
    const assignees = (await Promise.all(calls)).flat().map((i: any) => i.assigneeId);
    expect(await turns()).toBe(before + 12);
    expect(assignees.filter((a) => a === agentA.id)).toHaveLength(6);
    expect(assignees.filter((a) => a === agentB.id)).toHaveLength(6);
  });

  it('marks spam with contact details as SPAM, on the network too', async () => {
    const conditions = [{ type: 'HAS_CONTACT_DETAILS' }, { type: 'AUTHOR_SEEN_BEFORE', value: false }];
    const rule = await setOk({ brandId: brands.Dove, name: 'Contact spam', match: 'ALL', conditions, actions: [{ type: 'MARK_SPAM' }] });
    const networkId = `spam_${unique()}`;
    const [spam] = await ingest([{ profileId: doveFb, networkId, body: 'Cheap followers! Call +48 600 100 200 or write to deals@spam.example' }]);
    expect(spam).toMatchObject({ status: 'SPAM', assigneeId: null });
    expect(spam.moderation.map((m: any) => [m.ruleId, m.matched, m.actions])).toEqual([[rule.id, ['has an email address and a phone number', 'first message from this author'], ['mark as spam']]]);
    expect(sandbox.moderations.filter((m) => m.networkId === networkId).map((m) => m.action)).toEqual(['SPAM']);
  });

  it('dry-runs a text with moderationCheck and writes nothing', async () => {
    const snapshot = () =>
      db.query(
        `SELECT (SELECT count(*) FROM inbox_items WHERE organization_id = $1) AS items, (SELECT count(*) FROM audit_events WHERE organization_id = $1) AS events,
                (SELECT coalesce(sum(assigned), 0) FROM moderation_round_robin WHERE organization_id = $1) AS turns`,
        [org.id],
      );
    const before = await snapshot();
    const moderations = sandbox.moderations.length;
    const hidden = (await t.ok(CHECK, { input: { brandId: brands['Snickers Ice'], body: 'crypto scam at https://x.example', kind: 'COMMENT', network: 'X' } }, analyst.token)).moderationCheck;
    expect(hidden).toMatchObject({ status: 'HIDDEN', labels: ['spam-link'], assigneeId: null });
    expect(hidden.trail.map((e: any) => [e.ruleName, e.brandId])).toEqual([['Spam links', brands.Umbrella]]);
    const routed = (await t.ok(CHECK, { input: { brandId: brands['Snickers Ice'], body: 'How big is it?', kind: 'COMMENT' } }, analyst.token)).moderationCheck;
    expect(routed).toMatchObject({ status: 'ASSIGNED', about: 'QUESTION', priority: 'NORMAL' });
    expect([agentA.id, agentB.id]).toContain(routed.assigneeId);
    expect(await snapshot()).toEqual(before);
    expect(sandbox.moderations.length).toBe(moderations);
  });

  describe('bad input', () => {
    const valid = { name: `Rule ${unique()}`, conditions: [{ type: 'HAS_LINK' }], actions: [{ type: 'HIDE' }] };
    const fields = (body: any) => body.errors?.[0]?.extensions?.fields?.map((f: any) => f.field);

    it.each([
      ['no action', { actions: [] }, ['input.actions']],
      ['no condition', { conditions: [] }, ['input.conditions']],
      ['a blank keyword', { conditions: [{ type: 'KEYWORDS', terms: ['ok', '  '] }] }, ['input.conditions.0.terms.1']],
      ['a member of another type', { conditions: [{ type: 'HAS_LINK', terms: ['x'] }] }, ['input.conditions.0.terms']],
      ['HIDE with an assignment', { actions: [{ type: 'HIDE' }, { type: 'ROUND_ROBIN' }] }, ['input.actions.1']],
    ])('refuses %s with BAD_USER_INPUT on its path', async (_what, change, paths) => {
      const before = await ruleCount();
      const body = await set({ brandId: brands.Snickers, ...valid, ...change } as Rule);
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(fields(body)).toEqual(paths);
      expect(await ruleCount()).toBe(before);
    });

    it('refuses an ASSIGN to an unknown user, or to one without inbox:respond on the brand', async () => {
      const body = await set({ brandId: brands.Snickers, ...valid, actions: [{ type: 'LABEL', label: 'x' }, { type: 'ASSIGN', principalId: '00000000-0000-4000-8000-000000000000' }] });
      expect(errorCodes(body)).toEqual(['BAD_USER_INPUT']);
      expect(fields(body)).toEqual(['input.actions.1.principalId']);
      const notAgent = await set({ brandId: brands.Snickers, ...valid, actions: [{ type: 'ASSIGN', principalId: analyst.id }] });
      expect(fields(notAgent)).toEqual(['input.actions.0.principalId']);
      // agent B answers Snickers Ice only, not its parent.
      const below = await set({ brandId: brands.Snickers, ...valid, actions: [{ type: 'ASSIGN', principalId: agentB.id }] });
      expect(fields(below)).toEqual(['input.actions.0.principalId']);
    });

    it('answers NOT_FOUND for an unknown, a foreign and an out-of-reach brand', async () => {
      const other = await t.createOrganization('Moderation elsewhere');
      const foreign = await builders(t, other.adminToken).brand('Elsewhere');
      for (const [brandId, token] of [['00000000-0000-4000-8000-000000000000', org.adminToken], [foreign, org.adminToken], [brands.Snickers, doveManager.token]]) {
        const body = await set({ brandId, ...valid }, token);
        expect(errorCodes(body)).toEqual(['NOT_FOUND']);
        expect(body.errors![0].extensions.field).toBe('input.brandId');
      }
      expect(errorCodes(await t.gql(RULES, { brandId: foreign }, org.adminToken))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await t.gql(CHECK, { input: { brandId: brands.Snickers, body: 'x', kind: 'COMMENT' } }, doveManager.token))).toEqual(['NOT_FOUND']);
    });
  });

  describe('access', () => {
    it('a zoom agent cannot set or remove rules; an analyst reads them but cannot set them; a manager sets them on their brand only', async () => {
      const rule = await setOk({ brandId: brands.Dove, name: `Temp ${unique()}`, conditions: [{ type: 'ONLY_EMOJI' }], actions: [{ type: 'CLOSE' }] }, doveManager.token);
      const mine = { brandId: brands.Snickers, name: 'Mine', conditions: [{ type: 'HAS_LINK' }], actions: [{ type: 'HIDE' }] };
      for (const who of [agentA, analyst]) {
        expect(errorCodes(await set(mine, who.token))).toEqual(['FORBIDDEN']);
        expect(errorCodes(await t.gql(REMOVE, { id: rule.id }, who.token))).toEqual(['FORBIDDEN']);
      }
      const read = await t.ok(RULES, { brandId: brands.Dove }, analyst.token);
      expect(read.moderationRules.map((r: any) => r.id)).toContain(rule.id);
      expect(errorCodes(await t.gql(CHECK, { input: { brandId: brands.Dove, body: '👍', kind: 'COMMENT' } }, agentA.token))).toEqual(['NOT_FOUND']);
      expect((await t.ok(CHECK, { input: { brandId: brands.Dove, body: '👍', kind: 'COMMENT' } }, analyst.token)).moderationCheck.status).toBe('CLOSED');
      // A rule out of reach reads as unknown to a manager of another brand.
      const snickersManager = await t.createMember(org, 'snickers-manager', [{ roleKey: 'BRAND_MANAGER', brandId: brands.Snickers }]);
      expect(errorCodes(await t.gql(REMOVE, { id: rule.id }, snickersManager.token))).toEqual(['NOT_FOUND']);
      expect((await t.ok(REMOVE, { id: rule.id }, doveManager.token)).removeModerationRule.id).toBe(rule.id);
      expect(await audited('moderation_rule.removed', rule.id)).toBe(1);
      expect(errorCodes(await t.gql(REMOVE, { id: rule.id }, org.adminToken))).toEqual(['NOT_FOUND']);
    });
  });

  it('sends the same statements for 10 items on 2 brands as for 500 on many, with rules in force', async () => {
    const load = await build.brand(`Load ${unique()}`);
    const subs: string[] = [];
    const profiles: string[] = [];
    for (let i = 0; i < 8; i++) subs.push(await build.brand(`Load sub ${i} ${unique()}`, load));
    for (const sub of subs) profiles.push(await build.profile(sub, { network: 'X', live: true }));
    await t.createMember(org, 'load-agent', [{ roleKey: 'ZOOM_AGENT', brandId: load }]);
    await setOk({ brandId: load, name: 'Links', conditions: [{ type: 'HAS_LINK' }], actions: [{ type: 'HIDE' }] });
    await setOk({ brandId: load, name: 'Turns', conditions: [{ type: 'ABOUT', abouts: ['QUESTION'] }], actions: [{ type: 'ROUND_ROBIN' }] });
    for (const sub of subs.slice(0, 4)) await setOk({ brandId: sub, name: 'Fans', conditions: [{ type: 'KEYWORDS', terms: ['love'] }], actions: [{ type: 'LABEL', label: 'fan' }] });
    const bodies = ['I love it', 'see www.example.com', 'Hello there'];
    const count = async (n: number, brandCount: number) => {
      const items = Array.from({ length: n }, (_, i) => inboxItem({ profileId: profiles[i % brandCount], body: bodies[i % 3], about: i % 2 ? 'QUESTION' : 'OTHER' }));
      return t.countStatements(() => t.ok(INGEST, { input: items }, org.adminToken));
    };
    const small = await count(10, 2);
    const large = await count(500, profiles.length);
    console.log(`ingest statements with rules: 10 items on 2 brands ${small}, 500 items on ${profiles.length} brands ${large}`);
    expect(large).toBe(small);
  });
});
