import { BadUserInputError, ConflictError } from '../../libs/core';

export const slugTaken = (slug: string, parentId: string | null) =>
  new ConflictError(
    parentId
      ? `A live brand with slug "${slug}" already exists under this parent`
      : `A live root brand with slug "${slug}" already exists`,
    { field: 'slug', slug, parentId },
  );

export const cycleMove = () =>
  BadUserInputError.field('newParentId', 'a brand cannot be moved under itself or one of its descendants');

export const archivedBrand = (field: string, id: string) =>
  BadUserInputError.field(field, `brand ${id} is archived`);

export const BRAND_SLUG_CONSTRAINTS = ['UQ_brands_sibling_slug', 'UQ_brands_root_slug'];
