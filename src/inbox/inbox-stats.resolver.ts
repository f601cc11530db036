import { Args, Query, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { InboxStatsArgs } from './dto/inbox-stats.args';
import { InboxStatsService } from './inbox-stats.service';
import { InboxStats } from './inbox-stats.types';

@Resolver(() => InboxStats)
export class InboxStatsResolver {
  constructor(private readonly statsService: InboxStatsService) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => InboxStats, {
    description:
      'Response figures of a brand and its subtree over the items received in [from, to), grouped by brand, profile, agent or day, with the total: ' +
      'in one SQL statement. NOT_FOUND when the brand is out of reach; BAD_USER_INPUT when to <= from, the range spans more than 366 days or the time zone is unknown. Needs `brand:read`.',
  })
  inboxStats(@Ctx() ctx: RequestContext, @Args() args: InboxStatsArgs): Promise<InboxStats> {
    return this.statsService.stats(ctx, args);
  }
}
