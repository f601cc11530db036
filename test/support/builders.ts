import { randomUUID } from 'node:crypto';
import { TestApp, TestMember, TestOrganization } from './test-app';

/**
 * The things suites set up before the behaviour they test: brands, profiles, users with roles,
 * approval workflows and posts in a given state. Each is made through the GraphQL endpoint as a
 * customer would make it (with the same audit events, checks and side effects), so a builder
 * never reaches a state the API could not. A suite that tests one of these mutations itself
 * writes that call out; the builders are for the set-up around it.
 */

const CREATE_BRAND = `mutation ($input: CreateBrandInput!) { createBrand(input: $input) { id } }`;
const CREATE_PROFILE = `mutation ($input: CreateSocialProfileInput!) { createSocialProfile(input: $input) { id } }`;
const LAUNCH_PROFILE = `mutation ($id: ID!) { launchSocialProfile(id: $id) { id } }`;
const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id email roleAssignments { id } } }`;
const CREATE_WORKFLOW = `mutation ($input: CreateApprovalWorkflowInput!) { createApprovalWorkflow(input: $input) { id } }`;
const SET_POLICY = `mutation ($input: SetPolicyInput!) { setPolicy(input: $input) { id } }`;
const CREATE_POST = `mutation ($input: CreatePostInput!) { createPost(input: $input) { id } }`;
const SUBMIT_POST = `mutation ($id: ID!) { submitPost(id: $id) { post { id status approvalRequest { id status } } } }`;
const DECIDE = `mutation ($input: DecideApprovalInput!) { decideApproval(input: $input) { request { id status } } }`;
const INGEST = `mutation ($input: [IngestInboxItemInput!]!) { ingestInboxItems(input: $input) {
  created duplicates invalid results { index status item { id conversation { id } author { id } } errors { field message code } } } }`;

export const TEST_PASSWORD = 'correct horse battery staple';

export type Stage = { name: string; approverRoles: string[]; quorum?: number; slaHours?: number };
export type Grant = { roleKey: string; brandId: string | null };
/** One item for ingestInboxItems; `inboxItem` fills in what a test does not care about. */
export type InboxItemInput = { profileId: string; networkId?: string; kind?: string; body?: string; author?: { handle: string; displayName?: string; profileUrl?: string }; receivedAt?: string; [field: string]: unknown };

/** What ingestInboxItems answered for one item. */
export interface IngestedItem {
  index: number;
  status: 'CREATED' | 'DUPLICATE' | 'INVALID';
  item: { id: string; conversation: { id: string }; author: { id: string } } | null;
  errors: { field: string; message: string; code: string }[];
}

/** An ingest item with defaults: a COMMENT by a fresh handle, received now, with a network id no other test uses. */
export const inboxItem = (input: InboxItemInput) => ({
  networkId: `n_${randomUUID()}`,
  kind: 'COMMENT',
  body: 'Hello there',
  author: { handle: `fan_${unique()}` },
  receivedAt: new Date().toISOString(),
  ...input,
});

export type ProfileOptions = { network?: string; handle?: string; displayName?: string; url?: string; live?: boolean };

/** A user made with createUser, signed in only when asked (argon2 is slow on purpose). */
export interface BuiltUser {
  id: string;
  email: string;
  password: string;
  /** The ids of the user's role assignments, in the order of the roles given. */
  assignments: string[];
}

/** A post and, once submitted to a workflow, its approval request. */
export interface BuiltPost {
  id: string;
  status: string;
  requestId: string | null;
}

/** Where a post stands after `postIn`: created, submitted, decided. */
export type PostState = 'DRAFT' | 'IN_REVIEW' | 'APPROVED' | 'CHANGES_REQUESTED' | 'REJECTED';

const DECISION_FOR: Partial<Record<PostState, string>> = { APPROVED: 'APPROVE', CHANGES_REQUESTED: 'REQUEST_CHANGES', REJECTED: 'REJECT' };

/**
 * Umbrella over Snickers (over Snickers Ice) and Dove (over Dove Bar), in creation order: the
 * tree the role suites check reach on (`build.tree(UMBRELLA_TREE)`).
 */
export const UMBRELLA_TREE = { Umbrella: null, Snickers: 'Umbrella', Dove: 'Umbrella', 'Snickers Ice': 'Snickers', 'Dove Bar': 'Dove' } as const;

/** A short suffix no other test of the run uses (handles and emails are unique per organization). */
export const unique = () => randomUUID().slice(0, 8);

/** Builders acting as the holder of `token` (an organization's admin, usually). */
export class Builders {
  constructor(
    readonly t: TestApp,
    readonly token: string,
  ) {}

  /** The same builders acting as someone else (a member creating their own posts...). */
  as(token: string): Builders {
    return new Builders(this.t, token);
  }

  /** A brand (a root brand without `parentId`); `input` adds fields of CreateBrandInput. */
  async brand(name: string, parentId?: string | null, input: Record<string, unknown> = {}): Promise<string> {
    return (await this.t.ok(CREATE_BRAND, { input: { name, parentId, ...input } }, this.token)).createBrand.id;
  }

  /**
   * Brands by name from `{ name: parent name or null }`, created in the order written (a parent
   * before its children); `naming` turns a key into the brand's name (to keep names unique).
   */
  async tree<K extends string>(shape: Record<K, NoInfer<K> | null>, naming: (key: K) => string = (key) => key): Promise<Record<K, string>> {
    const ids = {} as Record<K, string>;
    for (const [key, parent] of Object.entries(shape) as [K, K | null][]) {
      if (parent !== null && !ids[parent]) throw new Error(`tree: ${parent} must come before ${key}`);
      ids[key] = await this.brand(naming(key), parent === null ? undefined : ids[parent]);
    }
    return ids;
  }

  /** A DRAFT profile of the brand (FACEBOOK, a handle no other test uses), LIVE with `live`. */
  async profile(brandId: string, options: ProfileOptions = {}): Promise<string> {
    const { network = 'FACEBOOK', handle = `p_${unique()}`, displayName = 'Page', url, live = false } = options;
    const input = { brandId, network, handle, displayName, ...(url === undefined ? {} : { url }) };
    const { id } = (await this.t.ok(CREATE_PROFILE, { input }, this.token)).createSocialProfile;
    if (live) await this.t.ok(LAUNCH_PROFILE, { id }, this.token);
    return id;
  }

  /** A user made through createUser holding `roles`, not signed in (`t.login(user.email, user.password)` when needed). */
  async user(name: string, roles: Grant[] = [], org?: TestOrganization): Promise<BuiltUser> {
    const domain = org ? `${org.slug}.example` : 'builders.example';
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${unique()}@${domain}`;
    const input = { email, displayName: name, password: TEST_PASSWORD, roles };
    const { createUser } = await this.t.ok(CREATE_USER, { input }, this.token);
    return { id: createUser.id, email: createUser.email, password: TEST_PASSWORD, assignments: createUser.roleAssignments.map((a: { id: string }) => a.id) };
  }

  /** An approval workflow of `stages` (quorum 1 unless said). */
  async workflow(name: string, stages: Stage[]): Promise<string> {
    return (await this.t.ok(CREATE_WORKFLOW, { input: { name, stages } }, this.token)).createApprovalWorkflow.id;
  }

  /** An APPROVAL_REQUIRED policy on the brand: `workflowId` for every post unless `when` narrows it (tags, formats). */
  async requireApproval(brandId: string, workflowId: string, when: Record<string, unknown> = { always: true }): Promise<string> {
    const input = { brandId, type: 'APPROVAL_REQUIRED', config: { approvalRequired: { workflowId, ...when } } };
    return (await this.t.ok(SET_POLICY, { input }, this.token)).setPolicy.id;
  }

  /** A workflow of `stages` that every post of the brand (and below it) must pass; returns the workflow's id. */
  async approvalWorkflow(brandId: string, name: string, stages: Stage[]): Promise<string> {
    const workflowId = await this.workflow(name, stages);
    await this.requireApproval(brandId, workflowId);
    return workflowId;
  }

  /** A DRAFT post (TEXT unless said), created as this builder's caller. */
  async post(input: { brandId: string; profileIds: string[]; body: string; [field: string]: unknown }): Promise<string> {
    return (await this.t.ok(CREATE_POST, { input: { format: 'TEXT', ...input } }, this.token)).createPost.id;
  }

  /** Submits a post as this builder's caller: IN_REVIEW with an OPEN request, or APPROVED where no approval applies. */
  async submit(postId: string): Promise<BuiltPost> {
    const { post } = (await this.t.ok(SUBMIT_POST, { id: postId }, this.token)).submitPost;
    return { id: post.id, status: post.status, requestId: post.approvalRequest?.id ?? null };
  }

  /** Ingests items (defaults from `inboxItem`) as this builder's caller; returns one result per item, failing on a GraphQL error. */
  async ingest(items: InboxItemInput[]): Promise<{ created: number; duplicates: number; invalid: number; results: IngestedItem[] }> {
    return (await this.t.ok(INGEST, { input: items.map(inboxItem) }, this.token)).ingestInboxItems;
  }

  /**
   * A post created and submitted by this builder's caller and, for APPROVED, CHANGES_REQUESTED
   * and REJECTED, decided by `approver` on a one-stage workflow. Fails when the post does not
   * reach `state` (its brand's approval rules decide whether submitting reviews it).
   */
  async postIn(state: PostState, input: Parameters<Builders['post']>[0], approver?: TestMember): Promise<BuiltPost> {
    const id = await this.post(input);
    if (state === 'DRAFT') return { id, status: 'DRAFT', requestId: null };
    const submitted = await this.submit(id);
    const decision = DECISION_FOR[state];
    if (decision && submitted.status === 'IN_REVIEW') {
      if (!approver) throw new Error(`postIn(${state}): the post went to review; an approver must decide it`);
      await this.t.ok(DECIDE, { input: { requestId: submitted.requestId, decision } }, approver.token);
      submitted.status = state;
    }
    if (submitted.status !== state) throw new Error(`postIn(${state}): the post is ${submitted.status}`);
    return submitted;
  }
}

/** Builders acting as `token`: `const build = builders(t, org.adminToken); await build.brand('Mars')`. */
export const builders = (t: TestApp, token: string) => new Builders(t, token);
