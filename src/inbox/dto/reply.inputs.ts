import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IdArgs, IsEntityId } from '../../../libs/core';
import { PostTag } from '../../../libs/policy-engine';
import { REPLY_BODY_MAX } from '../saved-replies/saved-reply.types';

@InputType({ description: 'A reply to an inbox item: its text (or a saved reply\'s) and the tags the policies read.' })
export class ReplyToInboxItemInput {
  @Field(() => ID, { description: 'The item answered.' })
  @IsEntityId('inbox item')
  itemId: string;

  @Field(() => String, { nullable: true, description: `The reply text, 1-${REPLY_BODY_MAX} characters, not blank; may be left out with savedReplyId.` })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(REPLY_BODY_MAX)
  @Matches(/\S/, { message: 'body must not be blank' })
  body?: string | null;

  @Field(() => [PostTag], { nullable: true, description: 'What the reply is (PROMOTION, OPINION...): disclosure and label policies read it. Default: the saved reply\'s, else none.' })
  @IsOptional()
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsEnum(PostTag, { each: true })
  tags?: PostTag[] | null;

  @Field(() => ID, { nullable: true, description: 'A saved reply in force on the item\'s brand: its text when no body is given, its tags when none are.' })
  @IsOptional()
  @IsEntityId('saved reply')
  savedReplyId?: string | null;
}

@ArgsType()
export class ReplyCheckArgs {
  @Field(() => ID, { description: 'The item to answer.' })
  @IsEntityId('inbox item')
  itemId: string;

  @Field({ description: `The reply text to check, 1-${REPLY_BODY_MAX} characters.` })
  @IsString()
  @MinLength(1)
  @MaxLength(REPLY_BODY_MAX)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  @Field(() => [PostTag], { nullable: true, description: 'The tags the reply would carry.' })
  @IsOptional()
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsEnum(PostTag, { each: true })
  tags?: PostTag[] | null;
}

@ArgsType()
export class InboxReplyIdArgs extends IdArgs('inbox reply') {}
