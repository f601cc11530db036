import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../../libs/core';
import { Ctx } from '../../libs/auth';
import { RoleAssignment, RoleAssignmentsService } from '../access';
import { ApiKey, User } from './identity.types';

// The roles a user or an API key holds: resolved here, in identity, which sits above access,
// so access never imports the principals' types.

@Resolver(() => User)
export class UserAssignmentsResolver {
  constructor(private readonly assignments: RoleAssignmentsService) {}

  @ResolveField(() => [RoleAssignment], { description: 'The roles this user holds, where the caller may see them.' })
  roleAssignments(@Ctx() ctx: RequestContext, @Parent() user: User): Promise<RoleAssignment[]> {
    return this.assignments.forPrincipal(ctx, user.id);
  }
}

@Resolver(() => ApiKey)
export class ApiKeyAssignmentsResolver {
  constructor(private readonly assignments: RoleAssignmentsService) {}

  @ResolveField(() => [RoleAssignment], { description: 'The roles this key holds, where the caller may see them.' })
  roleAssignments(@Ctx() ctx: RequestContext, @Parent() key: ApiKey): Promise<RoleAssignment[]> {
    return this.assignments.forPrincipal(ctx, key.id);
  }
}
