import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Brand } from '../brands';
import { PolicyIdArgs, SetPolicyInput } from './dto/policy.inputs';
import { PoliciesService } from './policies.service';
import { Policy } from './policy.type';

@Resolver(() => Policy)
export class PoliciesResolver {
  constructor(private readonly policies: PoliciesService) {}

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => Policy, {
    description: 'Sets the brand\'s policy of a type (replacing the one there). FORBIDDEN, naming the brand, when an ancestor locked the type. Needs `policy:manage`.',
  })
  setPolicy(@Ctx() ctx: RequestContext, @Args('input', { description: 'The brand, type, enforcement and config.' }) input: SetPolicyInput): Promise<Policy> {
    return this.policies.set(ctx, input);
  }

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => Policy, { description: 'Removes a policy; returns it as it was. Needs `policy:manage`.' })
  removePolicy(@Ctx() ctx: RequestContext, @Args() { id }: PolicyIdArgs): Promise<Policy> {
    return this.policies.remove(ctx, id);
  }
}

@Resolver(() => Brand)
export class BrandPoliciesResolver {
  constructor(private readonly policiesService: PoliciesService) {}

  @ResolveField(() => [Policy], { description: 'Policies set on this brand itself.' })
  policies(@Ctx() ctx: RequestContext, @Parent() brand: Brand): Promise<Policy[]> {
    return this.policiesService.forBrand(ctx, brand.id);
  }

  @ResolveField(() => [Policy], {
    description: 'What applies here after inheritance: one per type, the nearest unless an ancestor locked it; `brandId` names where each comes from.',
  })
  effectivePolicies(@Ctx() ctx: RequestContext, @Parent() brand: Brand): Promise<Policy[]> {
    return this.policiesService.effective(ctx, brand);
  }
}
