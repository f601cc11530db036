import { Column } from 'typeorm';
import { TenantReference } from '../../libs/database';

/**
 * The `brand_id` column of a table whose rows belong to a brand (nullable where a row may
 * belong to the whole organization instead).
 */
export function BrandIdColumn(options: { nullable?: true } = {}): PropertyDecorator {
  return Column({ name: 'brand_id', type: 'uuid', ...options });
}

/**
 * The key over `brand_id`, on the entity class: (organization_id, brand_id) references
 * brands (organization_id, id) (ADR 0008); `onDelete` is the key's rule as each table's
 * migration declares it.
 */
export function BrandRelation(onDelete: 'CASCADE' | 'RESTRICT'): ClassDecorator {
  return TenantReference('brand_id', 'brands', onDelete);
}
