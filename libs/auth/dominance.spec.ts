import { ParasolError } from '../core';
import { assertCanDefineRole, assertCanGrant, assertOutranks, DominanceRefusal, dominates, HeldGrant, unheldPermissions } from './dominance';
import { BrandScope, Grant, rolePermissions } from './grants';
import { BuiltInRole, Permission } from './permissions';

const MARS: BrandScope = { id: 'mars', ancestorIds: [] };
const SNICKERS = { id: 'snickers', ancestorIds: ['mars'] };
const SNICKERS_ICE = { id: 'snickers-ice', ancestorIds: ['mars', 'snickers'] };
const DOVE = { id: 'dove', ancestorIds: ['mars'] };
type Scope = BrandScope | null;

const P = Permission;
const grant = (roleKey: string, scope: Scope, custom: string[] | null = null): Grant => ({
  assignmentId: `${roleKey}@${scope?.id ?? 'org'}`,
  roleKey,
  brandId: scope?.id ?? null,
  permissions: rolePermissions(roleKey, custom),
});
const held = (roleKey: string, scope: Scope, custom: string[] | null = null): HeldGrant => ({ roleKey, scope, permissions: rolePermissions(roleKey, custom) });

/** The refusal a call throws: its reason and extensions, or null when it passes. */
function refusal(call: () => void): Record<string, unknown> | null {
  try {
    call();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ParasolError);
    expect((error as ParasolError).code).toBe('FORBIDDEN');
    return (error as ParasolError).extensions;
  }
}

const admin = [grant(BuiltInRole.ORG_ADMIN, null)];
const snickersManager = [grant(BuiltInRole.BRAND_MANAGER, SNICKERS)];
const roleManager = [grant('ROLE_ADMIN', null, [P.ROLE_MANAGE])];
const memberManager = [grant('PEOPLE', null, [P.MEMBER_MANAGE, P.MEMBER_READ])];

describe('permission dominance', () => {
  it('names the permissions not held on a scope, in the enum order', () => {
    expect(unheldPermissions(snickersManager, [P.ROLE_MANAGE, P.BRAND_READ, P.INTEGRATION_MANAGE], SNICKERS_ICE)).toEqual([P.ROLE_MANAGE, P.INTEGRATION_MANAGE]);
    expect(unheldPermissions(snickersManager, [P.BRAND_READ], DOVE)).toEqual([P.BRAND_READ]);
    expect(unheldPermissions(snickersManager, [P.BRAND_READ], null)).toEqual([P.BRAND_READ]);
    expect(unheldPermissions(admin, Object.values(P), null)).toEqual([]);
  });

  it.each<[string, Grant[], HeldGrant[], boolean]>([
    ['an org admin dominates another org admin', admin, [held(BuiltInRole.ORG_ADMIN, null)], true],
    ['anyone dominates a principal with no grant', roleManager, [], true],
    ['a manager dominates an agent in their subtree', snickersManager, [held(BuiltInRole.ZOOM_AGENT, SNICKERS_ICE)], true],
    ['a manager does not dominate an agent beside their subtree', snickersManager, [held(BuiltInRole.ZOOM_AGENT, DOVE)], false],
    ['a manager does not dominate an agent above their subtree', snickersManager, [held(BuiltInRole.ZOOM_AGENT, MARS)], false],
    ['a manager does not dominate someone who also holds a role elsewhere', snickersManager, [held(BuiltInRole.ZOOM_AGENT, SNICKERS), held(BuiltInRole.ANALYST, DOVE)], false],
    ['a manager does not dominate an org-wide analyst', snickersManager, [held(BuiltInRole.ANALYST, null)], false],
    ['a manager does not dominate an integrator on their brand (integration:manage)', snickersManager, [held(BuiltInRole.INTEGRATION, SNICKERS)], false],
    ['a member manager does not dominate an org admin', memberManager, [held(BuiltInRole.ORG_ADMIN, null)], false],
    ['a member manager dominates a peer member manager', memberManager, [held('PEOPLE', null, [P.MEMBER_MANAGE, P.MEMBER_READ])], true],
    ['a role manager does not dominate a content creator', roleManager, [held(BuiltInRole.CONTENT_CREATOR, SNICKERS)], false],
  ])('%s: %s', (_label, actor, target, expected) => {
    expect(dominates(actor, target)).toBe(expected);
    expect(refusal(() => assertOutranks(actor, target)) === null).toBe(expected);
  });

  it('names what the actor lacks only when they may see every assignment concerned', () => {
    expect(refusal(() => assertOutranks(memberManager, [held(BuiltInRole.ANALYST, DOVE)]))).toEqual({
      reason: DominanceRefusal.PRINCIPAL_OUTRANKS_ACTOR,
      missing: [P.BRAND_READ, P.AUDIT_READ],
    });
    // The Snickers manager cannot see assignments on Dove: nothing about them is told.
    expect(refusal(() => assertOutranks(snickersManager, [held(BuiltInRole.ANALYST, DOVE)]))).toEqual({ reason: DominanceRefusal.PRINCIPAL_OUTRANKS_ACTOR });
  });

  it('hands out a role only where the actor holds all of it', () => {
    expect(refusal(() => assertCanGrant(snickersManager, rolePermissions(BuiltInRole.ZOOM_AGENT, null), SNICKERS_ICE))).toBeNull();
    expect(refusal(() => assertCanGrant(snickersManager, rolePermissions(BuiltInRole.ZOOM_AGENT, null), null))).toMatchObject({ reason: DominanceRefusal.PERMISSION_NOT_HELD });
    expect(refusal(() => assertCanGrant(snickersManager, rolePermissions(BuiltInRole.ORG_ADMIN, null), SNICKERS))).toEqual({
      reason: DominanceRefusal.PERMISSION_NOT_HELD,
      missing: [P.ROLE_MANAGE, P.INTEGRATION_MANAGE],
    });
  });

  it('defines a role only with permissions held org-wide, and never one the actor holds', () => {
    expect(refusal(() => assertCanDefineRole(admin, 'SOCIAL_LEAD', [P.POST_APPROVE]))).toBeNull();
    expect(refusal(() => assertCanDefineRole(roleManager, 'SOCIAL_LEAD', [P.ROLE_MANAGE]))).toBeNull();
    expect(refusal(() => assertCanDefineRole(roleManager, 'SOCIAL_LEAD', [P.POST_APPROVE]))).toEqual({ reason: DominanceRefusal.PERMISSION_NOT_HELD, missing: [P.POST_APPROVE] });
    // Finding 1: role:manage editing its own role into everything.
    expect(refusal(() => assertCanDefineRole(roleManager, 'ROLE_ADMIN', [P.ROLE_MANAGE]))).toEqual({ reason: DominanceRefusal.OWN_ROLE });
    expect(refusal(() => assertCanDefineRole([grant('LEAD', SNICKERS, [P.BRAND_READ]), ...admin], 'LEAD', [P.BRAND_READ]))).toEqual({ reason: DominanceRefusal.OWN_ROLE });
    // Held on a brand is not enough: a role can be assigned anywhere.
    expect(refusal(() => assertCanDefineRole([...roleManager, ...snickersManager], 'X', [P.BRAND_READ]))).toMatchObject({ missing: [P.BRAND_READ] });
  });
});
