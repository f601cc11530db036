import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { FilteredPageArgs, IdArgs, IsEntityId, IsWebUrl, NameField, PageArgs, Present, PresentOrNull, RenameField, SLUG_MAX_LENGTH, SLUG_PATTERN } from '../../../libs/core';

const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

@InputType({ description: 'Any field left out keeps its value; null clears it.' })
export class BrandingInput {
  @Field(() => String, { nullable: true, description: "The logo's http(s) URL, at most 2,048 characters." })
  @PresentOrNull()
  @IsWebUrl()
  logoUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Hex colour, #RRGGBB.' })
  @PresentOrNull()
  @Matches(HEX_COLOUR, { message: 'primaryColor must be a hex colour like #1A2B3C' })
  primaryColor?: string | null;

  @Field(() => String, { nullable: true, description: 'Hex colour, #RRGGBB.' })
  @PresentOrNull()
  @Matches(HEX_COLOUR, { message: 'secondaryColor must be a hex colour like #1A2B3C' })
  secondaryColor?: string | null;

  @Field(() => String, { nullable: true, description: 'Tone of voice for everyone who writes for the brand; at most 5,000 characters.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(5000)
  voiceGuidelines?: string | null;
}

@InputType({ description: 'Any field left out keeps its value; null clears it.' })
export class AudienceInput {
  @Field(() => String, { nullable: true, description: 'Who the brand talks to; at most 5,000 characters.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'What troubles the audience: at most 50, each at most 500 characters.' })
  @PresentOrNull()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  painPoints?: string[] | null;

  @Field(() => String, { nullable: true, description: 'How the brand sets itself apart; at most 5,000 characters.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(5000)
  positioning?: string | null;

  @Field(() => [String], { nullable: true, description: 'Competing brands: at most 50 names, each at most 200 characters.' })
  @PresentOrNull()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  competitors?: string[] | null;
}

/** What a brand says about itself; shared by every input that writes a brand. */
@InputType({ isAbstract: true })
export class BrandDetailsInput {
  @Field(() => String, { nullable: true, description: 'What the brand is; at most 5,000 characters.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => BrandingInput, { nullable: true, description: 'Logo, colours and voice.' })
  @PresentOrNull()
  @ValidateNested()
  @Type(() => BrandingInput)
  branding?: BrandingInput | null;

  @Field(() => AudienceInput, { nullable: true, description: 'Who the brand talks to.' })
  @PresentOrNull()
  @ValidateNested()
  @Type(() => AudienceInput)
  audience?: AudienceInput | null;

  @Field(() => [String], { nullable: true, description: "The brand's goals: at most 50, each at most 500 characters." })
  @PresentOrNull()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  goals?: string[] | null;
}

@InputType({ description: 'A new brand: a root (umbrella) brand, or a brand under a parent.' })
export class CreateBrandInput extends BrandDetailsInput {
  @NameField()
  name: string;

  @Field(() => String, { nullable: true, description: 'Lower-case letters, digits and dashes; derived from the name when left out.' })
  @PresentOrNull()
  @MaxLength(SLUG_MAX_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters, digits and single dashes, like "snickers-ice-cream"' })
  slug?: string | null;

  @Field(() => ID, { nullable: true, description: 'Parent brand; left out for a root (umbrella) brand.' })
  @PresentOrNull()
  @IsEntityId('brand')
  parentId?: string | null;
}

@InputType({ description: 'Fields left out keep their value.' })
export class UpdateBrandInput extends BrandDetailsInput {
  @Field(() => ID, { description: 'The brand to change.' })
  @IsEntityId('brand')
  id: string;

  @RenameField()
  name?: string;

  @Field(() => String, { nullable: true, description: "A new slug (lower-case letters, digits and single dashes, at most 64 characters); it cannot be cleared. The subtree's `path` follows." })
  @Present()
  @IsString({ message: 'slug must be a string (it cannot be cleared)' })
  @MaxLength(SLUG_MAX_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters, digits and single dashes, like "snickers-ice-cream"' })
  slug?: string;
}

@ArgsType()
export class BrandIdArgs extends IdArgs('brand') {}

@ArgsType()
export class MoveBrandArgs extends BrandIdArgs {
  @Field(() => ID, { nullable: true, description: 'The new parent; null makes the brand a root.' })
  @PresentOrNull()
  @IsEntityId('brand')
  newParentId?: string | null;
}

@InputType({ description: 'Narrows `brands`; filters combine with AND.' })
export class BrandFilter {
  @Field(() => ID, { nullable: true, description: 'Only the children of this brand.' })
  @PresentOrNull()
  @IsEntityId('brand')
  parentId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only root (umbrella) brands.' })
  @PresentOrNull()
  @IsBoolean()
  rootsOnly?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive match on name or slug.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(120)
  search?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Archived brands are hidden unless true.' })
  @PresentOrNull()
  @IsBoolean()
  includeArchived?: boolean | null;
}

@ArgsType()
export class BrandsArgs extends FilteredPageArgs(BrandFilter) {}

@ArgsType()
export class ChildrenArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Archived brands are listed too when true.' })
  @PresentOrNull()
  @IsBoolean()
  includeArchived?: boolean | null;
}

@ArgsType()
export class DescendantsArgs extends ChildrenArgs {
  @Field(() => Int, { nullable: true, description: 'Levels below this brand to include; all when left out.' })
  @PresentOrNull()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxDepth?: number | null;
}
