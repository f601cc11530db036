import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Permission } from '../../../libs/auth';
import { DescriptionField, FilteredPageArgs, IdArgs, IsEntityId, NameField, OptionalBrandIdField, Present, RenameField } from '../../../libs/core';

const ROLE_KEY = /^[A-Z][A-Z0-9_]{1,39}$/;
const ROLE_KEY_MESSAGE = 'must be 2 to 40 upper-case letters, digits or underscores, starting with a letter, like SOCIAL_LEAD';

@InputType()
export class CreateRoleInput {
  @Field()
  @Matches(ROLE_KEY, { message: `key ${ROLE_KEY_MESSAGE}` })
  key: string;

  @NameField()
  name: string;

  @DescriptionField()
  description?: string | null;

  @Field(() => [Permission])
  @ArrayMinSize(1, { message: 'permissions must name at least one permission' })
  @ArrayMaxSize(50)
  @IsEnum(Permission, { each: true })
  permissions: Permission[];
}

@InputType({ description: 'Fields left out keep their value; description may be cleared with null.' })
export class UpdateRoleInput {
  @Field()
  @Matches(ROLE_KEY, { message: `key ${ROLE_KEY_MESSAGE}` })
  key: string;

  @RenameField()
  name?: string;

  @DescriptionField()
  description?: string | null;

  @Field(() => [Permission], { nullable: true })
  @Present()
  @ArrayMinSize(1, { message: 'permissions must name at least one permission' })
  @ArrayMaxSize(50)
  @IsEnum(Permission, { each: true })
  permissions?: Permission[];
}

@ArgsType()
export class RoleKeyArgs {
  @Field()
  @Matches(ROLE_KEY, { message: `key ${ROLE_KEY_MESSAGE}` })
  key: string;
}

@InputType()
export class AssignRoleInput {
  @Field(() => ID, { description: 'A user or an API key of the organization.' })
  @IsEntityId('user or API key')
  principalId: string;

  @Field({ description: 'A built-in role (ORG_ADMIN, ZOOM_AGENT...) or a custom role key.' })
  @IsString()
  @MaxLength(40)
  roleKey: string;

  @OptionalBrandIdField('The brand whose subtree the role covers; null for the whole organization.')
  brandId?: string | null;
}

@ArgsType()
export class AssignmentIdArgs extends IdArgs('role assignment') {}

@InputType()
export class RoleAssignmentFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId('user or API key')
  principalId?: string | null;

  @OptionalBrandIdField('Assignments on this brand itself (not inherited ones).')
  brandId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  roleKey?: string | null;
}

@ArgsType()
export class RoleAssignmentsArgs extends FilteredPageArgs(RoleAssignmentFilter) {}

@ArgsType()
export class ExplainPermissionArgs {
  @Field(() => ID)
  @IsEntityId('user or API key')
  principalId: string;

  @Field(() => Permission)
  @IsEnum(Permission)
  permission: Permission;

  @Field(() => ID)
  @IsEntityId('brand')
  brandId: string;
}
