import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TenantOwned, TenantReference } from '../../libs/database';

export enum BrandStatus {
  ACTIVE = 'ACTIVE',
  ARCHIVED = 'ARCHIVED',
}

export interface BrandingData {
  logoUrl?: string | null;
  primaryColor?: string | null;
  secondaryColor?: string | null;
  voiceGuidelines?: string | null;
}

export interface AudienceData {
  description?: string | null;
  painPoints?: string[];
  positioning?: string | null;
  competitors?: string[];
}

/**
 * A node of an organization's brand tree. The tree is kept as a materialized list of
 * ancestor ids (root first), so ancestors, descendants and subtree moves are each one
 * indexed SQL statement whatever the depth.
 */
@Entity({ name: 'brands' })
// Slugs are unique among the live siblings; PostgreSQL 15 has NULLS NOT DISTINCT but TypeORM
// cannot declare it, so roots and children get a partial unique index each (in the migration).
@Index('UQ_brands_sibling_slug', { synchronize: false })
@Index('UQ_brands_root_slug', { synchronize: false })
@Index('IDX_brands_ancestor_ids', { synchronize: false })
@Index('IDX_brands_parent', ['organizationId', 'parentId'])
@TenantReference('parent_id', 'brands', 'RESTRICT')
export class BrandEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  /** Ids from the root down to the parent; empty for a root. */
  @Column({ name: 'ancestor_ids', type: 'uuid', array: true, default: () => "'{}'" })
  ancestorIds: string[];

  @Column({ type: 'int', default: 0 })
  depth: number;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'enum', enum: BrandStatus, enumName: 'brand_status', default: BrandStatus.ACTIVE })
  status: BrandStatus;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  branding: BrandingData;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  audience: AudienceData;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  goals: string[];

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
