import { randomBytes } from 'node:crypto';
import { builders, IdKind, SampleIds, TestApp, TestOrganization } from './support';
import { WebhookWorker } from '../src/webhooks/webhook-worker';

// The worlds of test/cross-tenant.e2e-spec.ts: organizations holding one object of every kind
// an id can name, labelled so that a leak of any of them is a plain text search.

export type ExternalRef = { system: string; externalId: string };

/** An organization with one object of every kind, each named with its `label` so that a leak of any of them is a plain text search. */
export interface World {
  org: TestOrganization;
  label: string;
  ids: Required<SampleIds>;
  /** External ids by the kind of entity they name. */
  refs: { brand: ExternalRef; profile: ExternalRef; post: ExternalRef; user: ExternalRef };
  /** Ids that must never show in another organization's answers (the label covers names, slugs, emails, urls). */
  secretIds: string[];
  /**
   * What a member of the same organization without a role where these objects live must not
   * see either: the ids and names of everything but the organization-level objects (its
   * workflows and roles, which every member may read).
   */
  outOfSight: string[];
  /** More objects of some kinds: the umbrella brand, and an organization-wide key, endpoint and delivery. */
  variants: { kind: IdKind; id: string; what: string; organizationLevel: boolean }[];
}

const CREATE_ROLE = `mutation ($input: CreateRoleInput!) { createRole(input: $input) { key } }`;
const ASSIGN_ROLE = `mutation ($input: AssignRoleInput!) { assignRole(input: $input) { id } }`;
const CREATE_API_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id } } }`;
const CREATE_ENDPOINT = `mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } } }`;
const DELIVERIES = `query ($endpointId: ID!) { webhookDeliveries(endpointId: $endpointId) { edges { node { id } } } }`;
const SET_REF = `mutation ($input: SetExternalRefInput!) { setExternalRef(input: $input) { entityId } }`;

/**
 * An organization with one object of every kind, seeded through the API like a customer would
 * (into an existing organization when `into` is given).
 */
export async function seedWorld(t: TestApp, receiverUrl: string, name: string, into?: TestOrganization): Promise<World> {
  const label = `${name}${randomBytes(3).toString('hex')}`;
  const org = into ?? (await t.createOrganization(label));
  const as = org.adminToken;
  const build = builders(t, as);
  const root = await build.brand(`${label} Umbrella`);
  const sub = await build.brand(`${label} Sub`, root);
  const profile = await build.profile(sub, { network: 'X', handle: `${label}x`, displayName: `${label} X` });
  const roleKey = `${label.toUpperCase()}_ROLE`;
  await t.ok(CREATE_ROLE, { input: { key: roleKey, name: `${label} role`, permissions: ['BRAND_READ'] } }, as);
  const member = await t.createMember(org, `${label}-member`, [{ roleKey: 'CONTENT_CREATOR', brandId: sub }]);
  const assignment = (await t.ok(ASSIGN_ROLE, { input: { principalId: member.id, roleKey, brandId: sub } }, as)).assignRole.id;
  const workflow = await build.workflow(`${label} review`, [{ name: 'Review', approverRoles: ['APPROVER'], quorum: 1 }]);
  const policy = await build.requireApproval(root, workflow);
  const submitted = await build.as(member.token).postIn('IN_REVIEW', { brandId: sub, profileIds: [profile], body: `${label} says hello` });
  // In review, the post has its OPEN request.
  const [post, approvalRequest] = [submitted.id, submitted.requestId!];
  // The key and the endpoint act on the umbrella: out of sight of a member of another tree too.
  // (Organization-wide ones are organization-level objects: a member who may not manage them is
  // FORBIDDEN, as for roles, by the house rule.)
  const apiKey = (await t.ok(CREATE_API_KEY, { input: { name: `${label} sync`, roleKey: 'INTEGRATION', brandId: root } }, as)).createApiKey.apiKey.id;
  const webhook = (await t.ok(CREATE_ENDPOINT, { input: { url: `${receiverUrl}/${label}`, eventTypes: ['*'], description: `${label} hook`, brandId: root } }, as))
    .createWebhookEndpoint.endpoint.id;
  const orgKey = (await t.ok(CREATE_API_KEY, { input: { name: `${label} org sync`, roleKey: 'INTEGRATION' } }, as)).createApiKey.apiKey.id;
  const orgHook = (await t.ok(CREATE_ENDPOINT, { input: { url: `${receiverUrl}/${label}/org`, eventTypes: ['*'], description: `${label} org hook` } }, as))
    .createWebhookEndpoint.endpoint.id;
  await t.ok(`mutation ($input: UpdateBrandInput!) { updateBrand(input: $input) { id } }`, { input: { id: sub, description: `${label} sub-brand` } }, as);
  await t.app.get(WebhookWorker).tick();
  const delivery = (await t.ok(DELIVERIES, { endpointId: webhook }, as)).webhookDeliveries.edges[0].node.id;
  const orgDelivery = (await t.ok(DELIVERIES, { endpointId: orgHook }, as)).webhookDeliveries.edges[0].node.id;
  // External ids are what a caller sends, not secrets: unlabelled, so that an attacker naming its
  // own entities with them (its own namespace) does not read as a leak later.
  const ref = (entity: string): ExternalRef => ({ system: 'crm', externalId: `ext-${randomBytes(4).toString('hex')}-${entity}` });
  const refs = { brand: ref('brand'), profile: ref('profile'), post: ref('post'), user: ref('user') };
  for (const [entityType, entityId, r] of [['BRAND', sub, refs.brand], ['SOCIAL_PROFILE', profile, refs.profile], ['POST', post, refs.post], ['USER', member.id, refs.user]] as const) {
    await t.ok(SET_REF, { input: { entityType, entityId, ...r } }, as);
  }
  const adminId = (await t.ok(`{ viewer { id } }`, {}, as)).viewer.id;
  const ids = { brand: sub, profile, post, user: member.id, apiKey, webhook, delivery, policy, assignment, workflow, approvalRequest, roleKey };
  const { workflow: _workflow, roleKey: _roleKey, ...scoped } = ids;
  return {
    org,
    label,
    ids,
    refs,
    secretIds: [org.id, root, adminId, orgKey, orgHook, orgDelivery, ...Object.values(ids)],
    outOfSight: [root, ...Object.values(scoped), `${label} Umbrella`, `${label} Sub`, `${label}x`, `${label} says hello`, `${label} sync`, `${label} hook`, `${label}-member`],
    variants: [
      { kind: 'brand', id: root, what: 'umbrella brand', organizationLevel: false },
      { kind: 'apiKey', id: orgKey, what: 'organization-wide apiKey', organizationLevel: true },
      { kind: 'webhook', id: orgHook, what: 'organization-wide webhook', organizationLevel: true },
      { kind: 'delivery', id: orgDelivery, what: 'organization-wide webhook\'s delivery', organizationLevel: true },
    ],
  };
}
