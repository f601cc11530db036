import { ArgsType, Field, ID, InputType, IntersectionType, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ConnectionType, IsEntityId, IsName, PageArgs, Node } from '../../../libs/core';
import { PostTag } from '../../../libs/policy-engine';

/** The longest reply text (a saved one or one sent): networks cut far shorter, CONTENT_LENGTH policies say by how much. */
export const REPLY_BODY_MAX = 5000;

@ObjectType({ description: 'A reply text kept on a brand for its agents; inherited down the brand tree, overridden below by name unless locked.', implements: () => [Node] })
export class SavedReply {
  @Field(() => ID, { description: 'Its id.' })
  id: string;

  @Field(() => ID, { description: 'The brand it is set on.' })
  brandId: string;

  @Field({ description: 'Its name (1-120 characters, unique per brand, compared case-insensitively): the override key.' })
  name: string;

  @Field({ description: 'The reply text.' })
  body: string;

  @Field(() => [PostTag], { description: 'Tags a reply made from it carries (the policies read them, e.g. PROMOTION for a disclosure).' })
  tags: PostTag[];

  @Field({ description: 'Locked: brands below cannot set a saved reply of the same name.' })
  locked: boolean;

  @Field(() => ID, { description: 'In an effective list: the brand it comes from (the one it is set on).' })
  inheritedFrom: string;

  @Field({ description: 'When it was stored.' })
  createdAt: Date;

  @Field({ description: 'When it last changed.' })
  updatedAt: Date;

  /** Not in the schema: access checks read it. */
  brandAncestorIds: string[];
}

@InputType({ description: 'A saved reply to set on a brand: a new one, or the one of that name replaced.' })
export class SetSavedReplyInput {
  @Field(() => ID, { description: 'The brand to set it on.' })
  @IsEntityId('brand')
  brandId: string;

  @Field({ description: 'Its name, 1-120 characters: a saved reply of the same name (any case) on the brand is replaced.' })
  @IsString()
  @IsName()
  name: string;

  @Field({ description: `The reply text, 1-${REPLY_BODY_MAX} characters, not blank.` })
  @IsString()
  @MinLength(1)
  @MaxLength(REPLY_BODY_MAX)
  @Matches(/\S/, { message: 'body must not be blank' })
  body: string;

  @Field(() => [PostTag], { nullable: true, description: 'Tags a reply made from it carries (none by default).' })
  @IsOptional()
  @ArrayUnique()
  @ArrayMaxSize(10)
  @IsEnum(PostTag, { each: true })
  tags?: PostTag[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Lock the name for the brands below (false by default).' })
  @IsOptional()
  @IsBoolean()
  locked?: boolean | null;
}

@ArgsType()
export class SavedRepliesArgs {
  @Field(() => ID, { description: 'The brand whose saved replies in force to list.' })
  @IsEntityId('brand')
  brandId: string;
}

/** savedRepliesConnection's arguments: the brand and the page. */
@ArgsType()
export class SavedRepliesPageArgs extends IntersectionType(SavedRepliesArgs, PageArgs, ArgsType) {}

export const SavedReplyConnection = ConnectionType(SavedReply);
