import { Global, Module } from '@nestjs/common';
import { AccessService } from '../../libs/auth';
import { BrandsModule } from '../brands';
import { BrandPermissionsResolver, RoleAssignmentBrandResolver, RoleAssignmentsResolver, RolesResolver } from './access.resolver';
import { RoleAssignmentsService } from './role-assignments.service';
import { RolesService } from './roles.service';

@Global()
@Module({
  imports: [BrandsModule],
  providers: [
    AccessService,
    RolesService,
    RoleAssignmentsService,
    RolesResolver,
    RoleAssignmentsResolver,
    BrandPermissionsResolver,
    RoleAssignmentBrandResolver,
  ],
  exports: [AccessService, RolesService, RoleAssignmentsService],
})
export class AccessModule {}
