/**
 * SQL for "these brands and every brand below them", for the conditions of request-path reads
 * and writes: `x.brand_id = ANY(${brandSubtreeIds('$1', '$3::uuid[]')})`.
 *
 * Why not `ancestor_ids @> ARRAY[root]` or `ancestor_ids && roots`: a request runs as
 * parasol_app under row-level security, and PostgreSQL evaluates a condition ahead of the
 * tenant policy (as an index condition, say) only when its operator is LEAKPROOF. The array
 * operators are not, so the GIN index on ancestor_ids is never used inside a request and each
 * such condition scanned brands (and, joined, posts) of the whole organization.
 *
 * Instead this walks down `parent_id` from the roots: one probe of the btree IDX_brands_parent
 * (organization_id, parent_id) per brand of the subtrees, with uuid `=`, which is leakproof.
 * It is an `ARRAY(...)` sub-select, so PostgreSQL runs it once (an InitPlan) and `x = ANY(it)`
 * is then an index condition on x: the primary key of brands, the brand btrees of posts,
 * audit events and so on. The caller's own rights and the tenant policy apply throughout: no
 * SECURITY DEFINER function to audit, and no schema change (an invoker-rights SQL function
 * returning the array would be opaque to the planner, and re-run per row when used as a filter).
 *
 * The roots themselves are in the result whether or not they exist (as `x = ANY(roots)` was);
 * only brands of `organization` are walked. `descend` (SQL, boolean) gates the walk, e.g. an
 * `includeSubtree` parameter: when false the result is the roots alone.
 */
export function brandSubtreeIds(organization: string, roots: string, options: { descend?: string } = {}): string {
  const gate = options.descend ? ` AND ${options.descend}` : '';
  // UNION, not UNION ALL: overlapping roots (a grant on a brand and one on its child) walk
  // each brand once, and a corrupt parent_id cycle cannot loop forever.
  return `ARRAY(WITH RECURSIVE brand_subtree(id) AS (
      SELECT unnest(${roots})
      UNION
      SELECT c.id FROM brand_subtree s JOIN brands c ON c.organization_id = ${organization} AND c.parent_id = s.id${gate}
    ) SELECT id FROM brand_subtree)`;
}

/**
 * SQL (boolean): one of the brands `roots` (the caller's grants) lies below `brandColumn`, so
 * what is set on that brand and inherited down (a policy, a moderation rule, a saved reply)
 * shows in the lists of a brand the caller may read. One probe of the brands' primary key per
 * root; `x = ANY(g.ancestor_ids)` then runs on those few rows only.
 */
export function grantBelowSql(organization: string, brandColumn: string, roots: string): string {
  return `EXISTS (SELECT 1 FROM brands g WHERE g.organization_id = ${organization} AND g.id = ANY(${roots}) AND ${brandColumn} = ANY(g.ancestor_ids))`;
}
