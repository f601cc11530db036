import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildSchema, GraphQLInterfaceType } from 'graphql';
import { DataSource } from 'typeorm';
import { BOOT_TIMEOUT_MS, builders, Builders, TestApp, TestMember, TestOrganization, UMBRELLA_TREE } from './support';
import { WebhookWorker } from '../src/webhooks/webhook-worker';

// Every object type with an id of its own is a Node (test/relay-lists.spec.ts names the two that
// are not, with why). relay.e2e-spec.ts covers the first seven (Brand, Post, User, SocialProfile,
// InboxItem, Contact, WebhookEndpoint); this suite covers the rest: each is refetched through
// node and nodes with the access rules of the read the schema already reaches it by, and is
// null out of the caller's reach, in another organization, and for an id of no Node.

/** The Node types relay.e2e-spec.ts covers. */
const COVERED_BY_RELAY_SPEC = ['Brand', 'Post', 'User', 'SocialProfile', 'InboxItem', 'Contact', 'WebhookEndpoint'];

const NODE = `query ($id: ID!) { node(id: $id) { __typename id
  ... on Policy { type brandId } ... on ModerationRule { name inheritedFrom } ... on SavedReply { name } ... on AuditEvent { action }
  ... on InboxNote { body } ... on Organization { slug } } }`;
const NODES = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

const M = {
  endpoint: `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`,
  apiKey: `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id roleAssignments { id } } } }`,
  policy: `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { id } }`,
  rule: `mutation ($input: SetModerationRuleInput!) { setModerationRule(input: $input) { id } }`,
  savedReply: `mutation ($input: SetSavedReplyInput!) { setSavedReply(input: $input) { id } }`,
  note: `mutation ($itemId: ID!, $body: String!) { addInboxNote(itemId: $itemId, body: $body) { id } }`,
  reply: `mutation ($input: ReplyToInboxItemInput!) { replyToInboxItem(input: $input) { reply { id conversationId } } }`,
  publish: `mutation ($id: ID!) { publishPost(id: $id) { post { publicationsConnection(first: 5) { edges { node { id } } } } } }`,
  touch: `mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id } }`,
};
const DECISIONS = `query ($id: ID!) { post(id: $id) { approvalRequest { id decisions { id } } } }`;
const AUDIT = `query ($filter: AuditEventFilter) { auditEvents(first: 1, filter: $filter) { edges { node { id brandId } } } }`;
const DELIVERIES = `query ($endpointId: ID!) { webhookDeliveries(endpointId: $endpointId, first: 1) { edges { node { id } } } }`;

type Ids = Record<string, string>;

describe('Relay: every object type with an id is a Node', () => {
  let t: TestApp;
  let org: TestOrganization;
  let other: TestOrganization;
  let build: Builders;
  let brands: Record<keyof typeof UMBRELLA_TREE, string>;
  /** One object of each type, on Snickers where it has a brand: what the scoped callers reach. */
  const reached: Ids = {};
  /** The same types on Dove (or organization-wide where that is out of reach): null for the scoped callers. */
  const outOfReach: Ids = {};
  /** Set on the umbrella and inherited down to Snickers: a Snickers reader sees them in Snickers' lists. */
  const inherited: Ids = {};
  /** Who reads each type in `reached`: its access rule's scoped caller. */
  const readerOf: Record<string, TestMember> = {};
  let analyst: TestMember;
  let integrator: TestMember;
  let nobody: TestMember;

  beforeAll(async () => {
    t = await TestApp.start();
    org = await t.createOrganization('Relay nodes');
    other = await t.createOrganization('Relay nodes other');
    build = builders(t, org.adminToken);
    const admin = org.adminToken;
    brands = await build.tree(UMBRELLA_TREE);
    // brand:read, member:read and audit:read on Snickers; integration:manage on Snickers; nothing.
    analyst = await t.createMember(org, 'snickers-analyst', [{ roleKey: 'ANALYST', brandId: brands.Snickers }]);
    integrator = await t.createMember(org, 'snickers-integrator', [{ roleKey: 'INTEGRATION', brandId: brands.Snickers }]);
    nobody = await t.createMember(org, 'nobody');
    const approver = await t.createMember(org, 'approver', [{ roleKey: 'APPROVER', brandId: brands.Umbrella }]);

    const workflow = await build.workflow('Humor check', [{ name: 'Brand', approverRoles: ['APPROVER'] }]);
    inherited.Policy = await build.requireApproval(brands.Umbrella, workflow, { tags: ['HUMOR'] });
    const policy = (brandId: string) => t.ok(M.policy, { input: { brandId, type: 'BANNED_TERMS', config: { bannedTerms: { terms: ['cheap'] } } } }, admin).then((d) => d.setPolicy.id);
    const rule = (brandId: string) =>
      t.ok(M.rule, { input: { brandId, name: `Label ${randomUUID().slice(0, 6)}`, conditions: [{ type: 'KEYWORDS', terms: ['zzz'] }], actions: [{ type: 'LABEL', label: 'z' }] } }, admin).then((d) => d.setModerationRule.id);
    const savedReply = (brandId: string) => t.ok(M.savedReply, { input: { brandId, name: `Thanks ${randomUUID().slice(0, 6)}`, body: 'Thank you!' } }, admin).then((d) => d.setSavedReply.id);
    const endpoint = (brandId: string | null) =>
      t.ok(M.endpoint, { input: { url: 'http://127.0.0.1:9/relay-nodes', eventTypes: ['brand.*'], ...(brandId ? { brandId } : {}) } }, admin).then((d) => d.createWebhookEndpoint.endpoint.id);
    const apiKey = (brandId: string) => t.ok(M.apiKey, { input: { name: 'CRM', roleKey: 'INTEGRATION', brandId } }, admin).then((d) => d.createApiKey.apiKey);

    /** One object of each type on `brandId`. */
    const objectsOn = async (brandId: string, name: string): Promise<Ids> => {
      const profile = await build.profile(brandId, { live: true });
      const published = await build.postIn('APPROVED', { brandId, profileIds: [profile], body: `${name} news` });
      const publication = (await t.ok(M.publish, { id: published.id }, admin)).publishPost.post.publicationsConnection.edges[0].node.id;
      const joke = await build.postIn('APPROVED', { brandId, profileIds: [profile], body: `${name} joke`, tags: ['HUMOR'] }, approver);
      const request = (await t.ok(DECISIONS, { id: joke.id }, admin)).post.approvalRequest;
      const { results } = await build.ingest([{ profileId: profile, body: `${name} question`, author: { handle: `fan_${name.toLowerCase()}` } }]);
      const item = results[0].item!.id;
      const reply = (await t.ok(M.reply, { input: { itemId: item, body: 'Thanks for asking!' } }, admin)).replyToInboxItem.reply;
      const key = await apiKey(brandId);
      const hook = await endpoint(brandId);
      await t.ok(M.touch, { input: { id: brandId, description: `${name}, touched` } }, admin);
      await t.app.get(WebhookWorker).tick();
      const audit = (await t.ok(AUDIT, { filter: { action: 'post.created', brandId, includeSubtree: false } }, admin)).auditEvents.edges[0].node;
      const delivery = (await t.ok(DELIVERIES, { endpointId: hook }, admin)).webhookDeliveries.edges[0].node.id;
      return {
        Policy: await policy(brandId), ModerationRule: await rule(brandId), SavedReply: await savedReply(brandId),
        PostPublication: publication, ApprovalRequest: request.id, ApprovalDecision: request.decisions[0].id,
        InboxConversation: reply.conversationId, InboxReply: reply.id, InboxNote: (await t.ok(M.note, { itemId: item, body: `${name} note` }, admin)).addInboxNote.id,
        AuditEvent: audit.id, ApiKey: key.id, RoleAssignment: key.roleAssignments[0].id, WebhookDelivery: delivery,
      };
    };
    Object.assign(reached, await objectsOn(brands.Snickers, 'Snickers'), { ApprovalWorkflow: workflow, Organization: org.id });
    Object.assign(outOfReach, await objectsOn(brands.Dove, 'Dove'));
    inherited.ModerationRule = await rule(brands.Umbrella);
    inherited.SavedReply = await savedReply(brands.Umbrella);

    for (const type of Object.keys(reached)) readerOf[type] = analyst;
    // integration:manage where they act, as apiKeys and webhookDeliveries.
    readerOf.ApiKey = integrator;
    readerOf.WebhookDelivery = integrator;
    // Organization-wide: the workflows need brand:read somewhere, the organization only a signed-in member.
    readerOf.Organization = nobody;
    // Out of reach without a brand: workflows for a member who reads no brand; an organization-level audit event; an org-wide endpoint's delivery.
    outOfReach.ApprovalWorkflow = workflow;
    const orgEndpoint = await endpoint(null);
    await t.ok(M.touch, { input: { id: brands.Umbrella, description: 'Umbrella, touched' } }, admin);
    await t.app.get(WebhookWorker).tick();
    outOfReach.OrgWideWebhookDelivery = (await t.ok(DELIVERIES, { endpointId: orgEndpoint }, admin)).webhookDeliveries.edges[0].node.id;
    const orgEvent = (await t.ok(AUDIT, { filter: { action: 'approval_workflow.created' } }, admin)).auditEvents.edges[0].node;
    expect(orgEvent.brandId).toBeNull();
    outOfReach.OrgWideAuditEvent = orgEvent.id;
  }, BOOT_TIMEOUT_MS * 2);

  afterAll(async () => {
    await t?.close();
  }, BOOT_TIMEOUT_MS);

  /** The type a key of outOfReach stands for. */
  const typeOf = (key: string) => key.replace(/^OrgWide/, '');
  /** Who must not reach an outOfReach object: the same scoped caller, but `nobody` for workflows. */
  const outsiderOf = (key: string) => (typeOf(key) === 'ApprovalWorkflow' ? nobody : readerOf[typeOf(key)]);

  it('makes every object type with an id a Node that node(id) answers (but Viewer and InboxMessage, named in relay-lists.spec.ts)', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.gql'), 'utf8'));
    const implementing = schema.getPossibleTypes(schema.getType('Node') as GraphQLInterfaceType).map((p) => p.name);
    expect(implementing.sort()).toEqual([...COVERED_BY_RELAY_SPEC, ...Object.keys(reached)].sort());
  });

  it('answers each type by its id, to the org admin and to the scoped caller its rule names', async () => {
    for (const [type, id] of Object.entries(reached)) {
      for (const token of [org.adminToken, readerOf[type].token]) {
        const { node } = await t.ok(NODE, { id }, token);
        expect({ type, node: node && { __typename: node.__typename, id: node.id } }).toEqual({ type, node: { __typename: type, id } });
      }
    }
    expect((await t.ok(NODE, { id: reached.InboxNote }, analyst.token)).node.body).toBe('Snickers note');
    expect((await t.ok(NODE, { id: reached.Organization }, nobody.token)).node.slug).toBe(org.slug);
  });

  it('answers what is set on the umbrella and inherited down to a brand the caller reads, as that brand\'s lists show it', async () => {
    for (const [type, id] of Object.entries(inherited)) {
      expect({ type, node: (await t.ok(NODE, { id }, analyst.token)).node }).toEqual({ type, node: expect.objectContaining({ __typename: type, id }) });
    }
    expect((await t.ok(NODE, { id: inherited.Policy }, analyst.token)).node).toMatchObject({ type: 'APPROVAL_REQUIRED', brandId: brands.Umbrella });
    // As the brand it is set on has it: inherited from nowhere.
    expect((await t.ok(NODE, { id: inherited.ModerationRule }, analyst.token)).node.inheritedFrom).toBeNull();
  });

  it('answers null, without an error, for an object out of the caller\'s reach', async () => {
    for (const [key, id] of Object.entries(outOfReach)) {
      expect({ key, answer: await t.gql(NODE, { id }, outsiderOf(key).token) }).toEqual({ key, answer: { data: { node: null } } });
      // ...which the org admin reads, so it is the rule that hides it.
      expect({ key, type: (await t.ok(NODE, { id }, org.adminToken)).node?.__typename }).toEqual({ key, type: typeOf(key) });
    }
    // Rules that are not brand:read: the analyst manages no integration, the integrator reads no members, audit log or rules of others.
    expect((await t.ok(NODES, { ids: [reached.ApiKey, reached.WebhookDelivery] }, analyst.token)).nodes).toEqual([null, null]);
    expect((await t.ok(NODES, { ids: [reached.AuditEvent, reached.RoleAssignment] }, integrator.token)).nodes).toEqual([null, null]);
    // Nor does a member with no role read any of it.
    const nothing = Object.entries(reached).filter(([type]) => type !== 'Organization');
    expect((await t.ok(NODES, { ids: nothing.map(([, id]) => id) }, nobody.token)).nodes).toEqual(nothing.map(() => null));
  });

  it('answers a caller\'s own role assignment, as User.roleAssignments shows it, without member:read', async () => {
    const own = (await t.ok(`{ viewer { user { roleAssignmentsConnection(first: 5) { edges { node { id } } } } } }`, {}, integrator.token)).viewer.user.roleAssignmentsConnection.edges[0].node.id;
    expect((await t.ok(NODE, { id: own }, integrator.token)).node).toEqual({ __typename: 'RoleAssignment', id: own });
  });

  it('answers null for another organization\'s objects, one at a time and many at once', async () => {
    const ids = [...Object.values(reached), ...Object.values(outOfReach), ...Object.values(inherited)];
    for (const id of ids) expect({ id, answer: await t.gql(NODE, { id }, other.adminToken) }).toEqual({ id, answer: { data: { node: null } } });
    expect((await t.ok(NODES, { ids }, other.adminToken)).nodes).toEqual(ids.map(() => null));
  });

  it('answers an id by the type it belongs to, whatever the fragments ask; null for ids of rows that are no Node', async () => {
    // A saved reply's id asked with a Policy fragment: the saved reply, with none of the policy's fields.
    expect((await t.ok(NODE, { id: reached.SavedReply }, org.adminToken)).node).toEqual({ __typename: 'SavedReply', id: reached.SavedReply, name: expect.any(String) });
    const sql = t.app.get(DataSource);
    const [revision] = await sql.query(`SELECT id FROM post_revisions WHERE organization_id = $1 LIMIT 1`, [org.id]);
    const [outbox] = await sql.query(`SELECT id FROM outbox_events WHERE organization_id = $1 LIMIT 1`, [org.id]);
    const [role] = await sql.query(`SELECT id FROM roles LIMIT 1`);
    const notNodes = [revision?.id, outbox?.id, role?.id].filter(Boolean);
    expect(notNodes.length).toBeGreaterThanOrEqual(2);
    expect((await t.ok(NODES, { ids: notNodes }, org.adminToken)).nodes).toEqual(notNodes.map(() => null));
  });

  it('answers nodes(ids) in order, null where node(id) is null, mixing every type', async () => {
    const asked = [...Object.values(reached), ...Object.values(outOfReach), randomUUID(), reached.Policy];
    const { nodes } = await t.ok(NODES, { ids: asked }, analyst.token);
    const one = await Promise.all(asked.map(async (id) => (await t.ok(NODE, { id }, analyst.token)).node));
    expect(nodes).toEqual(one.map((n) => n && { __typename: n.__typename, id: n.id }));
    expect(nodes.filter(Boolean).length).toBeGreaterThan(5);
  });

  it('reads nodes(ids) in the same statements for one object of every type as for two or three of each', async () => {
    const few = Object.values(reached);
    const many = [...few, ...Object.values(outOfReach), ...Object.values(inherited), randomUUID(), randomUUID()];
    for (const token of [org.adminToken, analyst.token]) {
      const once = await t.countStatements(() => t.ok(NODES, { ids: few }, token));
      const more = await t.countStatements(() => t.ok(NODES, { ids: many }, token));
      expect({ token: token === analyst.token ? 'analyst' : 'admin', more }).toEqual({ token: token === analyst.token ? 'analyst' : 'admin', more: once });
    }
  });
});
