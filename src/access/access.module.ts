import { Global, Module } from '@nestjs/common';
import { AccessService } from '../../libs/auth';
import { ApiKeyAssignmentsResolver, BrandPermissionsResolver, RoleAssignmentsResolver, RolesResolver, UserAssignmentsResolver } from './access.resolver';
import { RoleAssignmentsService } from './role-assignments.service';
import { RolesService } from './roles.service';

@Global()
@Module({
  providers: [
    AccessService,
    RolesService,
    RoleAssignmentsService,
    RolesResolver,
    RoleAssignmentsResolver,
    BrandPermissionsResolver,
    UserAssignmentsResolver,
    ApiKeyAssignmentsResolver,
  ],
  exports: [AccessService, RolesService, RoleAssignmentsService],
})
export class AccessModule {}
