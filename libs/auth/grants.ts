import { Grant } from '../core';
import { BUILT_IN_ROLES, isBuiltInRole, Permission } from './permissions';

export type { Grant };

/** Where a permission is asked for: a brand (with its ancestors, root first), or the organization. */
export interface BrandScope {
  id: string;
  ancestorIds: readonly string[];
}

/** Where a permission holds: everywhere, or on these brands and their subtrees. */
export type PermissionReach = { orgWide: true } | { orgWide: false; brandIds: string[] };

/** The permissions of a role key: built-in from code, custom from the stored list. */
export function rolePermissions(roleKey: string, customPermissions: readonly string[] | null): ReadonlySet<Permission> {
  if (isBuiltInRole(roleKey)) return new Set(BUILT_IN_ROLES[roleKey].permissions);
  const known = new Set<string>(Object.values(Permission));
  return new Set((customPermissions ?? []).filter((p): p is Permission => known.has(p)));
}

/** An assignment on a brand covers that brand and everything below it; org-wide covers all. */
export function covers(grant: Grant, scope: BrandScope | null): boolean {
  if (grant.brandId === null) return true;
  if (scope === null) return false;
  return grant.brandId === scope.id || scope.ancestorIds.includes(grant.brandId);
}

export function grantsOf(grants: readonly Grant[], permission: Permission, scope: BrandScope | null): Grant[] {
  return grants.filter((g) => g.permissions.has(permission) && covers(g, scope));
}

export function holds(grants: readonly Grant[], permission: Permission, scope: BrandScope | null): boolean {
  return grants.some((g) => g.permissions.has(permission) && covers(g, scope));
}

/** Every permission the grants give on a brand (or org-wide), in the enum's order. */
export function permissionsOn(grants: readonly Grant[], scope: BrandScope | null): Permission[] {
  const held = new Set<Permission>();
  for (const grant of grants) if (covers(grant, scope)) grant.permissions.forEach((p) => held.add(p as Permission));
  return Object.values(Permission).filter((p) => held.has(p));
}

export function reach(grants: readonly Grant[], permission: Permission): PermissionReach {
  const relevant = grants.filter((g) => g.permissions.has(permission));
  if (relevant.some((g) => g.brandId === null)) return { orgWide: true };
  return { orgWide: false, brandIds: [...new Set(relevant.map((g) => g.brandId!))] };
}
