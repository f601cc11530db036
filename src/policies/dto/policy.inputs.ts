import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsObject, IsOptional } from 'class-validator';
import { IdArgs, IsEntityId } from '../../../libs/core';
import { Enforcement, PolicyType } from '../../../libs/policy-engine';
import { PolicyConfig } from '../policy-config.types';

@InputType({ description: 'Sets (or replaces) the policy of this type on the brand.' })
export class SetPolicyInput {
  @Field(() => ID, { description: "The brand to set the policy on; it applies to the brand's whole subtree." })
  @IsEntityId('brand')
  brandId: string;

  @Field(() => PolicyType, { description: 'The kind of rule: one policy per type per brand.' })
  @IsEnum(PolicyType)
  type: PolicyType;

  @Field(() => Enforcement, { nullable: true, defaultValue: Enforcement.BLOCK, description: 'BLOCK (the default) stops the action; WARN reports and lets it go on.' })
  @IsOptional()
  @IsEnum(Enforcement)
  enforcement?: Enforcement;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Locked: brands below may not override it.' })
  @IsOptional()
  @IsBoolean()
  locked?: boolean;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'A disabled policy switches its type off for this subtree (unless an ancestor locked it).' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @Field(() => PolicyConfig, { description: "The rule's settings: exactly the member named after `type`; BAD_USER_INPUT naming each bad field (config.<member>.<field>)." })
  // Validated by libs/policy-engine (validatePolicyConfig), which names each bad field.
  @IsObject()
  config: PolicyConfig;
}

@ArgsType()
export class PolicyIdArgs extends IdArgs('policy') {}
