import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsDate, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { FilteredPageArgs, IsEntityId, OptionalBrandIdField, OptionalDateField } from '../../../libs/core';

@InputType({ description: 'Narrows `auditEvents`; filters combine with AND.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only events about this entity.' })
  @IsOptional()
  @IsEntityId()
  entityId?: string | null;

  @Field(() => String, { nullable: true, description: 'Brand, SocialProfile, Post, User, ...' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events by this user or API key.' })
  @IsOptional()
  @IsEntityId('user or API key')
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. post.submitted' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string | null;

  @OptionalBrandIdField('Only events of this brand (with includeSubtree, of its subtree too).')
  brandId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'With brandId: include the brands below it.' })
  @IsOptional()
  @IsBoolean()
  includeSubtree?: boolean | null;

  @OptionalDateField('Only events at or after this time.')
  from?: Date | null;

  @OptionalDateField('Only events before this time.')
  to?: Date | null;
}

@ArgsType()
export class AuditEventsArgs extends FilteredPageArgs(AuditEventFilter, { backward: true }) {}

@ArgsType()
export class ChangesArgs {
  @Field(() => String, { nullable: true, description: 'The cursor of the previous page; from the beginning when left out.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 100, description: 'Changes per page, 1 to 500.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  first?: number;

  @Field(() => [String], { nullable: true, description: 'Only these event types (e.g. brand.created); a trailing * matches a prefix (post.*).' })
  @IsOptional()
  @ArrayMaxSize(50)
  @MaxLength(80, { each: true })
  // Inbox events have three parts (inbox.item.received; inbox.item.* for all of them).
  @Matches(/^[a-z_]+(\.[a-z_]+)*(\.\*)?$/, { each: true, message: 'types must look like brand.created or post.*' })
  types?: string[] | null;
}

@ArgsType()
export class AuditExportArgs {
  @Field({ description: "The range's start (inclusive)." })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @Field({ description: "The range's end (exclusive)." })
  @Type(() => Date)
  @IsDate()
  to: Date;

  @Field(() => String, { nullable: true, description: 'The cursor of the previous page of the same range; from the start when left out.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 1000, description: 'Events per page, 1 to 5,000; each counts 5 in the query cost.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5000)
  first?: number;
}
