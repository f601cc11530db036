import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, listConnection, PageArgs, RequestContext } from '../../libs/core';
import { Ctx } from '../../libs/auth';
import { RoleAssignment, RoleAssignmentConnection, RoleAssignmentsService } from '../access';
import { ApiKey, User } from './identity.types';

// The roles a user or an API key holds: resolved here, in identity, which sits above access,
// so access never imports the principals' types.

@Resolver(() => User)
export class UserAssignmentsResolver {
  constructor(private readonly assignments: RoleAssignmentsService) {}

  @ResolveField(() => [RoleAssignment], { description: 'The roles this user holds, where the caller may see them.', deprecationReason: 'Use roleAssignmentsConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  roleAssignments(@Ctx() ctx: RequestContext, @Parent() user: User): Promise<RoleAssignment[]> {
    return this.assignments.forPrincipal(ctx, user.id);
  }

  @ResolveField(() => RoleAssignmentConnection, {
    description: 'The roles this user holds, where the caller may see them, a page at a time (read for every user of the answer in one statement).',
  })
  async roleAssignmentsConnection(@Ctx() ctx: RequestContext, @Parent() user: User, @Args() page: PageArgs): Promise<Connection<RoleAssignment>> {
    return listConnection(await this.assignments.forPrincipal(ctx, user.id), page, (assignment) => assignment.id);
  }
}

@Resolver(() => ApiKey)
export class ApiKeyAssignmentsResolver {
  constructor(private readonly assignments: RoleAssignmentsService) {}

  @ResolveField(() => [RoleAssignment], { description: 'The roles this key holds, where the caller may see them.', deprecationReason: 'Use roleAssignmentsConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).' })
  roleAssignments(@Ctx() ctx: RequestContext, @Parent() key: ApiKey): Promise<RoleAssignment[]> {
    return this.assignments.forPrincipal(ctx, key.id);
  }

  @ResolveField(() => RoleAssignmentConnection, {
    description: 'The roles this key holds, where the caller may see them, a page at a time (read for every key of the answer in one statement).',
  })
  async roleAssignmentsConnection(@Ctx() ctx: RequestContext, @Parent() key: ApiKey, @Args() page: PageArgs): Promise<Connection<RoleAssignment>> {
    return listConnection(await this.assignments.forPrincipal(ctx, key.id), page, (assignment) => assignment.id);
  }
}
