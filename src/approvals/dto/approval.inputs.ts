import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DescriptionField, IdArgs, IsEntityId, NameField, PageArgs } from '../../../libs/core';
import { ApprovalDecisionKind, ApprovalSubjectType } from '../approval.entities';

@InputType()
export class ApprovalStageInput {
  @NameField()
  name: string;

  @Field(() => [String])
  @ArrayMinSize(1, { message: 'approverRoles must name at least one role' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  approverRoles: string[];

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(20)
  quorum: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  slaHours?: number | null;
}

@InputType()
export class CreateApprovalWorkflowInput {
  @NameField()
  name: string;

  @DescriptionField()
  description?: string | null;

  @Field(() => [ApprovalStageInput])
  @ArrayMinSize(1, { message: 'stages must hold at least one stage' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ApprovalStageInput)
  stages: ApprovalStageInput[];
}

@InputType()
export class DecideApprovalInput {
  @Field(() => ID)
  @IsEntityId('approval request')
  requestId: string;

  @Field(() => ApprovalDecisionKind)
  @IsEnum(ApprovalDecisionKind)
  decision: ApprovalDecisionKind;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string | null;
}

@ArgsType()
export class ApprovalRequestIdArgs extends IdArgs('approval request') {}

@ArgsType()
export class ApprovalQueueArgs extends PageArgs {
  @Field(() => ApprovalSubjectType, { nullable: true, description: 'Only requests approving this kind of subject; every kind when omitted.' })
  @IsOptional()
  @IsEnum(ApprovalSubjectType)
  subjectType?: ApprovalSubjectType | null;
}
