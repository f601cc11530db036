import { literal } from '../../libs/database';
import { BRAND, POLICY, PROFILE } from './entities';
import { RowReader } from './entity';
import { Level, LevelPart, LevelPlan, levelOfPlan, Needs, needsOf } from './plan';

/** The console's one statement for a plan, with the levels the fill reads its answer by. */
export interface Statement {
  sql: string;
  needs: Needs;
  root: Level;
}

/** The statement's one value, `tree`: the root level's array, the ancestors' policies, the ancestors. */
export type TreeValues = [root: unknown[], ancestorPolicies: unknown[][] | null, ancestors: unknown[][] | null];

export function statementOf(plan: LevelPlan): Statement {
  const needs = needsOf(plan);
  const root = levelOfPlan(plan, needs);
  return { sql: rootSql(root, needs), needs, root };
}

/** The statement for a plan: $1 the organization, $2 the brand. */
export const brandTreeSql = (plan: LevelPlan): string => statementOf(plan).sql;

/** The columns a row reader reads, as one JSON array (alias.column, in its order). */
const jsonColumns = (alias: string, { names }: RowReader<unknown>) => `json_build_array(${names.map((c) => `${alias}.${c}`).join(', ')})`;

/**
 * `SELECT json_build_array(<root level>, <ancestors' policies>, <ancestors>) AS tree` (the
 * last two not even looked for under a root brand, which has no ancestors). A level
 * is `json_build_array(<brand columns>, <its parts>...)` (LevelPart: own policies, profile
 * pages, children pages), a page `json_build_array(<total>, <first + 1 items>)`, the total
 * counted over the page's query before its LIMIT (a window), so each page is one sub-select.
 */
function rootSql(root: Level, needs: Needs): string {
  return `SELECT json_build_array(
      ${levelSql('b0', root, needs, 0)},
      ${needs.ancestorPolicies ? `CASE WHEN cardinality(b0.ancestor_ids) > 0 THEN ${policiesSql(needs, 'p.brand_id = ANY(b0.ancestor_ids)')} END` : 'NULL'},
      ${needs.ancestors ? `CASE WHEN cardinality(b0.ancestor_ids) > 0 THEN (SELECT json_agg(json_build_array(a.id, a.slug, a.ancestor_ids) ORDER BY a.depth) FROM brands a WHERE a.organization_id = $1 AND a.id = ANY(b0.ancestor_ids)) END` : 'NULL'}
    ) AS tree
    FROM brands b0 WHERE b0.organization_id = $1 AND b0.id = $2`;
}

/**
 * The policies matching `where` (on alias p) as a JSON array of rows, NULL for none. Unordered:
 * an ordered aggregate costs PostgreSQL a sort per brand (about 10% of the console's statement);
 * a brand's own policies are put in type order in Node (fill.ts).
 */
const policiesSql = (needs: Needs, where: string) =>
  `(SELECT json_agg(${jsonColumns('p', POLICY.rows(needs.policyTimestamps))}) FROM policies p WHERE p.organization_id = $1 AND ${where})`;

function levelSql(alias: string, level: Level, needs: Needs, depth: number): string {
  const parts = [jsonColumns(alias, BRAND.rows(level.plan.details)), ...level.parts.map((part) => partSql(alias, part, needs, depth))];
  return `json_build_array(${parts.join(', ')})`;
}

function partSql(alias: string, part: LevelPart, needs: Needs, depth: number): string {
  switch (part.kind) {
    case 'policies':
      return policiesSql(needs, `p.brand_id = ${alias}.id`);
    case 'profiles': {
      const { page } = part;
      const filter = [
        `p.organization_id = $1 AND p.brand_id = ${alias}.id`,
        page.status ? `p.status = ${literal(page.status)}` : `p.status <> 'ARCHIVED'`,
        page.network ? `p.network = ${literal(page.network)}` : 'true',
      ].join(' AND ');
      // The page is aggregated in the order of its sub-select (ORDER BY ... LIMIT), which
      // PostgreSQL keeps for an aggregate over it; ordering the aggregate again would sort twice.
      return `(SELECT json_build_array(coalesce(max(q.total), 0), json_agg(${jsonColumns('q', PROFILE.rows(page.details))}))
        FROM (SELECT p.*, count(*) OVER () AS total FROM social_profiles p WHERE ${filter} ORDER BY p.network, lower(p.handle), p.id LIMIT ${page.first + 1}) q)`;
    }
    case 'children': {
      const child = `b${depth + 1}`;
      const filter = `c.organization_id = $1 AND c.parent_id = ${alias}.id AND c.archived_at IS NULL`;
      return `(SELECT json_build_array(coalesce(max(${child}.total), 0), json_agg(${levelSql(child, part.level, needs, depth + 1)} ORDER BY ${child}.name, ${child}.id))
        FROM (SELECT c.*, count(*) OVER () AS total FROM brands c WHERE ${filter} ORDER BY c.name, c.id LIMIT ${part.page.first + 1}) ${child})`;
    }
  }
}
