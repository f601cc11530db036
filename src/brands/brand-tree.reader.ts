import { Injectable } from '@nestjs/common';
import { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode, visit } from 'graphql';
import { parseResolveInfo, ResolveTree } from 'graphql-parse-resolve-info';
import { MAX_PAGE_SIZE, NotFoundError, prefetched, RequestContext, SocialNetwork, toConnection } from '../../libs/core';
import { BrandScope, AccessService } from '../../libs/auth';
import { Db, literal } from '../../libs/database';
import { PolicyRule, PolicyType } from '../../libs/policy-engine';
import { addRule, chainOf, effectiveOf, POLICY_COLUMN_NAMES, POLICY_TIMESTAMP_COLUMNS, POLICY_TIMESTAMP_FIELDS, policyOf, PolicyRow } from '../policies/policy.mapper';
import { SocialProfileStatus } from '../profiles/social-profile.entity';
import { PROFILE_COLUMNS, PROFILE_DETAIL_COLUMNS, PROFILE_DETAIL_FIELDS, profileCursor, SocialProfileRow, toSocialProfile, toSocialProfileWithoutDetails } from '../profiles/social-profile.mapper';
import { BrandReader, subtreeCursor } from './brand-reader.service';
import { BRAND_COLUMNS, BRAND_DETAIL_COLUMNS, BrandRow, toBrand, toBrandWithoutDetails } from './brand.mapper';
import { Brand } from './brand.type';

/**
 * What a query asks of the brands at one level of a tree, among the fields a read-ahead
 * answers; every other field of Brand resolves as usual. Keys are response keys (aliases).
 */
export interface LevelPlan {
  /** Whether the level shows any of a brand's descriptive fields (BRAND_DETAIL_COLUMNS): else they are not read. */
  details: boolean;
  /** Whether the level's `policies` or `effectivePolicies` show createdAt or updatedAt (POLICY_TIMESTAMP_COLUMNS). */
  policyTimestamps: boolean;
  viewerPermissions: string[];
  path: string[];
  policies: string[];
  effectivePolicies: string[];
  /** Each page of profiles asked for, and whether it shows a field of PROFILE_DETAIL_COLUMNS. */
  profiles: { key: string; first: number; status: SocialProfileStatus | null; network: SocialNetwork | null; details: boolean }[];
  children: { key: string; first: number; level: LevelPlan }[];
}

/** What the levels of a plan need read with each brand, in the order of its JSON array. */
interface Needs {
  /** Own policies of each brand of every level (for `policies`, and the chains of `effectivePolicies`). */
  policies: boolean;
  /** Policies of the root's ancestors (chains). */
  ancestorPolicies: boolean;
  /** The root's ancestors (id, slug, their ancestors) for `path`. */
  ancestors: boolean;
  /** Policies' timestamps: every level's policy rows are one set (a root's effective policies are its ancestors'). */
  policyTimestamps: boolean;
}

/** An ancestor as `path` needs it: who may see it, and its slug. */
type PathStep = BrandScope & { slug: string };

/**
 * Columns read as a JSON array, and the function that reads such an array back as the row
 * object the mappers take. Timestamps travel as JSON's ISO text and become Dates, as pg gives
 * them (sending epoch milliseconds instead costs PostgreSQL more in numeric arithmetic than
 * it saves Node in parsing).
 */
interface JsonColumns<T> {
  names: readonly string[];
  read: (values: unknown[]) => T;
}
const isTimestamp = (name: string) => name.endsWith('_at');

/** The JSON array of `names` but `left`; a row read from it has no property for a column left out. */
function columns<T>(all: readonly string[], left: readonly string[] = []): JsonColumns<T> {
  const names = all.filter((name) => !left.includes(name));
  // A function with the row as one object literal, made once per entity: V8 then builds each
  // row in one allocation with a fixed shape, where setting keys one by one would not.
  const fields = names.map((name, i) => `${JSON.stringify(name)}: ${isTimestamp(name) ? `v[${i}] === null ? null : new Date(v[${i}])` : `v[${i}]`}`);
  return { names, read: new Function('v', `return { ${fields.join(', ')} };`) as (values: unknown[]) => T };
}
// Each entity whole, and without the columns of fields a query often does not show.
const BRAND_JSON = columns<BrandRow>(BRAND_COLUMNS);
const BRAND_WITHOUT_DETAILS_JSON = columns<BrandRow>(BRAND_COLUMNS, BRAND_DETAIL_COLUMNS);
const PROFILE_JSON = columns<SocialProfileRow>(PROFILE_COLUMNS);
const PROFILE_WITHOUT_DETAILS_JSON = columns<SocialProfileRow>(PROFILE_COLUMNS, PROFILE_DETAIL_COLUMNS);
const POLICY_JSON = columns<PolicyRow>(POLICY_COLUMN_NAMES);
const POLICY_WITHOUT_TIMESTAMPS_JSON = columns<PolicyRow>(POLICY_COLUMN_NAMES, POLICY_TIMESTAMP_COLUMNS);

const jsonColumns = (alias: string, { names }: JsonColumns<unknown>) => `json_build_array(${names.map((c) => `${alias}.${c}`).join(', ')})`;
const brandJson = (plan: LevelPlan) => (plan.details ? BRAND_JSON : BRAND_WITHOUT_DETAILS_JSON);
const profileJson = (profiles: LevelPlan['profiles'][number]) => (profiles.details ? PROFILE_JSON : PROFILE_WITHOUT_DETAILS_JSON);
const policyJson = (needs: Needs) => (needs.policyTimestamps ? POLICY_JSON : POLICY_WITHOUT_TIMESTAMPS_JSON);

/** A brand of a level, with its descriptive fields when the level shows them. */
const brandOf = (plan: LevelPlan, values: unknown[]): Brand => {
  const row = brandJson(plan).read(values);
  return plan.details ? toBrand(row) : toBrandWithoutDetails(row);
};

/** A profile of a page, with its url and timestamps when the page shows them. */
const profileOf = (profiles: LevelPlan['profiles'][number], values: unknown[]) => {
  const row = profileJson(profiles).read(values);
  return profiles.details ? toSocialProfile(row) : toSocialProfileWithoutDetails(row);
};

const SQL_CACHE_LIMIT = 500;

/**
 * A brand with the tree below it in ONE statement, the way PostGraphile answers a query: the
 * brand's fields, a page of its children with theirs, each level's profiles and policies,
 * come back as one JSON value built by PostgreSQL from the query's selection (its
 * "lookahead"). Node then only maps that value to the same objects the field resolvers would
 * have built, and hands them over as read-ahead values (libs/core/prefetch.ts).
 *
 * It answers `children` (the first page), `profiles` (the first page, any filter),
 * `policies`, `effectivePolicies`, `viewerPermissions` and `path`; anything else (a cursor,
 * archived children, `descendants`, `posts`...) is left to its resolver, which loads it in
 * batches as before. Access is the resolvers' own: the brand must be visible to the caller
 * (NOT_FOUND otherwise), a visible brand's children are visible, `path` shows only the
 * ancestors the caller may see, and row-level security applies to every part of the statement.
 */
@Injectable()
export class BrandTreeReader {
  private readonly sqlCache = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly access: AccessService,
    private readonly reader: BrandReader,
  ) {}

  /** The brand `id` for the field being resolved (`info`), with what its selection asks below it read ahead. */
  async findById(ctx: RequestContext, id: string, info: GraphQLResolveInfo): Promise<Brand> {
    const plan = planOf(info);
    if (!plan || isEmpty(plan)) return this.reader.findById(ctx, id);
    const needs = needsOf(plan);
    const planKey = JSON.stringify(plan);
    let sql = this.sqlCache.get(planKey);
    if (!sql) {
      sql = brandTreeSql(plan);
      if (this.sqlCache.size >= SQL_CACHE_LIMIT) this.sqlCache.clear();
      this.sqlCache.set(planKey, sql);
    }
    const row = await this.db.queryOne<{ tree: unknown[] }>(sql, [ctx.organizationId, id]);
    if (!row) throw new NotFoundError('Brand', id);
    const [brandValues, ancestorPolicies, ancestors] = row.tree as [unknown[], unknown[][] | null, unknown[][] | null];
    const root = brandOf(plan, brandValues[0] as unknown[]);
    if (!this.access.canSee(ctx, root)) throw new NotFoundError('Brand', id);

    const rules = new Map<string, PolicyRule[]>();
    for (const values of ancestorPolicies ?? []) addRule(rules, policyJson(needs).read(values));
    const path: PathStep[] = (ancestors ?? []).map(([ancestorId, slug, ancestorIds]) => ({ id: ancestorId as string, slug: slug as string, ancestorIds: ancestorIds as string[] }));
    const visiblePath = path.filter((step) => this.access.canSee(ctx, step));
    this.fill(ctx, root, brandValues, plan, needs, rules, visiblePath);
    return root;
  }

  /**
   * Gives `brand` the values of its level's fields from its JSON array, then does the same
   * for its children. Rules of every brand read so far are in `rules` (a child's chain is its
   * ancestors', then its own).
   */
  private fill(ctx: RequestContext, brand: Brand, values: unknown[], plan: LevelPlan, needs: Needs, rules: Map<string, PolicyRule[]>, visiblePath: PathStep[]): void {
    let at = 1;
    if (needs.policies) {
      const own = ((values[at++] as unknown[][] | null) ?? []).map((v) => addRule(rules, policyJson(needs).read(v))).sort(byPolicyType);
      for (const key of plan.policies) prefetched(brand, key, own.map(policyOf));
      if (plan.effectivePolicies.length) {
        const effective = effectiveOf(chainOf(rules, brand));
        for (const key of plan.effectivePolicies) prefetched(brand, key, effective);
      }
    }
    for (const key of plan.viewerPermissions) prefetched(brand, key, this.access.permissionsOn(ctx, brand));
    for (const key of plan.path) prefetched(brand, key, [...visiblePath.map((step) => step.slug), brand.slug]);
    for (const profiles of plan.profiles) {
      const [total, items] = values[at++] as [number, unknown[][] | null];
      const nodes = (items ?? []).map((v) => profileOf(profiles, v));
      prefetched(brand, profiles.key, toConnection(nodes, { first: profiles.first }, total, profileCursor));
    }
    if (plan.children.length) {
      const below = this.access.canSee(ctx, brand) ? [...visiblePath, { id: brand.id, ancestorIds: brand.ancestorIds, slug: brand.slug }] : visiblePath;
      for (const children of plan.children) {
        const [total, items] = values[at++] as [number, unknown[][] | null];
        const nodes = (items ?? []).map((childValues) => {
          const child = brandOf(children.level, childValues[0] as unknown[]);
          this.fill(ctx, child, childValues, children.level, needs, rules, below);
          return child;
        });
        prefetched(brand, children.key, toConnection(nodes, { first: children.first }, total, subtreeCursor));
      }
    }
  }
}

// --- The plan: which read-ahead fields the selection asks for ------------------------------

/**
 * Plans of selections that use no variables, per field of a parsed document (Apollo keeps
 * parsed documents, so a console sent again finds its plan here).
 */
const plans = new WeakMap<FieldNode, LevelPlan | null>();

function planOf(info: GraphQLResolveInfo): LevelPlan | null {
  const node = info.fieldNodes.length === 1 ? info.fieldNodes[0] : null;
  const known = node ? plans.get(node) : undefined;
  if (known !== undefined) return known;
  const tree = parseResolveInfo(info) as ResolveTree | null;
  const plan = tree ? levelOf(tree) : null;
  if (node?.selectionSet && !usesVariables(node.selectionSet, info.fragments)) plans.set(node, plan);
  return plan;
}

/** Whether a selection (with the fragments it spreads) depends on the operation's variables. */
function usesVariables(selection: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): boolean {
  let uses = false;
  visit(selection, {
    Variable: () => void (uses = true),
    FragmentSpread: (spread) => {
      const name = spread.name.value;
      if (seen.has(name)) return;
      seen.add(name);
      const fragment = fragments[name];
      if (fragment && usesVariables(fragment.selectionSet, fragments, seen)) uses = true;
    },
  });
  return uses;
}

const pageSize = (value: unknown): number | null => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_PAGE_SIZE ? (value as number) : null);
const absent = (value: unknown) => value === undefined || value === null;

/** The plan for the brands a field returns (a Brand, or the node of a BrandConnection's edges). */
function levelOf(field: ResolveTree): LevelPlan {
  const plan: LevelPlan = { details: false, policyTimestamps: false, viewerPermissions: [], path: [], policies: [], effectivePolicies: [], profiles: [], children: [] };
  for (const [key, sub] of Object.entries(field.fieldsByTypeName.Brand ?? {})) {
    const args = sub.args as Record<string, unknown>;
    switch (sub.name) {
      case 'description':
      case 'branding':
      case 'audience':
      case 'goals':
        plan.details = true;
        break;
      case 'viewerPermissions':
      case 'path':
        plan[sub.name].push(key);
        break;
      case 'policies':
      case 'effectivePolicies':
        plan[sub.name].push(key);
        if (shows(sub, 'Policy', POLICY_TIMESTAMP_FIELDS)) plan.policyTimestamps = true;
        break;
      case 'profiles': {
        // The first page only: a cursor goes through the resolver (and its checks).
        const first = pageSize(args.first);
        const details = shownNodes(sub, 'SocialProfileConnection', 'SocialProfileEdge').some((node) => shows(node, 'SocialProfile', PROFILE_DETAIL_FIELDS));
        if (first !== null && absent(args.after)) plan.profiles.push({ key, first, status: (args.status as SocialProfileStatus) ?? null, network: (args.network as SocialNetwork) ?? null, details });
        break;
      }
      case 'children': {
        const first = pageSize(args.first);
        const node = onlyNode(sub);
        if (first !== null && absent(args.after) && !args.includeArchived && node) plan.children.push({ key, first, level: levelOf(node) });
        break;
      }
    }
  }
  return plan;
}

/** Whether a field's selection on `type` includes any of `fields`. */
const shows = (field: ResolveTree, type: string, fields: readonly string[]) => Object.values(field.fieldsByTypeName[type] ?? {}).some((sub) => fields.includes(sub.name));

/** Every `edges { node }` selection of a connection field (under any alias). */
const shownNodes = (connection: ResolveTree, connectionType: string, edgeType: string): ResolveTree[] =>
  Object.values(connection.fieldsByTypeName[connectionType] ?? {})
    .filter((f) => f.name === 'edges')
    .flatMap((edges) => Object.values(edges.fieldsByTypeName[edgeType] ?? {}).filter((f) => f.name === 'node'));

/** A connection asked for without its nodes (`totalCount`, `pageInfo`): they need no field of their own. */
const NO_NODE: ResolveTree = { name: 'node', alias: 'node', args: {}, fieldsByTypeName: {} };

/** The `edges { node }` selection of a connection, when there is exactly one (aliases of either would need a plan each). */
function onlyNode(connection: ResolveTree): ResolveTree | null {
  const edges = Object.values(connection.fieldsByTypeName.BrandConnection ?? {}).filter((f) => f.name === 'edges');
  if (edges.length !== 1) return edges.length === 0 ? NO_NODE : null;
  const nodes = Object.values(edges[0].fieldsByTypeName.BrandEdge ?? {}).filter((f) => f.name === 'node');
  if (nodes.length !== 1) return nodes.length === 0 ? NO_NODE : null;
  return nodes[0];
}

function isEmpty(plan: LevelPlan): boolean {
  return !plan.viewerPermissions.length && !plan.path.length && !plan.policies.length && !plan.effectivePolicies.length && !plan.profiles.length && !plan.children.length;
}

function needsOf(plan: LevelPlan): Needs {
  const levels: LevelPlan[] = [];
  const walk = (level: LevelPlan) => {
    levels.push(level);
    level.children.forEach((c) => walk(c.level));
  };
  walk(plan);
  const effective = levels.some((l) => l.effectivePolicies.length > 0);
  return {
    policies: effective || levels.some((l) => l.policies.length > 0),
    ancestorPolicies: effective,
    ancestors: levels.some((l) => l.path.length > 0),
    policyTimestamps: levels.some((l) => l.policyTimestamps),
  };
}

// --- The statement ---------------------------------------------------------------------------

/** The statement for a plan: $1 the organization, $2 the brand. */
export const brandTreeSql = (plan: LevelPlan): string => rootSql(plan, needsOf(plan));

/**
 * `SELECT json_build_array(<root level>, <ancestors' policies>, <ancestors>) AS tree` (the
 * last two not even looked for under a root brand, which has no ancestors). A level
 * is `json_build_array(<brand columns>, <own policies>?, <profiles page>..., <children page>...)`,
 * a page `json_build_array(<total>, <first + 1 items>)`, the total counted over the page's
 * query before its LIMIT (a window), so each page is one sub-select. $1 is the organization, $2 the brand.
 */
function rootSql(plan: LevelPlan, needs: Needs): string {
  return `SELECT json_build_array(
      ${levelSql('b0', plan, needs, 0)},
      ${needs.ancestorPolicies ? `CASE WHEN cardinality(b0.ancestor_ids) > 0 THEN ${policiesSql(needs, 'p.brand_id = ANY(b0.ancestor_ids)')} END` : 'NULL'},
      ${needs.ancestors ? `CASE WHEN cardinality(b0.ancestor_ids) > 0 THEN (SELECT json_agg(json_build_array(a.id, a.slug, a.ancestor_ids) ORDER BY a.depth) FROM brands a WHERE a.organization_id = $1 AND a.id = ANY(b0.ancestor_ids)) END` : 'NULL'}
    ) AS tree
    FROM brands b0 WHERE b0.organization_id = $1 AND b0.id = $2`;
}

/** The policies matching `where` (on alias p), by type, as a JSON array of rows (NULL for none). */
/**
 * The policies matching `where` (on alias p) as a JSON array of rows, NULL for none. Unordered:
 * an ordered aggregate costs PostgreSQL a sort per brand (about 10% of the console's statement);
 * a brand's own policies are put in type order in Node (byPolicyType).
 */
const policiesSql = (needs: Needs, where: string) =>
  `(SELECT json_agg(${jsonColumns('p', policyJson(needs))}) FROM policies p WHERE p.organization_id = $1 AND ${where})`;

/** PolicyType order, which is also the order of PostgreSQL's policy_type enum (and of the `policies` resolver). */
const POLICY_TYPE_RANK = new Map(Object.values(PolicyType).map((type, i) => [type, i]));
const byPolicyType = (a: PolicyRule, b: PolicyRule) => POLICY_TYPE_RANK.get(a.type)! - POLICY_TYPE_RANK.get(b.type)!;

function levelSql(alias: string, plan: LevelPlan, needs: Needs, depth: number): string {
  const parts = [jsonColumns(alias, brandJson(plan))];
  if (needs.policies) parts.push(policiesSql(needs, `p.brand_id = ${alias}.id`));
  for (const profiles of plan.profiles) {
    const filter = [
      `p.organization_id = $1 AND p.brand_id = ${alias}.id`,
      profiles.status ? `p.status = ${literal(profiles.status)}` : `p.status <> 'ARCHIVED'`,
      profiles.network ? `p.network = ${literal(profiles.network)}` : 'true',
    ].join(' AND ');
    // The page is aggregated in the order of its sub-select (ORDER BY ... LIMIT), which
    // PostgreSQL keeps for an aggregate over it; ordering the aggregate again would sort twice.
    parts.push(`(SELECT json_build_array(coalesce(max(q.total), 0), json_agg(${jsonColumns('q', profileJson(profiles))}))
        FROM (SELECT p.*, count(*) OVER () AS total FROM social_profiles p WHERE ${filter} ORDER BY p.network, lower(p.handle), p.id LIMIT ${profiles.first + 1}) q)`);
  }
  for (const children of plan.children) {
    const child = `b${depth + 1}`;
    const filter = `c.organization_id = $1 AND c.parent_id = ${alias}.id AND c.archived_at IS NULL`;
    parts.push(`(SELECT json_build_array(coalesce(max(${child}.total), 0), json_agg(${levelSql(child, children.level, needs, depth + 1)} ORDER BY ${child}.name, ${child}.id))
        FROM (SELECT c.*, count(*) OVER () AS total FROM brands c WHERE ${filter} ORDER BY c.name, c.id LIMIT ${children.first + 1}) ${child})`);
  }
  return `json_build_array(${parts.join(', ')})`;
}
