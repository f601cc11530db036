import { PermissionReach, brandSubtreeIds } from '../../libs/auth';

/**
 * SQL condition: the principal `${alias}` is visible to a caller whose permission reaches
 * `reach` (parameters $org, $orgWide, $self, $roots at the given positions): org-wide reach
 * sees everyone; a brand-scoped one sees the principals holding a role in its subtrees; and
 * everyone sees themselves.
 */
export function principalVisibleSql(alias: string, p: { org: number; orgWide: number; self: number; roots: number }): string {
  return `($${p.orgWide}::boolean OR ${alias}.id = $${p.self}::uuid OR EXISTS (
    SELECT 1 FROM role_assignments va
     WHERE va.organization_id = $${p.org} AND va.principal_id = ${alias}.id
       AND va.brand_id = ANY(${brandSubtreeIds(`$${p.org}`, `$${p.roots}::uuid[]`)})))`;
}

export const reachParams = (reach: PermissionReach) => [reach.orgWide, reach.orgWide ? [] : reach.brandIds] as const;
