import { Injectable } from '@nestjs/common';
import { ForbiddenError, RequestContext } from '../../libs/core';
import { Permission, READ_PERMISSIONS } from '../../libs/auth';

/**
 * Decides whether the caller holds a permission. This release knows two kinds of members:
 * every principal of the organization reads; organization admins also write. Brand-scoped
 * roles replace this rule without changing its callers.
 */
@Injectable()
export class AccessService {
  can(ctx: RequestContext, permission: Permission): boolean {
    const principal = ctx.requirePrincipal;
    return READ_PERMISSIONS.has(permission) || principal.isOrgAdmin;
  }

  /** Throws FORBIDDEN unless the caller holds `permission`. */
  assert(ctx: RequestContext, permission: Permission): void {
    if (!this.can(ctx, permission)) {
      throw new ForbiddenError(`Permission ${permission} is required`, { permission });
    }
  }
}
