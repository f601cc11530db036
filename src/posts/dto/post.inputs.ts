import { ArgsType, Field, ID, InputType, Int, IntersectionType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength,
  ValidateNested,
} from 'class-validator';
import { DescriptionField, FilteredPageArgs, IdArgs, IsEntityId, IsWebUrl, OptionalBrandIdField, OptionalDateField, PageArgs, Present, PresentOrNull } from '../../../libs/core';
import { PostFormat, PostTag, SourceCheck } from '../../../libs/policy-engine';
import { PostStatus } from '../post.entities';

@InputType()
export class PostSourceInput {
  @Field()
  @IsWebUrl()
  url: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  author?: string | null;

  @Field(() => [SourceCheck], { nullable: true, description: 'The verification checks completed.' })
  @IsOptional()
  @IsEnum(SourceCheck, { each: true })
  completedChecks?: SourceCheck[] | null;
}

@InputType()
export class InternalTestInput {
  @Field()
  @IsBoolean()
  passed: boolean;

  @DescriptionField()
  notes?: string | null;
}

@InputType()
export class CreatePostInput {
  @Field(() => ID)
  @IsEntityId('brand')
  brandId: string;

  @Field(() => [ID], { description: "One or more of the brand's own social profiles." })
  @ArrayMinSize(1, { message: 'profileIds must name at least one profile' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEntityId('social profile', { each: true })
  profileIds: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  @Field(() => PostFormat)
  @IsEnum(PostFormat)
  format: PostFormat;

  @Field(() => Int, { nullable: true, description: 'Required for VIDEO and INTERVIEW.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  durationSeconds?: number | null;

  @Field(() => [PostTag], { nullable: true })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(PostTag, { each: true })
  tags?: PostTag[] | null;

  @Field(() => PostSourceInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostSourceInput)
  source?: PostSourceInput | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string | null;

  @Field(() => InternalTestInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => InternalTestInput)
  internalTest?: InternalTestInput | null;
}

@InputType({ description: 'Fields left out keep their value; null clears the optional ones. Every edit is a new revision and voids any approval.' })
export class UpdatePostInput {
  @Field(() => ID)
  @IsEntityId('post')
  id: string;

  @Field(() => [ID], { nullable: true })
  @Present()
  @ArrayMinSize(1, { message: 'profileIds must name at least one profile' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEntityId('social profile', { each: true })
  profileIds?: string[];

  @Field(() => String, { nullable: true })
  @PresentOrNull()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @Present()
  @IsString({ message: 'body must be a string (it cannot be cleared)' })
  @MinLength(1)
  @MaxLength(20000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body?: string;

  @Field(() => PostFormat, { nullable: true })
  @Present()
  @IsEnum(PostFormat)
  format?: PostFormat;

  @Field(() => Int, { nullable: true })
  @PresentOrNull()
  @IsInt()
  @Min(1)
  @Max(86400)
  durationSeconds?: number | null;

  @Field(() => [PostTag], { nullable: true })
  @Present()
  @ArrayUnique()
  @IsEnum(PostTag, { each: true })
  tags?: PostTag[];

  @Field(() => PostSourceInput, { nullable: true })
  @PresentOrNull()
  @ValidateNested()
  @Type(() => PostSourceInput)
  source?: PostSourceInput | null;

  @Field(() => String, { nullable: true })
  @PresentOrNull()
  @IsString()
  @MaxLength(100)
  label?: string | null;

  @Field(() => InternalTestInput, { nullable: true })
  @PresentOrNull()
  @ValidateNested()
  @Type(() => InternalTestInput)
  internalTest?: InternalTestInput | null;
}

@ArgsType()
export class PostIdArgs extends IdArgs('post') {}

@ArgsType()
export class SchedulePostArgs extends PostIdArgs {
  @Field({ description: 'When to publish; must be in the future.' })
  @Type(() => Date)
  @IsDate({ message: 'at must be a date-time' })
  at: Date;
}

@InputType()
export class PostFilter {
  @OptionalBrandIdField()
  brandId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'With brandId: include the posts of every brand below it.' })
  @IsOptional()
  @IsBoolean()
  includeSubtree?: boolean | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId('social profile')
  profileId?: string | null;

  @Field(() => [PostStatus], { nullable: true })
  @IsOptional()
  @IsEnum(PostStatus, { each: true })
  statuses?: PostStatus[] | null;

  @Field(() => PostTag, { nullable: true })
  @IsOptional()
  @IsEnum(PostTag)
  tag?: PostTag | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsEntityId('user or API key')
  authorId?: string | null;

  @OptionalDateField('Created at or after.')
  from?: Date | null;

  @OptionalDateField('Created before.')
  to?: Date | null;
}

@ArgsType()
export class PostsArgs extends FilteredPageArgs(PostFilter, { backward: true }) {}

@ArgsType()
export class CalendarArgs {
  @Field(() => ID, { description: 'A brand; its whole subtree is included.' })
  @IsEntityId('brand')
  brandId: string;

  @Field()
  @Type(() => Date)
  @IsDate()
  from: Date;

  @Field()
  @Type(() => Date)
  @IsDate()
  to: Date;
}

/** The content calendar's arguments with a page of its profiles (contentCalendarConnection). */
@ArgsType()
export class CalendarPageArgs extends IntersectionType(CalendarArgs, PageArgs, ArgsType) {}
