import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, listConnection, PageArgs, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Brand } from '../brands';
import { ModerationCheckInput, ModerationRuleIdArgs, ModerationRulesArgs, ModerationRulesPageArgs, SetModerationRuleInput } from './dto/moderation-rule.inputs';
import { ModerationCheckResult, ModerationRule, ModerationRuleConnection } from './moderation-rule.types';
import { ModerationRulesService } from './moderation-rules.service';

@Resolver(() => ModerationRule)
export class ModerationRulesResolver {
  constructor(private readonly rules: ModerationRulesService) {}

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => ModerationRule, {
    description:
      "Sets the brand's moderation rule of this name: creates it, or replaces the one there (its version goes up). " +
      'FORBIDDEN, naming the brand, when an ancestor locked a rule of that name. Needs `policy:manage`.',
  })
  setModerationRule(@Ctx() ctx: RequestContext, @Args('input', { description: 'The rule: its brand, name, conditions and actions.' }) input: SetModerationRuleInput): Promise<ModerationRule> {
    return this.rules.set(ctx, input);
  }

  @Allow(Permission.POLICY_MANAGE)
  @Mutation(() => ModerationRule, { description: 'Removes a moderation rule; returns it as it was. Needs `policy:manage`.' })
  removeModerationRule(@Ctx() ctx: RequestContext, @Args() { id }: ModerationRuleIdArgs): Promise<ModerationRule> {
    return this.rules.remove(ctx, id);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => [ModerationRule], {
    description: 'The moderation rules in force on a brand (its own and inherited, after overrides and locks), in run order, each with inheritedFrom. Needs `brand:read`.',
    deprecationReason: 'Use moderationRulesConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).',
  })
  moderationRules(@Ctx() ctx: RequestContext, @Args() { brandId }: ModerationRulesArgs): Promise<ModerationRule[]> {
    return this.rules.effective(ctx, brandId);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => ModerationRuleConnection, {
    description:
      'The moderation rules in force on a brand (its own and inherited, after overrides and locks), in run order, each with inheritedFrom, a page at a time. NOT_FOUND when the brand is out of reach. Needs `brand:read`.',
  })
  async moderationRulesConnection(@Ctx() ctx: RequestContext, @Args() args: ModerationRulesPageArgs): Promise<Connection<ModerationRule>> {
    return listConnection(await this.rules.effective(ctx, args.brandId), args, (rule) => rule.id);
  }

  @Allow(Permission.BRAND_READ)
  @Query(() => ModerationCheckResult, { description: 'Dry-runs the moderation rules in force on a brand over a text: what they would do, and why. Writes nothing. Needs `brand:read`.' })
  moderationCheck(@Ctx() ctx: RequestContext, @Args('input', { description: 'The message to try the rules on.' }) input: ModerationCheckInput): Promise<ModerationCheckResult> {
    return this.rules.check(ctx, input);
  }
}

@Resolver(() => Brand)
export class BrandModerationRulesResolver {
  constructor(private readonly rules: ModerationRulesService) {}

  @ResolveField(() => [ModerationRule], {
    description: 'The moderation rules in force on this brand, in run order, each with inheritedFrom (as moderationRules(brandId)).',
    deprecationReason: 'Use moderationRulesConnection: the same items as a Relay connection (first/after, totalCount, pageInfo).',
  })
  moderationRules(@Ctx() ctx: RequestContext, @Parent() brand: Brand): Promise<ModerationRule[]> {
    return this.rules.effectiveOn(ctx, brand);
  }

  @ResolveField(() => ModerationRuleConnection, {
    description: 'The moderation rules in force on this brand, in run order, each with inheritedFrom, a page at a time (read for every brand of the answer at once).',
  })
  async moderationRulesConnection(@Ctx() ctx: RequestContext, @Parent() brand: Brand, @Args() page: PageArgs): Promise<Connection<ModerationRule>> {
    return listConnection(await this.rules.effectiveOn(ctx, brand), page, (rule) => rule.id);
  }
}
