import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { FilteredPageArgs, IdArgs, IsEmailAddress, IsEntityId, NameField, OptionalBrandIdField, PageArgs, Present, RenameField } from '../../../libs/core';
import { UserStatus } from '../user.entity';

export const PASSWORD_MIN = 12;

@InputType({ description: 'A role to hold on a brand (or org-wide when brandId is null).' })
export class RoleGrantInput {
  @Field({ description: "The role's key: a built-in one (ORG_ADMIN, BRAND_MANAGER, CONTENT_CREATOR, APPROVER, ANALYST, ZOOM_AGENT, INTEGRATION) or a custom role's; see `roles`." })
  @IsString()
  @MaxLength(40)
  roleKey: string;

  @OptionalBrandIdField('The brand (with its subtree) the role covers; null or left out for the whole organization.')
  brandId?: string | null;
}

@InputType({ description: 'A new user, who can log in at once.' })
export class CreateUserInput {
  @Field({ description: 'The login email, unique in the organization (CONFLICT otherwise); at most 254 characters.' })
  @IsEmailAddress({ message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @NameField('The name people read, 1 to 120 characters, not blank.')
  displayName: string;

  @Field({ description: `At least ${PASSWORD_MIN} characters.` })
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters long` })
  @MaxLength(1024)
  password: string;

  @Field(() => [RoleGrantInput], { nullable: true, description: 'Roles to assign at once, each checked like assignRole.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RoleGrantInput)
  roles?: RoleGrantInput[] | null;
}

@InputType({ description: 'Fields left out keep their value. Changing your own password needs currentPassword.' })
export class UpdateUserInput {
  @Field(() => ID, { description: 'The user to change.' })
  @IsEntityId('user')
  id: string;

  @Field(() => String, { nullable: true, description: 'A new login email, unique in the organization (CONFLICT otherwise); it cannot be cleared.' })
  @Present()
  @IsEmailAddress({ message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @RenameField()
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'A new password, at least 12 characters; it ends every session of the user.' })
  @Present()
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters long` })
  @MaxLength(1024)
  password?: string;

  @Field(() => String, { nullable: true, description: 'Your current password: needed to change your own password (BAD_USER_INPUT on input.currentPassword when wrong or missing).' })
  @Present()
  @IsString()
  @MaxLength(1024)
  currentPassword?: string;
}

@ArgsType()
export class UserIdArgs extends IdArgs('user') {}

@InputType({ description: 'Narrows `users`; filters combine with AND.' })
export class UserFilter {
  @Field(() => UserStatus, { nullable: true, description: 'Only users in this status.' })
  @IsOptional()
  @IsEnum(UserStatus)
  status?: UserStatus | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match on email or display name.' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  search?: string | null;
}

@ArgsType()
export class UsersArgs extends FilteredPageArgs(UserFilter) {}

@InputType({ description: "A new API key holding one role, on a brand's subtree or org-wide." })
export class CreateApiKeyInput {
  @NameField('What the key is for ("CRM sync"), 1 to 120 characters, not blank.')
  name: string;

  @Field({ description: 'The role the key holds, usually INTEGRATION.' })
  @IsString()
  @MaxLength(40)
  roleKey: string;

  @OptionalBrandIdField('The brand whose subtree the key may act on; null for the whole organization.')
  brandId?: string | null;
}

@ArgsType()
export class ApiKeyIdArgs extends IdArgs('API key') {}

@ArgsType()
export class ApiKeysArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Revoked keys are hidden unless true.' })
  @IsOptional()
  includeRevoked?: boolean | null;
}
