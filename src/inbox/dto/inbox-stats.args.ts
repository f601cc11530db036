import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsEntityId } from '../../../libs/core';
import { InboxStatsGroupBy } from '../inbox-stats.types';

@ArgsType()
export class InboxStatsArgs {
  @Field(() => ID, { description: 'The brand: its items and those of every brand below it are counted.' })
  @IsEntityId('brand')
  brandId: string;

  @Field({ description: 'Start of the range of arrival times (inclusive).' })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @Field({ description: 'End of the range (exclusive): after `from`, at most 366 days later.' })
  @Type(() => Date)
  @IsDate()
  to: Date;

  @Field(() => InboxStatsGroupBy, { description: 'How to group the rows.' })
  @IsEnum(InboxStatsGroupBy)
  groupBy: InboxStatsGroupBy;

  @Field(() => String, { nullable: true, description: 'An IANA time zone (e.g. Europe/Warsaw) for the DAY groups; UTC when absent.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  timeZone?: string | null;
}
