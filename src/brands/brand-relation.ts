import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { stackDecorators } from '../../libs/core';
import { BrandEntity } from './brand.entity';

/**
 * The `brand_id` column of a table whose rows belong to a brand (nullable where a row may
 * belong to the whole organization instead).
 */
export function BrandIdColumn(options: { nullable?: true } = {}): PropertyDecorator {
  return Column({ name: 'brand_id', type: 'uuid', ...options });
}

/**
 * The relation over `brand_id`, there for its foreign key; `onDelete` is the key's rule as each
 * table's migration declares it (TypeORM names the key from the table and column, as before).
 */
export function BrandRelation(onDelete: 'CASCADE' | 'RESTRICT'): PropertyDecorator {
  // Stacked as each entity declared them: the relation above its join column.
  return stackDecorators(ManyToOne(() => BrandEntity, { onDelete }), JoinColumn({ name: 'brand_id' }));
}
