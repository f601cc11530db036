import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Enforcement, PolicyType } from '../../libs/policy-engine';
import { PolicyConfig } from './policy-config.types';

@ObjectType({ description: 'A governance rule set on a brand and inherited by its subtree.' })
export class Policy {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'The brand the policy is set on (for an effective policy: the brand it comes from).' })
  brandId: string;

  @Field(() => PolicyType)
  type: PolicyType;

  @Field(() => Enforcement)
  enforcement: Enforcement;

  @Field({ description: 'Locked: no brand below may override it.' })
  locked: boolean;

  @Field()
  enabled: boolean;

  @Field(() => PolicyConfig)
  config: PolicyConfig;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType({ description: 'A broken rule: which policy, how it is enforced, and what to fix.' })
export class PolicyViolation {
  @Field(() => ID)
  policyId: string;

  @Field(() => ID, { description: 'The brand the policy is set on.' })
  brandId: string;

  @Field(() => PolicyType)
  type: PolicyType;

  @Field(() => Enforcement)
  enforcement: Enforcement;

  @Field()
  message: string;

  @Field(() => String, { nullable: true, description: 'The post field at fault, e.g. body, tags, source.verification.FOLLOWERS.' })
  field: string | null;
}
