import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TenantOwned } from '../../../libs/database';
import { BrandIdColumn, BrandRelation } from '../../brands';

/** A reply text kept on a brand for its agents, inherited down its subtree (override by name unless locked). */
@Entity({ name: 'saved_replies' })
// Unique per (brand, lower(name)): the override key, a functional index declared in the migration.
@Index('UQ_saved_replies_name', { synchronize: false })
@BrandRelation('CASCADE')
export class SavedReplyEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @BrandIdColumn()
  brandId: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  /** No brand below may set one of the same name. */
  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
