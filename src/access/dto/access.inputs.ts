import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Permission } from '../../../libs/auth';
import { DescriptionField, FilteredPageArgs, IdArgs, IsEntityId, NameField, OptionalBrandIdField, Present, RenameField } from '../../../libs/core';

const ROLE_KEY = /^[A-Z][A-Z0-9_]{1,39}$/;
const ROLE_KEY_MESSAGE = 'must be 2 to 40 upper-case letters, digits or underscores, starting with a letter, like SOCIAL_LEAD';

@InputType({ description: 'A custom role: a key, a name and the permissions it grants.' })
export class CreateRoleInput {
  @Field({ description: "The role's key, 2 to 40 upper-case letters, digits or underscores, starting with a letter (SOCIAL_LEAD); unique (CONFLICT otherwise)." })
  @Matches(ROLE_KEY, { message: `key ${ROLE_KEY_MESSAGE}` })
  key: string;

  @NameField()
  name: string;

  @DescriptionField('What the role is for; at most 2,000 characters.')
  description?: string | null;

  @Field(() => [Permission], { description: 'What the role grants: 1 to 50 permissions, each held org-wide by the caller.' })
  @ArrayMinSize(1, { message: 'permissions must name at least one permission' })
  @ArrayMaxSize(50)
  @IsEnum(Permission, { each: true })
  permissions: Permission[];
}

@InputType({ description: 'Fields left out keep their value; description may be cleared with null.' })
export class UpdateRoleInput {
  @Field({ description: 'The custom role to change (built-in roles cannot be changed).' })
  @Matches(ROLE_KEY, { message: `key ${ROLE_KEY_MESSAGE}` })
  key: string;

  @RenameField()
  name?: string;

  @DescriptionField('What the role is for; at most 2,000 characters; null clears it.')
  description?: string | null;

  @Field(() => [Permission], { nullable: true, description: 'The new permissions (1 to 50), replacing the old; it cannot be cleared.' })
  @Present()
  @ArrayMinSize(1, { message: 'permissions must name at least one permission' })
  @ArrayMaxSize(50)
  @IsEnum(Permission, { each: true })
  permissions?: Permission[];
}

@ArgsType()
export class RoleKeyArgs {
  @Field({ description: "The custom role's key." })
  @Matches(ROLE_KEY, { message: `key ${ROLE_KEY_MESSAGE}` })
  key: string;
}

@InputType({ description: "A role to give a user or API key, on a brand's subtree or org-wide." })
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

@InputType({ description: 'Narrows `roleAssignments`; filters combine with AND.' })
export class RoleAssignmentFilter {
  @Field(() => ID, { nullable: true, description: 'Only the assignments of this user or API key.' })
  @IsOptional()
  @IsEntityId('user or API key')
  principalId?: string | null;

  @OptionalBrandIdField('Assignments on this brand itself (not inherited ones).')
  brandId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only assignments of this role.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  roleKey?: string | null;
}

@ArgsType()
export class RoleAssignmentsArgs extends FilteredPageArgs(RoleAssignmentFilter) {}

@ArgsType()
export class ExplainPermissionArgs {
  @Field(() => ID, { description: 'The user or API key to explain.' })
  @IsEntityId('user or API key')
  principalId: string;

  @Field(() => Permission, { description: 'The permission to explain.' })
  @IsEnum(Permission)
  permission: Permission;

  @Field(() => ID, { description: 'The brand to explain it on.' })
  @IsEntityId('brand')
  brandId: string;
}
