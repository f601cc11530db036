// The access feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { ACCESS_EVENTS } from './access.events';
export { RoleAssignment, RoleAssignmentConnection } from './access.types';
export { principalVisibleSql, reachParams } from './principal-visibility';
export { PrincipalType, RoleAssignmentEntity } from './role-assignment.entity';
export { RoleAssignmentsService } from './role-assignments.service';
export { RoleEntity } from './role.entity';
export { RolesService } from './roles.service';
export { AccessModule } from './access.module';
