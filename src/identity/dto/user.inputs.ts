import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { FilteredPageArgs, IdArgs, IsEmailAddress, IsEntityId, NameField, OptionalBrandIdField, PageArgs, Present, RenameField } from '../../../libs/core';
import { UserStatus } from '../user.entity';

export const PASSWORD_MIN = 12;

@InputType({ description: 'A role to hold on a brand (or org-wide when brandId is null).' })
export class RoleGrantInput {
  @Field()
  @IsString()
  @MaxLength(40)
  roleKey: string;

  @OptionalBrandIdField()
  brandId?: string | null;
}

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmailAddress({ message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @NameField()
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
  @Field(() => ID)
  @IsEntityId('user')
  id: string;

  @Field(() => String, { nullable: true })
  @Present()
  @IsEmailAddress({ message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @RenameField()
  displayName?: string;

  @Field(() => String, { nullable: true })
  @Present()
  @IsString()
  @MinLength(PASSWORD_MIN, { message: `password must be at least ${PASSWORD_MIN} characters long` })
  @MaxLength(1024)
  password?: string;

  @Field(() => String, { nullable: true })
  @Present()
  @IsString()
  @MaxLength(1024)
  currentPassword?: string;
}

@ArgsType()
export class UserIdArgs extends IdArgs('user') {}

@InputType()
export class UserFilter {
  @Field(() => UserStatus, { nullable: true })
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

@InputType()
export class CreateApiKeyInput {
  @NameField()
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
