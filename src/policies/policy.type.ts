import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Node } from '../../libs/core';
import { Enforcement, PolicyType } from '../../libs/policy-engine';
import { PolicyConfig } from './policy-config.types';

@ObjectType({ description: 'A governance rule set on a brand and inherited by its subtree.', implements: () => [Node] })
export class Policy {
  @Field(() => ID, { description: "The policy's id (a UUID)." })
  id: string;

  @Field(() => ID, { description: 'The brand the policy is set on (for an effective policy: the brand it comes from).' })
  brandId: string;

  @Field(() => PolicyType, { description: 'The kind of rule; `config` holds the member of the same name.' })
  type: PolicyType;

  @Field(() => Enforcement, { description: 'BLOCK stops the action; WARN reports and lets it go on.' })
  enforcement: Enforcement;

  @Field({ description: 'Locked: no brand below may override it.' })
  locked: boolean;

  @Field({ description: 'A disabled policy switches its type off for the subtree (unless an ancestor locked it).' })
  enabled: boolean;

  @Field(() => PolicyConfig, { description: "The rule's settings: the member named after `type` is set." })
  config: PolicyConfig;

  @Field({ description: 'When the policy was set.' })
  createdAt: Date;

  @Field({ description: 'When the policy last changed.' })
  updatedAt: Date;
}

@ObjectType({ description: 'A broken rule: which policy, how it is enforced, and what to fix.' })
export class PolicyViolation {
  @Field(() => ID, { description: "The broken policy's id." })
  policyId: string;

  @Field(() => ID, { description: 'The brand the policy is set on.' })
  brandId: string;

  @Field(() => PolicyType, { description: 'The kind of rule broken.' })
  type: PolicyType;

  @Field(() => Enforcement, { description: 'BLOCK (the action failed) or WARN (it went on).' })
  enforcement: Enforcement;

  @Field({ description: 'What is wrong and how to fix it, for people.' })
  message: string;

  @Field(() => String, { nullable: true, description: 'The post field at fault, e.g. body, tags, source.verification.FOLLOWERS.' })
  field: string | null;
}
