import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, listConnection, PageArgs, RequestContext } from '../../libs/core';
import { Allow, Authenticated, Ctx, Permission, AccessService } from '../../libs/auth';
import { Brand, BrandReader } from '../brands';
import { PermissionExplanation, Role, RoleAssignment, RoleAssignmentConnection, RoleConnection } from './access.types';
import { AssignmentIdArgs, AssignRoleInput, CreateRoleInput, ExplainPermissionArgs, RoleAssignmentsArgs, RoleKeyArgs, UpdateRoleInput } from './dto/access.inputs';
import { RoleAssignmentsService } from './role-assignments.service';
import { RolesService } from './roles.service';

@Resolver(() => Role)
export class RolesResolver {
  constructor(private readonly rolesService: RolesService) {}

  @Authenticated()
  @Query(() => [Role], { description: 'The built-in roles and the organization\'s own, with what they grant. Any authenticated caller.', deprecationReason: 'Use rolesConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  roles(@Ctx() ctx: RequestContext): Promise<Role[]> {
    return this.rolesService.list(ctx);
  }

  @Authenticated()
  @Query(() => RoleConnection, {
    description: 'The built-in roles and the organization\'s own, with what they grant, built-in first, a page at a time. Any authenticated caller.',
  })
  async rolesConnection(@Ctx() ctx: RequestContext, @Args() page: PageArgs): Promise<Connection<Role>> {
    return listConnection(await this.rolesService.list(ctx), page, (role) => role.key);
  }

  @Allow(Permission.ROLE_MANAGE)
  @Mutation(() => Role, { description: 'Defines a custom role: needs role:manage org-wide, and every permission it grants held org-wide.' })
  createRole(@Ctx() ctx: RequestContext, @Args('input', { description: 'The key, name and permissions.' }) input: CreateRoleInput): Promise<Role> {
    return this.rolesService.create(ctx, input);
  }

  @Allow(Permission.ROLE_MANAGE)
  @Mutation(() => Role, { description: 'Changes a custom role; its holders get the new permissions on their next request. Its permissions, before and after, must all be held org-wide by the caller, who must not hold the role. Needs `role:manage`.' })
  updateRole(@Ctx() ctx: RequestContext, @Args('input', { description: 'The role and what changes.' }) input: UpdateRoleInput): Promise<Role> {
    return this.rolesService.update(ctx, input);
  }

  @Allow(Permission.ROLE_MANAGE)
  @Mutation(() => Role, { description: 'Deletes a custom role; CONFLICT while anyone holds it. Same limits as updateRole. Needs `role:manage`.' })
  deleteRole(@Ctx() ctx: RequestContext, @Args() { key }: RoleKeyArgs): Promise<Role> {
    return this.rolesService.delete(ctx, key);
  }
}

@Resolver(() => RoleAssignment)
export class RoleAssignmentsResolver {
  constructor(
    private readonly assignments: RoleAssignmentsService,
    private readonly roles: RolesService,
  ) {}

  @Allow(Permission.MEMBER_MANAGE)
  @Mutation(() => RoleAssignment, {
    description: 'Gives a principal a role on a brand and its subtree, or org-wide (brandId null). You can only grant permissions you hold there, to a principal holding nothing you do not hold where they hold it. Needs `member:manage`.',
  })
  assignRole(@Ctx() ctx: RequestContext, @Args('input', { description: 'Who, which role, on which brand.' }) input: AssignRoleInput): Promise<RoleAssignment> {
    return this.assignments.assign(ctx, input);
  }

  @Allow(Permission.MEMBER_MANAGE)
  @Mutation(() => RoleAssignment, { description: 'Removes an assignment; returns it as it was. The principal must hold nothing you do not hold where they hold it. Needs `member:manage`.' })
  revokeRoleAssignment(@Ctx() ctx: RequestContext, @Args() { id }: AssignmentIdArgs): Promise<RoleAssignment> {
    return this.assignments.revoke(ctx, id);
  }

  @Allow(Permission.MEMBER_READ)
  @Query(() => RoleAssignmentConnection, { description: 'Assignments on the brands where the caller may see members. Needs `member:read`.' })
  roleAssignments(@Ctx() ctx: RequestContext, @Args() args: RoleAssignmentsArgs): Promise<Connection<RoleAssignment>> {
    return this.assignments.list(ctx, args);
  }

  // Not @Allow(MEMBER_READ): anyone may ask about themselves; about another principal, member:read on the brand (the use case).
  @Authenticated()
  @Query(() => PermissionExplanation, {
    description: 'Why a principal can or cannot do something on a brand: the assignments (and the ancestor brands they sit on) that grant it. Any authenticated caller.',
  })
  explainPermission(@Ctx() ctx: RequestContext, @Args() args: ExplainPermissionArgs): Promise<PermissionExplanation> {
    return this.assignments.explain(ctx, args.principalId, args.permission, args.brandId);
  }

  @ResolveField(() => Role, { nullable: true, description: 'Null only if the custom role has been deleted since.' })
  role(@Ctx() ctx: RequestContext, @Parent() assignment: RoleAssignment): Promise<Role | null> {
    return this.roles.find(ctx, assignment.roleKey);
  }
}

/** RoleAssignment.brand: here, above brands, so brands need not know role assignments. */
@Resolver(() => RoleAssignment)
export class RoleAssignmentBrandResolver {
  constructor(private readonly reader: BrandReader) {}

  @ResolveField(() => Brand, { nullable: true, description: 'The brand whose subtree the assignment covers; null when org-wide or out of your sight.' })
  brand(@Ctx() ctx: RequestContext, @Parent() assignment: RoleAssignment): Promise<Brand | null> | null {
    return assignment.brandId ? this.reader.findMaybe(ctx, assignment.brandId) : null;
  }
}

@Resolver(() => Brand)
export class BrandPermissionsResolver {
  constructor(private readonly access: AccessService) {}

  @ResolveField(() => [Permission], { description: 'What the caller may do on this brand, for a UI to show or hide actions.' })
  viewerPermissions(@Ctx() ctx: RequestContext, @Parent() brand: Brand): Permission[] {
    return this.access.permissionsOn(ctx, brand);
  }
}
