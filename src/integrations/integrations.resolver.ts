import { Args, Extensions, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ONE_PER_REQUEST, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { Brand } from '../brands';
import { User } from '../identity';
import { Contact, InboxItem } from '../inbox';
import { Post } from '../posts';
import { SocialProfile } from '../profiles';
import { BrandTreeIoService } from './brand-tree-io.service';
import {
  BrandByExternalRefArgs, ExportBrandTreeArgs, ImportBrandTreeInput, SetExternalRefInput, UpsertBrandByExternalRefInput, UpsertSocialProfileByExternalRefInput,
} from './dto/integration.inputs';
import { ExternalRefsService } from './external-refs.service';
import { ExternalRef, ImportReport, UpsertBrandPayload, UpsertSocialProfilePayload } from './external-ref.types';

@Resolver(() => ExternalRef)
export class IntegrationsResolver {
  constructor(
    private readonly refs: ExternalRefsService,
    private readonly trees: BrandTreeIoService,
  ) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => Brand, { description: 'A brand by its id in an integrated system; NOT_FOUND when unknown or out of reach. Needs `brand:read`.' })
  brandByExternalRef(@Ctx() ctx: RequestContext, @Args() ref: BrandByExternalRefArgs): Promise<Brand> {
    return this.refs.brandByRef(ctx, ref);
  }

  @Allow(Permission.INTEGRATION_MANAGE)
  @Mutation(() => ExternalRef, { description: 'Names a brand, profile, user, post, contact or inbox item in an integrated system. Needs `integration:manage`.' })
  setExternalRef(@Ctx() ctx: RequestContext, @Args('input', { description: 'The system, external id and entity.' }) input: SetExternalRefInput): Promise<ExternalRef> {
    return this.refs.set(ctx, input);
  }

  @Allow(Permission.BRAND_MANAGE)
  @Mutation(() => UpsertBrandPayload, { description: 'Creates or updates a brand by its external id; repeating it changes nothing more. Needs `brand:manage`.' })
  upsertBrandByExternalRef(@Ctx() ctx: RequestContext, @Args('input', { description: 'The external id and the brand as it should be.' }) input: UpsertBrandByExternalRefInput): Promise<UpsertBrandPayload> {
    return this.refs.upsertBrand(ctx, input);
  }

  @Allow(Permission.PROFILE_MANAGE)
  @Mutation(() => UpsertSocialProfilePayload, { description: 'Creates or updates a social profile by its external id. Needs `profile:manage`.' })
  upsertSocialProfileByExternalRef(@Ctx() ctx: RequestContext, @Args('input', { description: 'The external id and the profile as it should be.' }) input: UpsertSocialProfileByExternalRefInput): Promise<UpsertSocialProfilePayload> {
    return this.refs.upsertProfile(ctx, input);
  }

  @Allow(Permission.BRAND_MANAGE)
  @Mutation(() => ImportReport, { description: 'Loads a brand tree with profiles from JSON or CSV, all or nothing, with a report per line. Needs `brand:manage`.' })
  importBrandTree(@Ctx() ctx: RequestContext, @Args('input', { description: 'The format, the document and whether to only check it.' }) input: ImportBrandTreeInput): Promise<ImportReport> {
    return this.trees.import(ctx, input);
  }

  @Allow(Permission.BRAND_READ)
  @Extensions(ONE_PER_REQUEST)
  @Query(() => String, { description: 'The brand tree (with profiles) in the import format, JSON or CSV. Reads the whole tree: once per request. Needs `brand:read`.' })
  exportBrandTree(@Ctx() ctx: RequestContext, @Args() args: ExportBrandTreeArgs): Promise<string> {
    return this.trees.export(ctx, args.format, args.rootId ?? null, args.system ?? null);
  }
}

/** `externalRefs` on every entity that can be synced. */
function externalRefsField(type: () => Function) {
  @Resolver(type)
  class ExternalRefsFieldResolver {
    constructor(readonly refs: ExternalRefsService) {}

    @ResolveField(() => [ExternalRef], { description: 'Its ids in integrated systems.' })
    externalRefs(@Ctx() ctx: RequestContext, @Parent() entity: { id: string }): Promise<ExternalRef[]> {
      return this.refs.forEntity(ctx, entity.id);
    }
  }
  return ExternalRefsFieldResolver;
}

export const BrandExternalRefsResolver = externalRefsField(() => Brand);
export const ProfileExternalRefsResolver = externalRefsField(() => SocialProfile);
export const UserExternalRefsResolver = externalRefsField(() => User);
export const PostExternalRefsResolver = externalRefsField(() => Post);
export const ContactExternalRefsResolver = externalRefsField(() => Contact);
export const InboxItemExternalRefsResolver = externalRefsField(() => InboxItem);
