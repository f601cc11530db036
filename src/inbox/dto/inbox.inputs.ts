import { ArgsType, Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { FilteredPageArgs, IdArgs, IsEntityId, OptionalBrandIdField, OptionalDateField } from '../../../libs/core';
import { InboxAbout, InboxItemKind, InboxItemStatus, InboxSlaState } from '../inbox.enums';

export enum InboxOrder {
  NEWEST = 'NEWEST',
  URGENT = 'URGENT',
}

registerEnumType(InboxOrder, {
  name: 'InboxOrder',
  description: 'How the inbox is sorted.',
  valuesMap: {
    NEWEST: { description: 'Latest received first.' },
    URGENT: { description: 'Earliest due first (items without a due time last), then by priority (URGENT first), then oldest received first.' },
  },
});

@InputType({ description: 'Which items the inbox lists; every condition given must hold.' })
export class InboxFilter {
  @OptionalBrandIdField('The brand whose items to list (with includeSubtree, its whole subtree).')
  brandId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'With brandId: include the items of every brand below it (the default).' })
  @IsOptional()
  @IsBoolean()
  includeSubtree?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Only items of this profile.' })
  @IsOptional()
  @IsEntityId('social profile')
  profileId?: string | null;

  @Field(() => [InboxItemStatus], { nullable: true, description: 'Only items in one of these statuses.' })
  @IsOptional()
  @IsEnum(InboxItemStatus, { each: true })
  statuses?: InboxItemStatus[] | null;

  @Field(() => [InboxItemKind], { nullable: true, description: 'Only items of one of these kinds.' })
  @IsOptional()
  @IsEnum(InboxItemKind, { each: true })
  kinds?: InboxItemKind[] | null;

  @Field(() => [InboxAbout], { nullable: true, description: 'Only items about one of these.' })
  @IsOptional()
  @IsEnum(InboxAbout, { each: true })
  abouts?: InboxAbout[] | null;

  @Field(() => ID, { nullable: true, description: 'Only items held by this agent.' })
  @IsOptional()
  @IsEntityId('user')
  assigneeId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only items nobody holds; false: only held ones. Not with assigneeId.' })
  @IsOptional()
  @IsBoolean()
  unassigned?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only items with this label (any case, as labels are compared).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  label?: string | null;

  @Field(() => [InboxSlaState], { nullable: true, description: 'Only items in one of these states against their response target, now.' })
  @IsOptional()
  @IsEnum(InboxSlaState, { each: true })
  slaStates?: InboxSlaState[] | null;

  @Field(() => String, { nullable: true, description: 'Only items whose text contains this (case-insensitive).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  search?: string | null;

  @OptionalDateField('Only items received at or after this time.')
  receivedFrom?: Date | null;

  @OptionalDateField('Only items received before this time.')
  receivedTo?: Date | null;
}

@ArgsType()
export class InboxArgs extends FilteredPageArgs(InboxFilter, { backward: true }) {
  @Field(() => InboxOrder, { nullable: true, defaultValue: InboxOrder.NEWEST, description: 'NEWEST (the default) or URGENT.' })
  @IsOptional()
  @IsEnum(InboxOrder)
  order?: InboxOrder | null;
}

@ArgsType()
export class InboxItemIdArgs extends IdArgs('inbox item') {}

@ArgsType()
export class ContactIdArgs extends IdArgs('contact') {}
