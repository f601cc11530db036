import { isDeepStrictEqual } from 'node:util';

/**
 * Before anything is timed, each read is asked once of every target and the answers are
 * compared: the same brands, pages, policies and posts, in the same order. A benchmark of
 * answers that differ would compare nothing.
 */
type Json = any;

export interface ConsoleShape {
  rootId: string;
  childCount: number;
  childIds: string[];
  profileIds: Record<string, string[]>;
  ownPolicyIds: Record<string, string[]>;
  /** Effective policy ids per brand (Parasol, baseline); for PostGraphile the raw rows of the brand and its ancestors. */
  policyIds: Record<string, string[]>;
  viewerPermissions?: Record<string, string[]>;
}

export interface PostsShape {
  total: number;
  ids: string[];
  brandIds: string[];
  approvalStatuses: (string | null)[];
}

const ids = (items: { id: string }[]) => items.map((i) => i.id);
const sorted = (values: string[]) => [...values].sort();

function errorsOf(answer: Json, what: string): void {
  if (answer?.errors?.length) throw new Error(`${what} answered errors: ${JSON.stringify(answer.errors).slice(0, 800)}`);
}

export function parasolConsole(answer: Json, target = 'parasol'): ConsoleShape {
  errorsOf(answer, `${target} console`);
  const brand = answer.data.brand;
  const children = brand.children.edges.map((e: Json) => e.node);
  const all = [brand, ...children];
  return {
    rootId: brand.id,
    childCount: brand.children.totalCount,
    childIds: ids(children),
    profileIds: Object.fromEntries(all.map((b: Json) => [b.id, sorted(b.profiles.edges.map((e: Json) => e.node.id))])),
    ownPolicyIds: Object.fromEntries(children.map((b: Json) => [b.id, sorted(ids(b.policies))])),
    policyIds: Object.fromEntries(all.map((b: Json) => [b.id, sorted(ids(b.effectivePolicies))])),
    viewerPermissions: Object.fromEntries(all.map((b: Json) => [b.id, b.viewerPermissions])),
  };
}

export function postgraphileConsole(answer: Json): ConsoleShape {
  errorsOf(answer, 'postgraphile console');
  const brand = answer.data.brandByIdAndOrganizationId;
  const children = brand.brandsByOrganizationIdAndParentId.nodes;
  const rootPolicies = ids(brand.policiesByOrganizationIdAndBrandId.nodes);
  return {
    rootId: brand.id,
    childCount: brand.brandsByOrganizationIdAndParentId.totalCount,
    childIds: ids(children),
    profileIds: Object.fromEntries([brand, ...children].map((b: Json) => [b.id, sorted(ids(b.socialProfilesByOrganizationIdAndBrandId.nodes))])),
    ownPolicyIds: Object.fromEntries(children.map((b: Json) => [b.id, sorted(ids(b.policiesByOrganizationIdAndBrandId.nodes))])),
    policyIds: Object.fromEntries([
      [brand.id, sorted(rootPolicies)],
      ...children.map((b: Json) => [b.id, sorted([...rootPolicies, ...ids(b.policiesByOrganizationIdAndBrandId.nodes)])]),
    ]),
  };
}

export function parasolPosts(answer: Json, target = 'parasol'): PostsShape {
  errorsOf(answer, `${target} posts`);
  const nodes = answer.data.posts.edges.map((e: Json) => e.node);
  return {
    total: answer.data.posts.totalCount,
    ids: ids(nodes),
    brandIds: nodes.map((n: Json) => n.brand.id),
    approvalStatuses: nodes.map((n: Json) => n.approvalRequest?.status ?? null),
  };
}

export function postgraphilePosts(answer: Json): PostsShape {
  errorsOf(answer, 'postgraphile posts');
  const nodes = answer.data.postsInSubtree.edges.map((e: Json) => e.node);
  return {
    total: answer.data.postsInSubtree.totalCount,
    ids: ids(nodes),
    brandIds: nodes.map((n: Json) => n.brandByOrganizationIdAndBrandId.id),
    approvalStatuses: nodes.map((n: Json) => n.approvalRequestsByOrganizationIdAndPostId.nodes[0]?.status ?? null),
  };
}

export function expectSame(what: string, expected: unknown, actual: unknown): void {
  if (!isDeepStrictEqual(expected, actual)) {
    throw new Error(`${what}: the targets answer differently\nexpected ${JSON.stringify(expected).slice(0, 1500)}\nactual   ${JSON.stringify(actual).slice(0, 1500)}`);
  }
}

/** PostGraphile has no effective policies: each brand's raw chain must hold every policy Parasol says is in force there. */
export function expectConsoleCovered(parasol: ConsoleShape, postgraphile: ConsoleShape): void {
  const { policyIds: effective, viewerPermissions: _v, ...rest } = parasol;
  const { policyIds: chain, ...pglRest } = postgraphile;
  expectSame('brand console (PostGraphile)', rest, { ...pglRest });
  for (const [brandId, policies] of Object.entries(effective)) {
    const missing = policies.filter((id) => !chain[brandId]?.includes(id));
    if (missing.length) throw new Error(`brand console (PostGraphile): brand ${brandId} lacks policies ${missing.join(', ')}`);
  }
}
