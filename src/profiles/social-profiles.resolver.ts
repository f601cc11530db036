import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Brand, BrandReader } from '../brands';
import { BrandProfilesArgs, CreateSocialProfileInput, SocialProfileIdArgs, UpdateSocialProfileInput } from './dto/social-profile.inputs';
import { SocialProfileStatus } from './social-profile.entity';
import { SocialProfile, SocialProfileConnection } from './social-profile.type';
import { SocialProfilesService } from './social-profiles.service';

@Resolver(() => SocialProfile)
export class SocialProfilesResolver {
  constructor(
    private readonly profiles: SocialProfilesService,
    private readonly brands: BrandReader,
  ) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => SocialProfile, { description: 'A social profile; NOT_FOUND when it is not in a brand the caller may read. Needs `brand:read`.' })
  socialProfile(@Ctx() ctx: RequestContext, @Args() { id }: SocialProfileIdArgs): Promise<SocialProfile> {
    return this.profiles.findById(ctx, id);
  }

  @Allow(Permission.PROFILE_MANAGE)
  @Mutation(() => SocialProfile, { description: 'Creates a profile in DRAFT. CONFLICT when the handle is taken on that network; BAD_USER_INPUT when the brand is archived. Needs `profile:manage`.' })
  createSocialProfile(@Ctx() ctx: RequestContext, @Args('input', { description: 'The brand, network, handle and name.' }) input: CreateSocialProfileInput): Promise<SocialProfile> {
    return this.profiles.create(ctx, input);
  }

  @Allow(Permission.PROFILE_MANAGE)
  @Mutation(() => SocialProfile, { description: "Changes a profile's handle, display name or URL; fields left out keep their value. CONFLICT when the handle is taken on that network. Needs `profile:manage`." })
  updateSocialProfile(@Ctx() ctx: RequestContext, @Args('input', { description: 'The profile and what changes.' }) input: UpdateSocialProfileInput): Promise<SocialProfile> {
    return this.profiles.update(ctx, input);
  }

  @Allow(Permission.PROFILE_MANAGE)
  @Mutation(() => SocialProfile, { description: 'DRAFT or PAUSED -> LIVE. POLICY_VIOLATION when a LAUNCH_READINESS policy blocks it (too few posts ready); BAD_USER_INPUT from another status. Needs `profile:manage`.' })
  launchSocialProfile(@Ctx() ctx: RequestContext, @Args() { id }: SocialProfileIdArgs): Promise<SocialProfile> {
    return this.profiles.transition(ctx, id, SocialProfileStatus.LIVE);
  }

  @Allow(Permission.PROFILE_MANAGE)
  @Mutation(() => SocialProfile, { description: 'LIVE -> PAUSED. BAD_USER_INPUT from another status. Needs `profile:manage`.' })
  pauseSocialProfile(@Ctx() ctx: RequestContext, @Args() { id }: SocialProfileIdArgs): Promise<SocialProfile> {
    return this.profiles.transition(ctx, id, SocialProfileStatus.PAUSED);
  }

  @Allow(Permission.PROFILE_MANAGE)
  @Mutation(() => SocialProfile, { description: 'DRAFT, LIVE or PAUSED -> ARCHIVED (final). Needs `profile:manage`.' })
  archiveSocialProfile(@Ctx() ctx: RequestContext, @Args() { id }: SocialProfileIdArgs): Promise<SocialProfile> {
    return this.profiles.transition(ctx, id, SocialProfileStatus.ARCHIVED);
  }

  @ResolveField(() => Brand, { description: 'The brand the profile belongs to.' })
  brand(@Ctx() ctx: RequestContext, @Parent() profile: SocialProfile): Promise<Brand> {
    return this.brands.findById(ctx, profile.brandId);
  }
}

@Resolver(() => Brand)
export class BrandProfilesResolver {
  constructor(private readonly profilesService: SocialProfilesService) {}

  @ResolveField(() => SocialProfileConnection, { description: 'The brand\'s own pages; archived ones only when asked for by status.' })
  profiles(@Ctx() ctx: RequestContext, @Parent() brand: Brand, @Args() args: BrandProfilesArgs): Promise<Connection<SocialProfile>> {
    return this.profilesService.forBrand(ctx, brand.id, args);
  }
}
