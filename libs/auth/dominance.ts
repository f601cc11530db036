import { ForbiddenError } from '../core';
import { BrandScope, Grant, holds } from './grants';
import { ALL_PERMISSIONS, Permission } from './permissions';

/**
 * Permission dominance: nobody hands out, defines or takes over more than they hold.
 *
 * - A role handed out on a scope (assignRole, createUser's roles, createApiKey) must hold
 *   only permissions the actor holds on that scope.
 * - A custom role may be defined or edited (before and after) only with permissions the
 *   actor holds org-wide, and never by someone who holds it: otherwise role:manage would be
 *   every permission (edit your own role, then use it).
 * - A principal may be changed (password, email, status, roles, API key revoked) only by an
 *   actor who holds, on the scope of each of the target's grants, every permission of that
 *   grant: otherwise member:manage would take over an admin.
 *
 * Every mutation that acts on a role or on another principal goes through these checks, so
 * the rule lives here once. They are pure: the callers load the grants (the actor's come with
 * the request's principal; the target's with their brands' ancestors).
 */

/** One grant of a principal acted on: a role's permissions, and where they hold. */
export interface HeldGrant {
  roleKey: string;
  permissions: ReadonlySet<string>;
  /** The brand (with its ancestors) the grant sits on; null for org-wide. */
  scope: BrandScope | null;
}

/** `extensions.reason` of the refusals, for a client to tell them apart. */
export enum DominanceRefusal {
  /** The role would hold a permission the actor does not hold there. */
  PERMISSION_NOT_HELD = 'PERMISSION_NOT_HELD',
  /** The actor holds the role they try to change. */
  OWN_ROLE = 'OWN_ROLE',
  /** The principal acted on holds somewhere a permission the actor does not hold there. */
  PRINCIPAL_OUTRANKS_ACTOR = 'PRINCIPAL_OUTRANKS_ACTOR',
}

/** The permissions among `wanted` the actor does not hold on `scope` (org-wide for null), in the enum's order. */
export function unheldPermissions(actor: readonly Grant[], wanted: Iterable<string>, scope: BrandScope | null): Permission[] {
  const asked = new Set(wanted);
  return ALL_PERMISSIONS.filter((p) => asked.has(p) && !holds(actor, p, scope));
}

/** The target's grants the actor does not dominate (some permission of it not held by the actor on its scope). */
export function undominatedGrants(actor: readonly Grant[], target: readonly HeldGrant[]): HeldGrant[] {
  return target.filter((grant) => unheldPermissions(actor, grant.permissions, grant.scope).length > 0);
}

export function dominates(actor: readonly Grant[], target: readonly HeldGrant[]): boolean {
  return undominatedGrants(actor, target).length === 0;
}

/** Refuses handing out a role on `scope` unless the actor holds every permission of it there. */
export function assertCanGrant(actor: readonly Grant[], permissions: Iterable<string>, scope: BrandScope | null): void {
  const missing = unheldPermissions(actor, permissions, scope);
  if (missing.length) {
    throw new ForbiddenError(`You cannot grant permissions you do not hold here: ${missing.join(', ')}`, { reason: DominanceRefusal.PERMISSION_NOT_HELD, missing });
  }
}

/**
 * Refuses defining, editing or deleting the custom role `roleKey` unless the actor holds
 * org-wide every permission it has (`permissions`: before and after the change) and does not
 * hold the role themselves.
 */
export function assertCanDefineRole(actor: readonly Grant[], roleKey: string, permissions: Iterable<string>): void {
  if (actor.some((g) => g.roleKey === roleKey)) {
    throw new ForbiddenError('You cannot change or delete a role you hold yourself', { reason: DominanceRefusal.OWN_ROLE });
  }
  const missing = unheldPermissions(actor, permissions, null);
  if (missing.length) {
    throw new ForbiddenError(`A role can only hold permissions you hold for the whole organization; you lack ${missing.join(', ')}`, {
      reason: DominanceRefusal.PERMISSION_NOT_HELD,
      missing,
    });
  }
}

/**
 * Refuses changing a principal who holds, anywhere, a permission the actor does not hold
 * there. The permissions lacking are named only when the actor may see every assignment
 * concerned (member:read where it sits): a refusal must not reveal roles out of their sight.
 */
export function assertOutranks(actor: readonly Grant[], target: readonly HeldGrant[]): void {
  const undominated = undominatedGrants(actor, target);
  if (!undominated.length) return;
  const seen = undominated.every((g) => holds(actor, Permission.MEMBER_READ, g.scope));
  const lacking = new Set(undominated.flatMap((g) => unheldPermissions(actor, g.permissions, g.scope)));
  const missing = seen ? ALL_PERMISSIONS.filter((p) => lacking.has(p)) : undefined;
  throw new ForbiddenError(
    'This principal holds permissions you do not hold where they hold them: only someone who holds them all there may change their password, email, status, roles or API keys',
    { reason: DominanceRefusal.PRINCIPAL_OUTRANKS_ACTOR, ...(missing ? { missing } : {}) },
  );
}
