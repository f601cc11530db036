import { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode, visit } from 'graphql';
import { parseResolveInfo, ResolveTree } from 'graphql-parse-resolve-info';
import { MAX_PAGE_SIZE, SocialNetwork } from '../../libs/core';
import { SocialProfileStatus } from '../profiles';
import { BRAND, POLICY, PROFILE } from './entities';

/** A first page of profiles a level asks for, and whether it shows a detail field of SocialProfile. */
export interface ProfilesPlan {
  key: string;
  first: number;
  status: SocialProfileStatus | null;
  network: SocialNetwork | null;
  details: boolean;
}

/**
 * What a query asks of the brands at one level of a tree, among the fields the console
 * answers ahead; every other field of Brand resolves as usual. Keys are response keys (aliases).
 */
export interface LevelPlan {
  /** Whether the level shows a detail field of Brand (BRAND.detailFields): else those columns are not read. */
  details: boolean;
  /** Whether the level's `policies` or `effectivePolicies` show a detail field of Policy (its timestamps). */
  policyTimestamps: boolean;
  viewerPermissions: string[];
  path: string[];
  policies: string[];
  effectivePolicies: string[];
  profiles: ProfilesPlan[];
  children: { key: string; first: number; level: LevelPlan }[];
}

/** What the levels of a plan need read with each brand. */
export interface Needs {
  /** Own policies of each brand of every level (for `policies`, and the chains of `effectivePolicies`). */
  policies: boolean;
  /** Policies of the root's ancestors (chains). */
  ancestorPolicies: boolean;
  /** The root's ancestors (id, slug, their ancestors) for `path`. */
  ancestors: boolean;
  /** Policies' timestamps: every level's policy rows are one set (a root's effective policies are its ancestors'). */
  policyTimestamps: boolean;
}

/**
 * Plans of selections that use no variables, per field of a parsed document (Apollo keeps
 * parsed documents, so a console sent again finds its plan here).
 */
const plans = new WeakMap<FieldNode, LevelPlan | null>();

/** The plan of the field being resolved; null when it cannot be planned (several field nodes). */
export function planOf(info: GraphQLResolveInfo): LevelPlan | null {
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
      case 'viewerPermissions':
      case 'path':
        plan[sub.name].push(key);
        break;
      case 'policies':
      case 'effectivePolicies':
        plan[sub.name].push(key);
        if (shows(sub, 'Policy', POLICY.detailFields)) plan.policyTimestamps = true;
        break;
      case 'profiles': {
        // The first page only: a cursor goes through the resolver (and its checks).
        const first = pageSize(args.first);
        const details = shownNodes(sub, 'SocialProfileConnection', 'SocialProfileEdge').some((node) => shows(node, 'SocialProfile', PROFILE.detailFields));
        if (first !== null && absent(args.after)) plan.profiles.push({ key, first, status: (args.status as SocialProfileStatus) ?? null, network: (args.network as SocialNetwork) ?? null, details });
        break;
      }
      case 'children': {
        const first = pageSize(args.first);
        const node = onlyNode(sub);
        if (first !== null && absent(args.after) && !args.includeArchived && node) plan.children.push({ key, first, level: levelOf(node) });
        break;
      }
      default:
        if (BRAND.detailFields.includes(sub.name)) plan.details = true;
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

/** Whether the plan asks for nothing the console answers ahead (the brand alone is read as any other). */
export function isEmpty(plan: LevelPlan): boolean {
  return !plan.viewerPermissions.length && !plan.path.length && !plan.policies.length && !plan.effectivePolicies.length && !plan.profiles.length && !plan.children.length;
}

export function needsOf(plan: LevelPlan): Needs {
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

/**
 * One part of a level's JSON array after the brand's columns. The statement writes a level's
 * parts in the order of its list and the fill reads each at its place in the same list, so
 * what is written and what is read cannot fall out of step.
 */
export type LevelPart =
  | { kind: 'policies' }
  | { kind: 'profiles'; page: ProfilesPlan }
  | { kind: 'children'; page: LevelPlan['children'][number]; level: Level };

/** A level of a plan with the parts of its JSON array, made once per statement. */
export interface Level {
  plan: LevelPlan;
  parts: LevelPart[];
}

export function levelOfPlan(plan: LevelPlan, needs: Needs): Level {
  const parts: LevelPart[] = [];
  if (needs.policies) parts.push({ kind: 'policies' });
  for (const page of plan.profiles) parts.push({ kind: 'profiles', page });
  for (const page of plan.children) parts.push({ kind: 'children', page, level: levelOfPlan(page.level, needs) });
  return { plan, parts };
}
