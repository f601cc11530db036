import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEntityId } from '../../../libs/core';
import { InboxAbout, InboxPriority } from '../inbox.enums';

// The sizes here are the transport's bounds; the use cases check the real limits (labels after
// normalizing, notes after trimming) and say which element is wrong.

@ArgsType()
export class InboxItemActionArgs {
  @Field(() => ID, { description: 'The inbox item.' })
  @IsEntityId('inbox item')
  id: string;
}

@ArgsType()
export class AssignInboxItemArgs extends InboxItemActionArgs {
  @Field(() => ID, { nullable: true, description: 'An active user holding inbox:respond on the item\'s brand or above; null unassigns.' })
  @IsOptional()
  @IsEntityId('user')
  assigneeId: string | null;
}

@ArgsType()
export class LabelInboxItemArgs extends InboxItemActionArgs {
  @Field(() => [String], { defaultValue: [], description: 'Labels to add (at most 20, each 1-50 characters; one the item carries, in any case, is kept as it is).' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  add: string[];

  @Field(() => [String], { defaultValue: [], description: 'Labels to remove, in any case (at most 20).' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  remove: string[];
}

@ArgsType()
export class AddInboxNoteArgs {
  @Field(() => ID, { description: 'The inbox item.' })
  @IsEntityId('inbox item')
  itemId: string;

  @Field({ description: 'The note (1-5,000 characters); internal, never sent to the customer.' })
  @IsString()
  @MaxLength(20_000)
  body: string;
}

@ArgsType()
export class ThankInboxItemArgs extends InboxItemActionArgs {
  @Field(() => String, { nullable: true, description: 'An internal note on the thank-you (1-5,000 characters), kept with the item\'s notes; not sent.' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  note?: string | null;
}

@ArgsType()
export class SetInboxAboutArgs extends InboxItemActionArgs {
  @Field(() => InboxAbout, { description: 'What the item is about.' })
  @IsEnum(InboxAbout)
  about: InboxAbout;
}

@ArgsType()
export class SetInboxPriorityArgs extends InboxItemActionArgs {
  @Field(() => InboxPriority, { description: 'How urgent the item is.' })
  @IsEnum(InboxPriority)
  priority: InboxPriority;
}

@ArgsType()
export class InboxChangedArgs {
  @Field(() => ID, { description: 'The brand whose items (and its whole subtree\'s) to hear about; one the caller may read.' })
  @IsEntityId('brand')
  brandId: string;
}
