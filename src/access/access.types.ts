import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { BuiltInRole, Permission } from '../../libs/auth';
import { ConnectionType } from '../../libs/core';
import { PrincipalType } from './role-assignment.entity';

registerEnumType(Permission, {
  name: 'Permission',
  description: 'What a role grants. The enum value names the permission (BRAND_READ is brand:read).',
});
registerEnumType(PrincipalType, { name: 'PrincipalType' });
registerEnumType(BuiltInRole, { name: 'BuiltInRole' });

@ObjectType({ description: 'A named set of permissions: built in, or defined by the organization.' })
export class Role {
  @Field({ description: 'ORG_ADMIN, ZOOM_AGENT... or a custom key.' })
  key: string;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field()
  builtIn: boolean;

  @Field(() => [Permission])
  permissions: Permission[];
}

@ObjectType({ description: 'A principal holds a role on a brand and everything below it, or org-wide.' })
export class RoleAssignment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  principalId: string;

  @Field(() => PrincipalType)
  principalType: PrincipalType;

  @Field()
  roleKey: string;

  @Field(() => ID, { nullable: true, description: 'Null: the assignment covers the whole organization.' })
  brandId: string | null;

  @Field()
  createdAt: Date;

  @Field(() => ID, { nullable: true })
  createdById: string | null;
}

export const RoleAssignmentConnection = ConnectionType(RoleAssignment);
export const RoleConnection = ConnectionType(Role);

@ObjectType({ description: 'Why a principal may or may not do something on a brand.' })
export class PermissionExplanation {
  @Field()
  allowed: boolean;

  @Field(() => Permission)
  permission: Permission;

  @Field(() => ID)
  principalId: string;

  @Field(() => ID)
  brandId: string;

  @Field(() => [RoleAssignment], { description: 'The assignments that grant it, each with the brand (this one or an ancestor) it sits on.' })
  grantedBy: RoleAssignment[];

  @Field({ description: 'In words, for an admin console.' })
  reason: string;
}

@ObjectType()
export class RoleCount {
  @Field(() => Int)
  assignments: number;
}
