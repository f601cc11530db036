import { RequestContext } from '../../libs/core';
import { covers, Permission, AccessService, BrandScope } from '../../libs/auth';

/** What the explanation reads of an assignment. */
export interface ExplainedAssignment {
  id: string;
  role_key: string;
  brand_id: string | null;
  brand_ancestor_ids: string[] | null;
  brand_name: string | null;
}

/**
 * explainPermission's answer in words. It cites as granting only assignments that cover the
 * brand (on it, on an ancestor, or org-wide), and tells the others apart by where they sit
 * (below the brand, beside it, elsewhere), saying plainly when none covers it. A brand the
 * caller cannot read does not exist for them, not even by name: a covering ancestor out of
 * sight stays unnamed, other holdings out of sight unlisted.
 */
export function explanation<Row extends ExplainedAssignment>(
  ctx: RequestContext,
  access: AccessService,
  permission: Permission,
  scope: BrandScope,
  rows: Row[],
  grantedBy: Row[],
  visible: (row: Row) => boolean,
): string {
  const covering = (r: ExplainedAssignment) => covers({ assignmentId: r.id, roleKey: r.role_key, brandId: r.brand_id, permissions: new Set() }, scope);
  const here = (r: ExplainedAssignment) => {
    if (!r.brand_id) return 'org-wide';
    if (!access.canSee(ctx, { id: r.brand_id, ancestorIds: r.brand_ancestor_ids ?? [] })) return 'on an ancestor you cannot see';
    return `on ${r.brand_name}${r.brand_id === scope.id ? '' : ' (an ancestor)'}`;
  };
  const elsewhere = (r: ExplainedAssignment) => {
    const ancestors = r.brand_ancestor_ids ?? [];
    const relation = ancestors.includes(scope.id) ? 'below it' : ancestors.at(-1) === scope.ancestorIds.at(-1) ? 'beside it' : 'in another branch';
    return `${r.role_key} on ${r.brand_name} (${relation})`;
  };
  if (grantedBy.length) return `Allowed: ${grantedBy.map((r) => `${r.role_key} ${here(r)}`).join('; ')} grants ${permission}.`;
  if (!rows.length) return 'Denied: the principal holds no role in this organization.';
  const over = rows.filter(covering);
  const beyond = rows.filter((r) => !covering(r) && visible(r));
  const sentences = [`Denied: no assignment grants ${permission} on this brand or above.`];
  if (over.length) {
    sentences.push(`The principal holds ${over.map((r) => `${r.role_key} ${here(r)}`).join('; ')}, ${over.length > 1 ? 'none of which includes' : 'which does not include'} ${permission}.`);
    if (beyond.length) sentences.push(`Elsewhere, not covering this brand: ${beyond.map(elsewhere).join('; ')}.`);
  } else {
    sentences.push(`None of the principal's assignments covers this brand${beyond.length ? `: it holds ${beyond.map(elsewhere).join('; ')}` : ''}.`);
  }
  return sentences.join(' ');
}
