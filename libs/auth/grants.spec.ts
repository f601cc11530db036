import { covers, Grant, grantsOf, holds, permissionsOn, reach, rolePermissions } from './grants';
import { BuiltInRole, Permission } from './permissions';

const MARS = { id: 'mars', ancestorIds: [] };
const SNICKERS = { id: 'snickers', ancestorIds: ['mars'] };
const SNICKERS_ICE = { id: 'snickers-ice', ancestorIds: ['mars', 'snickers'] };
const DOVE = { id: 'dove', ancestorIds: ['mars'] };

const grant = (roleKey: string, brandId: string | null, id = `${roleKey}@${brandId}`): Grant => ({
  assignmentId: id,
  roleKey,
  brandId,
  permissions: rolePermissions(roleKey, null),
});

describe('grants', () => {
  const agentOnSnickers = [grant(BuiltInRole.ZOOM_AGENT, 'snickers')];

  it.each([
    ['the assigned brand', SNICKERS, true],
    ['a descendant', SNICKERS_ICE, true],
    ['a sibling', DOVE, false],
    ['the parent', MARS, false],
    ['the organization', null, false],
  ])('a brand assignment covers %s: %s', (_label, scope, expected) => {
    expect(covers(agentOnSnickers[0], scope)).toBe(expected);
  });

  it('an org-wide assignment covers every brand and the organization', () => {
    const admin = grant(BuiltInRole.ORG_ADMIN, null);
    for (const scope of [MARS, SNICKERS, SNICKERS_ICE, DOVE, null]) expect(covers(admin, scope)).toBe(true);
  });

  it('the zoom agent drafts and manages profiles but never approves, sets policies or roles', () => {
    expect(holds(agentOnSnickers, Permission.POST_CREATE, SNICKERS_ICE)).toBe(true);
    expect(holds(agentOnSnickers, Permission.PROFILE_MANAGE, SNICKERS)).toBe(true);
    for (const p of [Permission.POST_APPROVE, Permission.POLICY_MANAGE, Permission.ROLE_MANAGE, Permission.MEMBER_MANAGE, Permission.BRAND_MANAGE]) {
      expect(holds(agentOnSnickers, p, SNICKERS)).toBe(false);
    }
  });

  it('names the assignments that grant a permission, inherited ones included', () => {
    const grants = [grant(BuiltInRole.APPROVER, 'mars', 'a1'), grant(BuiltInRole.ZOOM_AGENT, 'snickers', 'a2'), grant(BuiltInRole.APPROVER, 'dove', 'a3')];
    expect(grantsOf(grants, Permission.POST_APPROVE, SNICKERS_ICE).map((g) => g.assignmentId)).toEqual(['a1']);
    expect(grantsOf(grants, Permission.BRAND_READ, SNICKERS).map((g) => g.assignmentId)).toEqual(['a1', 'a2']);
  });

  it('lists the permissions held on a brand in a stable order', () => {
    expect(permissionsOn(agentOnSnickers, SNICKERS)).toEqual([
      Permission.BRAND_READ, Permission.PROFILE_MANAGE, Permission.POST_CREATE, Permission.POST_SCHEDULE, Permission.INBOX_RESPOND, Permission.MEMBER_READ,
    ]);
    expect(permissionsOn(agentOnSnickers, DOVE)).toEqual([]);
  });

  it('tells where a permission reaches', () => {
    expect(reach(agentOnSnickers, Permission.BRAND_READ)).toEqual({ orgWide: false, brandIds: ['snickers'] });
    expect(reach([...agentOnSnickers, grant(BuiltInRole.ANALYST, null)], Permission.BRAND_READ)).toEqual({ orgWide: true });
    expect(reach(agentOnSnickers, Permission.POST_APPROVE)).toEqual({ orgWide: false, brandIds: [] });
  });

  it('custom roles keep only known permissions', () => {
    expect([...rolePermissions('SOCIAL_LEAD', ['brand:read', 'post:approve', 'made:up'])]).toEqual([Permission.BRAND_READ, Permission.POST_APPROVE]);
  });
});
