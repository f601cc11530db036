import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IdArgs, IsEntityId, IsWebUrl, NameField, PageArgs, RenameField, SocialNetwork } from '../../../libs/core';
import { SocialProfileStatus } from '../social-profile.entity';

const stripAt = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/^@/, '') : value);
const HANDLE = /^[A-Za-z0-9._\-/]+$/;
const HANDLE_MESSAGE = 'handle must be letters, digits, dots, dashes, underscores or slashes, without spaces';

@InputType()
export class CreateSocialProfileInput {
  @Field(() => ID)
  @IsEntityId('brand')
  brandId: string;

  @Field(() => SocialNetwork)
  @IsEnum(SocialNetwork)
  network: SocialNetwork;

  @Field({ description: 'Unique per network within the organization (case-insensitive); a leading @ is dropped.' })
  @Transform(stripAt)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(HANDLE, { message: HANDLE_MESSAGE })
  handle: string;

  @NameField()
  displayName: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsWebUrl()
  url?: string | null;
}

@InputType({ description: 'Fields left out keep their value; url may be cleared with null.' })
export class UpdateSocialProfileInput {
  @Field(() => ID)
  @IsEntityId('social profile')
  id: string;

  @Field(() => String, { nullable: true })
  @ValidateIf((_o, v) => v !== undefined)
  @Transform(stripAt)
  @IsString({ message: 'handle must be a string (it cannot be cleared)' })
  @MinLength(1)
  @MaxLength(100)
  @Matches(HANDLE, { message: HANDLE_MESSAGE })
  handle?: string;

  @RenameField()
  displayName?: string;

  @Field(() => String, { nullable: true })
  @ValidateIf((_o, v) => v !== undefined && v !== null)
  @IsWebUrl()
  url?: string | null;
}

@ArgsType()
export class SocialProfileIdArgs extends IdArgs('social profile') {}

@ArgsType()
export class BrandProfilesArgs extends PageArgs {
  @Field(() => SocialProfileStatus, { nullable: true, description: 'Only profiles in this status; archived ones are hidden unless asked for.' })
  @IsOptional()
  @IsEnum(SocialProfileStatus)
  status?: SocialProfileStatus | null;

  @Field(() => SocialNetwork, { nullable: true })
  @IsOptional()
  @IsEnum(SocialNetwork)
  network?: SocialNetwork | null;
}
