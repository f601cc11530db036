import { ArgsType, Field, ID, InputType, Int, IntersectionType } from '@nestjs/graphql';
import { Allow as Checked, IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IdArgs, IsEntityId, PageArgs, SocialNetwork } from '../../../libs/core';
import { PostTag } from '../../../libs/policy-engine';
import { InboxAbout, InboxItemKind, InboxPriority } from '../inbox.enums';
import { ModerationActionType, ModerationConditionType, ModerationMatch } from '../moderation-rule.types';

// The rule's own fields are checked by validateModerationRule (src/inbox/moderation), which
// names every problem on its path; class-validator here only lets them through (`Checked`).

@InputType({ description: 'One condition: `type` says which member applies; leave the others out.' })
export class ModerationConditionInput {
  @Field(() => ModerationConditionType, { description: 'What it looks at.' })
  type: ModerationConditionType;

  @Field(() => [String], { nullable: true, description: 'KEYWORDS: 1-100 words or phrases, each 1-100 characters.' })
  terms?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'WORD_COUNT: the least number of words (0-10000).' })
  min?: number | null;

  @Field(() => Int, { nullable: true, description: 'WORD_COUNT: the most words (0-10000).' })
  max?: number | null;

  @Field(() => [InboxItemKind], { nullable: true, description: 'KIND: the kinds that match.' })
  kinds?: InboxItemKind[] | null;

  @Field(() => [SocialNetwork], { nullable: true, description: 'NETWORK: the networks that match.' })
  networks?: SocialNetwork[] | null;

  @Field(() => Boolean, { nullable: true, description: 'AUTHOR_SEEN_BEFORE: true for returning authors, false for first messages.' })
  value?: boolean | null;

  @Field(() => [PostTag], { nullable: true, description: 'POST_TAG: the post tags that match.' })
  tags?: PostTag[] | null;

  @Field(() => [InboxAbout], { nullable: true, description: 'ABOUT: the subjects that match.' })
  abouts?: InboxAbout[] | null;
}

@InputType({ description: 'One action: `type` says which member applies; leave the others out.' })
export class ModerationActionInput {
  @Field(() => ModerationActionType, { description: 'What it does.' })
  type: ModerationActionType;

  @Field(() => String, { nullable: true, description: 'LABEL: the label (1-50 characters).' })
  label?: string | null;

  @Field(() => InboxAbout, { nullable: true, description: 'SET_ABOUT: what the item is about.' })
  about?: InboxAbout | null;

  @Field(() => InboxPriority, { nullable: true, description: 'SET_PRIORITY: the priority.' })
  priority?: InboxPriority | null;

  @Field(() => ID, { nullable: true, description: 'ASSIGN: an active user holding inbox:respond on the rule\'s brand.' })
  principalId?: string | null;
}

@InputType({ description: "Sets the brand's moderation rule of this name: creates it, or replaces the one there." })
export class SetModerationRuleInput {
  @Field(() => ID, { description: 'The brand it is set on (policy:manage there).' })
  @IsEntityId('brand')
  brandId: string;

  @Field({ description: 'Its name (1-120 characters, unique per brand case-insensitively): the override key down the tree.' })
  @Checked()
  name: string;

  @Field(() => Int, { nullable: true, defaultValue: 0, description: 'Its place among the brand\'s rules, lower first (0-1000000).' })
  @Checked()
  position?: number | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'False switches off an inherited rule of the same name for this subtree.' })
  @Checked()
  enabled?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Locked: in force everywhere below; brands below may not set a rule of this name.' })
  @Checked()
  locked?: boolean | null;

  @Field(() => ModerationMatch, { nullable: true, defaultValue: ModerationMatch.ALL, description: 'ALL (the default) or ANY of the conditions.' })
  @Checked()
  match?: ModerationMatch | null;

  @Field(() => [ModerationConditionInput], { description: '1-20 conditions.' })
  @Checked()
  conditions: ModerationConditionInput[];

  @Field(() => [ModerationActionInput], { description: '1-10 actions, without contradictions (e.g. not HIDE with an assignment).' })
  @Checked()
  actions: ModerationActionInput[];

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'When it matched, no later rule runs.' })
  @Checked()
  stop?: boolean | null;
}

@InputType({ description: 'A text to dry-run through the moderation rules in force on a brand (moderationCheck).' })
export class ModerationCheckInput {
  @Field(() => ID, { description: 'The brand whose rules run (brand:read there).' })
  @IsEntityId('brand')
  brandId: string;

  @Field({ description: 'The message text (up to 20,000 characters).' })
  @IsString()
  @MaxLength(20_000)
  body: string;

  @Field(() => InboxItemKind, { description: 'What kind of message it would be.' })
  @IsEnum(InboxItemKind)
  kind: InboxItemKind;

  @Field(() => SocialNetwork, { nullable: true, description: 'The network it would come in on; without it, NETWORK conditions do not match.' })
  @IsOptional()
  @IsEnum(SocialNetwork)
  network?: SocialNetwork | null;

  @Field(() => InboxAbout, { nullable: true, defaultValue: InboxAbout.OTHER, description: 'What it is about as ingested (OTHER by default).' })
  @IsOptional()
  @IsEnum(InboxAbout)
  about?: InboxAbout | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Whether its author wrote before (false by default).' })
  @IsOptional()
  @IsBoolean()
  authorSeenBefore?: boolean | null;

  @Field(() => [PostTag], { nullable: true, description: 'The tags of the post it would answer (none by default).' })
  @IsOptional()
  @IsArray()
  @IsEnum(PostTag, { each: true })
  postTags?: PostTag[] | null;
}

@ArgsType()
export class ModerationRuleIdArgs extends IdArgs('moderation rule') {}

@ArgsType()
export class ModerationRulesArgs {
  @Field(() => ID, { description: 'The brand whose rules in force to list.' })
  @IsEntityId('brand')
  brandId: string;
}

/** moderationRulesConnection's arguments: the brand and the page. */
@ArgsType()
export class ModerationRulesPageArgs extends IntersectionType(ModerationRulesArgs, PageArgs, ArgsType) {}
