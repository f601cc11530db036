import { ArgsType, Field, ID, InputType, Int, IntersectionType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength,
  ValidateNested,
} from 'class-validator';
import { DescriptionField, FilteredPageArgs, IdArgs, IsEntityId, IsWebUrl, OptionalBrandIdField, OptionalDateField, PageArgs, Present, PresentOrNull } from '../../../libs/core';
import { PostFormat, PostTag, SourceCheck } from '../../../libs/policy-engine';
import { PostStatus } from '../post.entities';

@InputType({ description: 'Third-party content a post reshares; SOURCE_VERIFICATION policies check its checklist.' })
export class PostSourceInput {
  @Field({ description: 'The http(s) URL of the content reshared, at most 2,048 characters.' })
  @IsWebUrl()
  url: string;

  @Field(() => String, { nullable: true, description: 'Who made the content; at most 200 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  author?: string | null;

  @Field(() => [SourceCheck], { nullable: true, description: 'The verification checks completed.' })
  @IsOptional()
  @IsEnum(SourceCheck, { each: true })
  completedChecks?: SourceCheck[] | null;
}

@InputType({ description: 'The result of the internal audience test (INTERNAL_AUDIENCE_TEST policies ask for a passed one).' })
export class InternalTestInput {
  @Field({ description: 'Whether the internal audience passed it.' })
  @IsBoolean()
  passed: boolean;

  @DescriptionField('What the audience said; at most 2,000 characters.')
  notes?: string | null;
}

@InputType({ description: 'A new post, saved as DRAFT revision 1.' })
export class CreatePostInput {
  @Field(() => ID, { description: 'The brand the post belongs to; it must not be archived (BAD_USER_INPUT).' })
  @IsEntityId('brand')
  brandId: string;

  @Field(() => [ID], { description: "One or more of the brand's own social profiles." })
  @ArrayMinSize(1, { message: 'profileIds must name at least one profile' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEntityId('social profile', { each: true })
  profileIds: string[];

  @Field(() => String, { nullable: true, description: 'A title (blog posts, videos); at most 200 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @Field({ description: 'The text of the post, at least one character; CONTENT_LENGTH policies may limit it.' })
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  @Field(() => PostFormat, { description: 'TEXT, IMAGE, VIDEO, BLOG_POST, INTERVIEW or LINK.' })
  @IsEnum(PostFormat)
  format: PostFormat;

  @Field(() => Int, { nullable: true, description: 'Required for VIDEO and INTERVIEW.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  durationSeconds?: number | null;

  @Field(() => [PostTag], { nullable: true, description: 'What kind of content it is (policies select by tags); none when left out.' })
  @IsOptional()
  @ArrayUnique()
  @IsEnum(PostTag, { each: true })
  tags?: PostTag[] | null;

  @Field(() => PostSourceInput, { nullable: true, description: 'The third-party content it reshares; left out for original content.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PostSourceInput)
  source?: PostSourceInput | null;

  @Field(() => String, { nullable: true, description: 'A visible label, e.g. "Opinion" (SPECULATION_LABEL policies); at most 100 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string | null;

  @Field(() => InternalTestInput, { nullable: true, description: "The internal audience test's result (humorous posts)." })
  @IsOptional()
  @ValidateNested()
  @Type(() => InternalTestInput)
  internalTest?: InternalTestInput | null;
}

@InputType({ description: 'Fields left out keep their value; null clears the optional ones. Every edit is a new revision and voids any approval.' })
export class UpdatePostInput {
  @Field(() => ID, { description: 'The post to edit.' })
  @IsEntityId('post')
  id: string;

  @Field(() => [ID], { nullable: true, description: "New profiles, one or more of the brand's own; it cannot be cleared." })
  @Present()
  @ArrayMinSize(1, { message: 'profileIds must name at least one profile' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEntityId('social profile', { each: true })
  profileIds?: string[];

  @Field(() => String, { nullable: true, description: 'A new title; null clears it.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(200)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New text, at least one character; it cannot be cleared.' })
  @Present()
  @IsString({ message: 'body must be a string (it cannot be cleared)' })
  @MinLength(1)
  @MaxLength(20000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body?: string;

  @Field(() => PostFormat, { nullable: true, description: 'A new format; it cannot be cleared.' })
  @Present()
  @IsEnum(PostFormat)
  format?: PostFormat;

  @Field(() => Int, { nullable: true, description: 'Length of a video or interview, in seconds (required for those formats); null clears it.' })
  @PresentOrNull()
  @IsInt()
  @Min(1)
  @Max(86400)
  durationSeconds?: number | null;

  @Field(() => [PostTag], { nullable: true, description: 'New tags; [] clears them.' })
  @Present()
  @ArrayUnique()
  @IsEnum(PostTag, { each: true })
  tags?: PostTag[];

  @Field(() => PostSourceInput, { nullable: true, description: 'A new source; null makes the post original content.' })
  @PresentOrNull()
  @ValidateNested()
  @Type(() => PostSourceInput)
  source?: PostSourceInput | null;

  @Field(() => String, { nullable: true, description: 'A new visible label; null clears it.' })
  @PresentOrNull()
  @IsString()
  @MaxLength(100)
  label?: string | null;

  @Field(() => InternalTestInput, { nullable: true, description: 'A new internal audience test result; null clears it.' })
  @PresentOrNull()
  @ValidateNested()
  @Type(() => InternalTestInput)
  internalTest?: InternalTestInput | null;
}

@ArgsType()
export class PostIdArgs extends IdArgs('post') {}

@ArgsType()
export class SchedulePostArgs extends PostIdArgs {
  @Field({ description: 'When to publish: at least a minute in the future (BAD_USER_INPUT on `at` otherwise).' })
  @Type(() => Date)
  @IsDate({ message: 'at must be a date-time' })
  at: Date;
}

@InputType({ description: 'Narrows `posts`; filters combine with AND.' })
export class PostFilter {
  @OptionalBrandIdField('Only posts of this brand (with includeSubtree, of its subtree too).')
  brandId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'With brandId: include the posts of every brand below it.' })
  @IsOptional()
  @IsBoolean()
  includeSubtree?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only posts going to this social profile.' })
  @IsOptional()
  @IsEntityId('social profile')
  profileId?: string | null;

  @Field(() => [PostStatus], { nullable: true, description: 'Only posts in any of these statuses.' })
  @IsOptional()
  @IsEnum(PostStatus, { each: true })
  statuses?: PostStatus[] | null;

  @Field(() => PostTag, { nullable: true, description: 'Only posts with this tag.' })
  @IsOptional()
  @IsEnum(PostTag)
  tag?: PostTag | null;

  @Field(() => ID, { nullable: true, description: 'Only posts created by this user or API key.' })
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

  @Field({ description: "The range's start (inclusive)." })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @Field({ description: "The range's end (exclusive); at most 92 days after from." })
  @Type(() => Date)
  @IsDate()
  to: Date;
}

/** The content calendar's arguments with a page of its profiles (contentCalendarConnection). */
@ArgsType()
export class CalendarPageArgs extends IntersectionType(CalendarArgs, PageArgs, ArgsType) {}
