import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError, RequestContext } from '../core';
import { BrandScope, holds, permissionsOn, PermissionReach, reach } from './grants';
import { BuiltInRole, Permission } from './permissions';

/**
 * Decides what the caller may do, from the grants loaded with the principal (one statement
 * per request, made when the token is verified) and the ancestor ids of the brand at hand
 * (loaded with the brand itself). So a check costs no statement of its own.
 *
 * Pure logic over the grants, so it lives with them here and every feature can inject it
 * without importing the access feature (provided by AccessModule, which is global).
 *
 * Deny by default: a brand the caller cannot read does not exist for them (NOT_FOUND); one
 * they can read but not act on is FORBIDDEN.
 */
@Injectable()
export class AccessService {
  /** Whether the caller holds `permission` on the brand (or org-wide for null). */
  can(ctx: RequestContext, permission: Permission, scope: BrandScope | null): boolean {
    return holds(ctx.requirePrincipal.grants, permission, scope);
  }

  canSee(ctx: RequestContext, scope: BrandScope): boolean {
    return this.can(ctx, Permission.BRAND_READ, scope);
  }

  /**
   * Throws NOT_FOUND when the caller cannot see the brand, FORBIDDEN when they see it but
   * lack `permission`. With a null scope the permission must be held org-wide.
   */
  assert(ctx: RequestContext, permission: Permission, scope: BrandScope | null, entity = 'Brand', field?: string): void {
    if (scope && !this.canSee(ctx, scope)) throw new NotFoundError(entity, scope.id, field);
    if (!this.can(ctx, permission, scope)) {
      throw new ForbiddenError(
        scope ? `Permission ${permission} is required on this brand` : `Permission ${permission} is required for the whole organization`,
        { permission },
      );
    }
  }

  /** Where the caller holds a permission: everywhere, or on these brands and their subtrees. */
  reach(ctx: RequestContext, permission: Permission): PermissionReach {
    return reach(ctx.requirePrincipal.grants, permission);
  }

  permissionsOn(ctx: RequestContext, scope: BrandScope | null): Permission[] {
    return permissionsOn(ctx.requirePrincipal.grants, scope);
  }

  isOrgAdmin(ctx: RequestContext): boolean {
    return ctx.requirePrincipal.grants.some((g) => g.brandId === null && g.roleKey === BuiltInRole.ORG_ADMIN);
  }
}
