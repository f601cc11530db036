import { BENCH_PASSWORD, Fixtures } from './dataset';

/**
 * The fixed set of operations, each as Parasol runs it and, for the reads, as PostGraphile and
 * the bare-pg baseline run the same read. Request bodies are built from a sequence number so
 * every target gets the same inputs in the same order.
 */
export type TargetName = 'parasol' | 'postgraphile' | 'baseline';
export type Caller = 'none' | 'admin' | 'manager' | 'approver';

export interface RequestSpec {
  path: string;
  /** The JSON body of the n-th request (n from 0). */
  body(n: number): string;
  /** Who calls (the bearer token sent). */
  as: Caller;
}

export interface OperationSpec {
  id: string;
  title: string;
  /** Reads run on every target; writes and login on Parasol (and the baseline for login). */
  kind: 'read' | 'write' | 'login';
  targets: Partial<Record<TargetName, RequestSpec>>;
  /** Requests that can each run once (decisions): the load stops when they are used up. */
  pool?: number;
  /** A short description of what the equivalent requests on the other targets do differently. */
  notes?: string;
}

const gql = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

// --- Parasol -------------------------------------------------------------------------------

const POLICY_CONFIG = `config {
  approvalRequired { workflowId tags formats always }
  bannedTerms { terms }
  requiredDisclosure { tags text }
  contentLength { rules { format network minChars maxChars minWords maxWords minDurationSeconds maxDurationSeconds } }
  postingCadence { minPerWeek maxPerWeek }
  launchReadiness { minApprovedPosts }
  speculationLabel { tags labels }
  internalAudienceTest { tags }
}`;

const PROFILE_FIELDS = 'id network handle displayName status';

/** An umbrella with its sub-brands, their pages, their own and effective policies, and what the viewer may do. */
export const PARASOL_CONSOLE = `query BrandConsole($id: ID!) {
  brand(id: $id) {
    id name slug depth status path
    viewerPermissions
    profiles(first: 10) { totalCount edges { node { ${PROFILE_FIELDS} } } }
    effectivePolicies { id type enforcement locked enabled brandId ${POLICY_CONFIG} }
    children(first: 10) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node {
        id name slug depth status
        viewerPermissions
        profiles(first: 10) { totalCount edges { node { ${PROFILE_FIELDS} } } }
        policies { id type enforcement locked enabled }
        effectivePolicies { id type enforcement locked enabled brandId ${POLICY_CONFIG} }
      } }
    }
  }
}`;

const POST_FIELDS = 'id title body format status tags revision createdAt scheduledAt publishedAt';

/** The newest posts across an umbrella's subtree in three states, 20 a page, with each post's brand and approval. */
export const PARASOL_POSTS = `query PostsPage($brandId: ID!, $statuses: [PostStatus!]) {
  posts(first: 20, filter: { brandId: $brandId, includeSubtree: true, statuses: $statuses }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ${POST_FIELDS} brand { id name slug } approvalRequest { id status currentStage } } }
  }
}`;

export const PARASOL_LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { accessToken expiresAt user { id email } }
}`;

/** A new revision of a draft, and the dry-run policy check of the result (effective policies, networks, posting activity). */
export const PARASOL_EDIT = `mutation EditPost($input: UpdatePostInput!) {
  updatePost(input: $input) { id revision status updatedAt policyCheck { type enforcement brandId field message } }
}`;

export const PARASOL_DECIDE = `mutation Decide($input: DecideApprovalInput!) {
  decideApproval(input: $input) { decision { id stage decision } request { id status currentStage closedAt } }
}`;

// --- PostGraphile v4 (default inflection) --------------------------------------------------
// Every key between tenant tables includes organization_id (ADR 0008), so its inflection names
// each relation after both columns (`policiesByOrganizationIdAndBrandId`) and the primary-key
// look-up too (`brandByIdAndOrganizationId`); the relations join on the tenant themselves.

const PGL_POLICY = 'id type enforcement locked enabled brandId config';
const PGL_PROFILES = `socialProfilesByOrganizationIdAndBrandId(first: 10, orderBy: [NETWORK_ASC, HANDLE_ASC, ID_ASC]) { totalCount nodes { ${PROFILE_FIELDS} } }`;

/**
 * The same console: PostGraphile has no effective policies or viewer permissions, so it reads
 * the raw policy rows of the umbrella (the only ancestor of its sub-brands) and of each
 * sub-brand, which a client would then merge itself.
 */
export const PGL_CONSOLE = `query BrandConsole($id: UUID!, $org: UUID!) {
  brandByIdAndOrganizationId(id: $id, organizationId: $org) {
    id name slug depth status ancestorIds
    ${PGL_PROFILES}
    policiesByOrganizationIdAndBrandId(orderBy: TYPE_ASC) { nodes { ${PGL_POLICY} } }
    brandsByOrganizationIdAndParentId(first: 10, orderBy: [NAME_ASC, ID_ASC], condition: { archivedAt: null }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id name slug depth status
        ${PGL_PROFILES}
        policiesByOrganizationIdAndBrandId(orderBy: TYPE_ASC) { nodes { ${PGL_POLICY} } }
      }
    }
  }
}`;

/** The same page through a SETOF function (pgl_bench.posts_in_subtree, tenant-filtered like our indexes): PostGraphile's way to filter by subtree and status list. */
export const PGL_POSTS = `query PostsPage($org: UUID!, $brandId: UUID!, $statuses: [PostStatus]) {
  postsInSubtree(org: $org, root: $brandId, statuses: $statuses, first: 20) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ${POST_FIELDS} brandByOrganizationIdAndBrandId { id name slug } approvalRequestsByOrganizationIdAndPostId(first: 1, orderBy: [CREATED_AT_DESC, ID_DESC]) { nodes { id status currentStage } } } }
  }
}`;

export const STATUSES = ['DRAFT', 'IN_REVIEW', 'APPROVED'];

export function operations(f: Fixtures): OperationSpec[] {
  const umbrella = (n: number) => f.umbrellaIds[n % f.umbrellaIds.length];
  const managerTree = [f.managerUmbrellaId];
  return [
    {
      id: 'login',
      title: 'login',
      kind: 'login',
      notes: 'argon2id verification (64 MiB, 3 passes) dominates; the baseline does the same verification with the same library',
      targets: {
        parasol: { path: '/graphql', as: 'none', body: (n) => gql(PARASOL_LOGIN, { email: f.loginEmails[n % f.loginEmails.length], password: BENCH_PASSWORD }) },
        baseline: { path: '/login', as: 'none', body: (n) => JSON.stringify({ variables: { email: f.loginEmails[n % f.loginEmails.length], password: BENCH_PASSWORD } }) },
      },
    },
    {
      id: 'console',
      title: 'brand console (admin)',
      kind: 'read',
      notes: 'PostGraphile: raw policy rows instead of effective policies, no viewer permissions, no path',
      targets: {
        parasol: { path: '/graphql', as: 'admin', body: (n) => gql(PARASOL_CONSOLE, { id: umbrella(n) }) },
        postgraphile: { path: '/graphql', as: 'none', body: (n) => gql(PGL_CONSOLE, { id: umbrella(n), org: f.organizationId }) },
        baseline: { path: '/console', as: 'admin', body: (n) => JSON.stringify({ variables: { id: umbrella(n) } }) },
      },
    },
    {
      id: 'console-manager',
      title: 'brand console (brand manager)',
      kind: 'read',
      notes: 'permission-filtered: BRAND_MANAGER on one umbrella; PostGraphile has no per-user permissions',
      targets: {
        parasol: { path: '/graphql', as: 'manager', body: (n) => gql(PARASOL_CONSOLE, { id: managerTree[n % managerTree.length] }) },
        baseline: { path: '/console', as: 'manager', body: (n) => JSON.stringify({ variables: { id: managerTree[n % managerTree.length] } }) },
      },
    },
    {
      id: 'posts',
      title: 'posts page, filtered (admin)',
      kind: 'read',
      notes: 'PostGraphile: a SETOF SQL function for the subtree and status filter',
      targets: {
        parasol: { path: '/graphql', as: 'admin', body: (n) => gql(PARASOL_POSTS, { brandId: umbrella(n), statuses: STATUSES }) },
        postgraphile: { path: '/graphql', as: 'none', body: (n) => gql(PGL_POSTS, { org: f.organizationId, brandId: umbrella(n), statuses: STATUSES }) },
        baseline: { path: '/posts', as: 'admin', body: (n) => JSON.stringify({ variables: { brandId: umbrella(n), statuses: STATUSES } }) },
      },
    },
    {
      id: 'posts-manager',
      title: 'posts page, filtered (brand manager)',
      kind: 'read',
      targets: {
        parasol: { path: '/graphql', as: 'manager', body: () => gql(PARASOL_POSTS, { brandId: f.managerUmbrellaId, statuses: STATUSES }) },
        baseline: { path: '/posts', as: 'manager', body: () => JSON.stringify({ variables: { brandId: f.managerUmbrellaId, statuses: STATUSES } }) },
      },
    },
    {
      id: 'edit-post',
      title: 'updatePost + policyCheck',
      kind: 'write',
      notes: 'a new revision of a draft (row lock, revision insert, audit) and the policy evaluation of the result',
      targets: {
        parasol: {
          path: '/graphql',
          as: 'admin',
          body: (n) =>
            gql(PARASOL_EDIT, {
              input: { id: f.draftPostIds[n % f.draftPostIds.length], body: `Edit ${n}: three ways to keep your energy up on a long day, and a fourth one from you.` },
            }),
        },
      },
    },
    {
      id: 'decide',
      title: 'decideApproval',
      kind: 'write',
      pool: f.openRequestIds.length,
      notes: 'each request decides a different open approval request (APPROVE closes it and approves the post)',
      targets: {
        parasol: { path: '/graphql', as: 'approver', body: (n) => gql(PARASOL_DECIDE, { input: { requestId: f.openRequestIds[n], decision: 'APPROVE', comment: 'Good to go.' } }) },
      },
    },
  ];
}

/**
 * The brand console built up field by field, to see where Parasol's time per request goes:
 * each step adds one part of the full console query to the previous one.
 */
export function consoleBreakdown(f: Fixtures): { id: string; title: string; spec: RequestSpec }[] {
  const config = POLICY_CONFIG;
  const child = (fields: string) => `query Step($id: ID!) { brand(id: $id) { id name children(first: 10) { totalCount edges { node { id name slug depth status ${fields} } } } } }`;
  const profiles = `profiles(first: 10) { totalCount edges { node { ${PROFILE_FIELDS} } } }`;
  const steps: [string, string, string][] = [
    ['viewer', 'request floor: `{ viewer { id } }` (HTTP, GraphQL, token, grants read)', '{ viewer { id } }'],
    ['brand', '+ one brand by id (the request transaction opens)', 'query Step($id: ID!) { brand(id: $id) { id name } }'],
    ['children', '+ its 10 sub-brands (one statement)', child('')],
    ['profiles', "+ each sub-brand's profiles (one batched statement)", child(profiles)],
    ['permissions', '+ viewerPermissions on each (no statement)', child(`viewerPermissions ${profiles}`)],
    ['effective', '+ effective policies, 6 scalar fields each (one batched statement)', child(`viewerPermissions ${profiles} effectivePolicies { id type enforcement locked enabled brandId }`)],
    ['config', '+ each policy\'s typed config', child(`viewerPermissions ${profiles} effectivePolicies { id type enforcement locked enabled brandId ${config} }`)],
    ['full', '= the full console (+ the umbrella\'s own profiles and effective policies, each sub-brand\'s own policies, path, pageInfo)', PARASOL_CONSOLE],
  ];
  return steps.map(([id, title, query]) => ({
    id,
    title,
    spec: { path: '/graphql', as: 'admin', body: (n: number) => gql(query, query.includes('$id') ? { id: f.umbrellaIds[n % f.umbrellaIds.length] } : {}) },
  }));
}
