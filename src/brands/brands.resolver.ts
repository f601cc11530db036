import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Connection, RequestContext } from '../../libs/core';
import { Allow, Ctx, Permission } from '../../libs/auth';
import { BrandReader } from './brand-reader.service';
import { Brand, BrandConnection } from './brand.type';
import { BrandsService } from './brands.service';
import { BrandIdArgs, BrandsArgs, ChildrenArgs, CreateBrandInput, DescendantsArgs, MoveBrandArgs, UpdateBrandInput } from './dto/brand.inputs';

@Resolver(() => Brand)
export class BrandsResolver {
  constructor(
    private readonly reader: BrandReader,
    private readonly brandsService: BrandsService,
  ) {}

  @Allow(Permission.BRAND_READ)
  @Query(() => BrandConnection, { description: 'Brands of the organization by name; archived ones only when asked for. Needs `brand:read`.' })
  brands(@Ctx() ctx: RequestContext, @Args() args: BrandsArgs): Promise<Connection<Brand>> {
    return this.reader.list(ctx, args);
  }

  @Allow(Permission.BRAND_MANAGE)
  @Mutation(() => Brand, { description: 'Creates a brand: a root (umbrella) brand, or one under `parentId`. The slug comes from the name (transliterated: Łaciate -> laciate) unless given. CONFLICT (field slug) when a live sibling has the slug; BAD_USER_INPUT when the parent is archived. Needs `brand:manage` on the parent (org-wide for a root).' })
  createBrand(@Ctx() ctx: RequestContext, @Args('input', { description: 'The new brand.' }) input: CreateBrandInput): Promise<Brand> {
    return this.brandsService.create(ctx, input);
  }

  @Allow(Permission.BRAND_MANAGE)
  @Mutation(() => Brand, { description: "Changes a brand's name, slug, description, branding, audience or goals; fields left out keep their value. CONFLICT (field slug) when a live sibling has the new slug. Needs `brand:manage`." })
  updateBrand(@Ctx() ctx: RequestContext, @Args('input', { description: 'The brand and what changes.' }) input: UpdateBrandInput): Promise<Brand> {
    return this.brandsService.update(ctx, input);
  }

  @Allow(Permission.BRAND_MANAGE)
  @Mutation(() => Brand, { description: 'Moves a brand with its subtree; newParentId null makes it a root. Needs `brand:manage`.' })
  moveBrand(@Ctx() ctx: RequestContext, @Args() args: MoveBrandArgs): Promise<Brand> {
    return this.brandsService.move(ctx, args);
  }

  @Allow(Permission.BRAND_MANAGE)
  @Mutation(() => Brand, { description: 'Archives a brand, its subtree and their social profiles. Needs `brand:manage`.' })
  archiveBrand(@Ctx() ctx: RequestContext, @Args() { id }: BrandIdArgs): Promise<Brand> {
    return this.brandsService.archive(ctx, id);
  }

  @ResolveField(() => Brand, { nullable: true, description: 'The parent brand; null for a root, or when the caller may not read the parent (a user scoped to a sub-brand).' })
  parent(@Ctx() ctx: RequestContext, @Parent() brand: Brand): Promise<Brand | null> | null {
    return brand.parentId ? this.reader.findMaybe(ctx, brand.parentId) : null;
  }

  @ResolveField(() => [Brand], { description: 'From the root down to the parent.' })
  ancestors(@Ctx() ctx: RequestContext, @Parent() brand: Brand): Promise<Brand[]> {
    return this.reader.ancestors(ctx, brand);
  }

  @ResolveField(() => [String], { description: 'Slugs from the root down to this brand, e.g. ["mars", "snickers"].' })
  async path(@Ctx() ctx: RequestContext, @Parent() brand: Brand): Promise<string[]> {
    const ancestors = await this.reader.ancestors(ctx, brand);
    return [...ancestors.map((a) => a.slug), brand.slug];
  }

  @ResolveField(() => BrandConnection, { description: 'The brands directly below this one, by name.' })
  children(@Ctx() ctx: RequestContext, @Parent() brand: Brand, @Args() args: ChildrenArgs): Promise<Connection<Brand>> {
    return this.reader.subtree(ctx, brand.id, { ...args, maxDepth: 1 });
  }

  @ResolveField(() => BrandConnection, { description: 'Every brand below this one, breadth first (by depth, then name).' })
  descendants(@Ctx() ctx: RequestContext, @Parent() brand: Brand, @Args() args: DescendantsArgs): Promise<Connection<Brand>> {
    return this.reader.subtree(ctx, brand.id, args);
  }
}
