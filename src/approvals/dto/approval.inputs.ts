import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DescriptionField, IdArgs, IsEntityId, NameField, PageArgs } from '../../../libs/core';
import { ApprovalDecisionKind, ApprovalSubjectType } from '../approval.entities';

@InputType({ description: 'One stage of a new workflow.' })
export class ApprovalStageInput {
  @NameField('The stage\'s name, e.g. "Legal"; 1 to 120 characters.')
  name: string;

  @Field(() => [String], { description: 'Role keys whose holders (with post:approve on the brand or above) may decide it: 1 to 20.' })
  @ArrayMinSize(1, { message: 'approverRoles must name at least one role' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  approverRoles: string[];

  @Field(() => Int, { defaultValue: 1, description: 'Approvals needed, each from a different person: 1 to 20.' })
  @IsInt()
  @Min(1)
  @Max(20)
  quorum: number;

  @Field(() => Int, { nullable: true, description: 'Hours before the stage escalates to approvers above the brand: 1 to 2,160 (90 days); never when left out.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 90)
  slaHours?: number | null;
}

@InputType({ description: 'A new approval workflow: a name and 1 to 10 stages.' })
export class CreateApprovalWorkflowInput {
  @NameField('The workflow\'s name, unique in the organization (CONFLICT otherwise); 1 to 120 characters.')
  name: string;

  @DescriptionField('What the workflow is for; at most 2,000 characters.')
  description?: string | null;

  @Field(() => [ApprovalStageInput], { description: 'The stages, in order: 1 to 10.' })
  @ArrayMinSize(1, { message: 'stages must hold at least one stage' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ApprovalStageInput)
  stages: ApprovalStageInput[];
}

@InputType({ description: 'A decision on the current stage of an approval request.' })
export class DecideApprovalInput {
  @Field(() => ID, { description: "The request to decide; NOT_FOUND when it is not in the caller's reach." })
  @IsEntityId('approval request')
  requestId: string;

  @Field(() => ApprovalDecisionKind, { description: 'APPROVE, REJECT or REQUEST_CHANGES.' })
  @IsEnum(ApprovalDecisionKind)
  decision: ApprovalDecisionKind;

  @Field(() => String, { nullable: true, description: 'A note for the author; at most 5,000 characters.' })
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
