import { Args, Info, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Brand, BrandIdArgs } from '../brands';
import { BrandConsoleReader } from './brand-console.reader';

@Resolver(() => Brand)
export class BrandConsoleResolver {
  constructor(private readonly console: BrandConsoleReader) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => Brand, { description: 'A brand of the caller\'s organization; NOT_FOUND otherwise. Needs `brand:read`.' })
  brand(@Ctx() ctx: RequestContext, @Args() { id }: BrandIdArgs, @Info() info: GraphQLResolveInfo): Promise<Brand> {
    // A console (the brand, its children, their profiles and policies) is read in one statement.
    return this.console.findById(ctx, id, info);
  }
}
