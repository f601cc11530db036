import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IdArgs, IsEntityId, IsWebUrl, NameField, PageArgs, RenameField, SocialNetwork } from '../../../libs/core';
import { SocialProfileStatus } from '../social-profile.entity';

const stripAt = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().replace(/^@/, '') : value);
const HANDLE = /^[A-Za-z0-9._\-/]+$/;
const HANDLE_MESSAGE = 'handle must be letters, digits, dots, dashes, underscores or slashes, without spaces';

@InputType({ description: 'A new profile of a brand, created in DRAFT.' })
export class CreateSocialProfileInput {
  @Field(() => ID, { description: 'The brand the page belongs to; it must not be archived (BAD_USER_INPUT).' })
  @IsEntityId('brand')
  brandId: string;

  @Field(() => SocialNetwork, { description: 'The network the page is on.' })
  @IsEnum(SocialNetwork)
  network: SocialNetwork;

  @Field({ description: 'Unique per network within the organization (case-insensitive); a leading @ is dropped.' })
  @Transform(stripAt)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(HANDLE, { message: HANDLE_MESSAGE })
  handle: string;

  @NameField('The name the page shows, 1 to 120 characters, not blank.')
  displayName: string;

  @Field(() => String, { nullable: true, description: "The page's http(s) URL, at most 2,048 characters." })
  @IsOptional()
  @IsWebUrl()
  url?: string | null;
}

@InputType({ description: 'Fields left out keep their value; url may be cleared with null.' })
export class UpdateSocialProfileInput {
  @Field(() => ID, { description: 'The profile to change.' })
  @IsEntityId('social profile')
  id: string;

  @Field(() => String, { nullable: true, description: 'A new handle, unique per network within the organization (CONFLICT otherwise); a leading @ is dropped; it cannot be cleared.' })
  @ValidateIf((_o, v) => v !== undefined)
  @Transform(stripAt)
  @IsString({ message: 'handle must be a string (it cannot be cleared)' })
  @MinLength(1)
  @MaxLength(100)
  @Matches(HANDLE, { message: HANDLE_MESSAGE })
  handle?: string;

  @RenameField()
  displayName?: string;

  @Field(() => String, { nullable: true, description: 'A new http(s) URL; null clears it.' })
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

  @Field(() => SocialNetwork, { nullable: true, description: 'Only profiles on this network.' })
  @IsOptional()
  @IsEnum(SocialNetwork)
  network?: SocialNetwork | null;
}
