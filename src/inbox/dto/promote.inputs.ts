import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { IsEntityId } from '../../../libs/core';

@InputType({ description: 'What to change in the customer-story draft promoteToPost makes; everything left out has a default.' })
export class PromoteToPostInput {
  @Field(() => [ID], { nullable: true, description: "The brand's profiles to post on; by default the profile the item came in on." })
  @IsOptional()
  @ArrayMinSize(1, { message: 'profileIds must name at least one profile' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsEntityId('social profile', { each: true })
  profileIds?: string[] | null;

  @Field(() => String, { nullable: true, description: 'The post text; by default a quote of the item with credit to its author.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(20000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body?: string | null;

  @Field(() => String, { nullable: true, description: 'The post title; none by default.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string | null;
}

@ArgsType()
export class PromoteToPostArgs {
  @Field(() => ID, { description: 'The inbox item to turn into a customer story.' })
  @IsEntityId('inbox item')
  itemId: string;

  @Field(() => PromoteToPostInput, { nullable: true, description: 'Overrides of the draft\'s defaults.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PromoteToPostInput)
  input?: PromoteToPostInput | null;
}
