import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Enforcement, PolicyType } from '../../libs/policy-engine';
import { BrandIdColumn, BrandRelation } from '../brands';
import { TenantOwned } from '../../libs/database';

/** A governance rule set on a brand; its subtree inherits it (libs/policy-engine decides how). */
@Entity({ name: 'policies' })
@Index('UQ_policies_brand_type', ['organizationId', 'brandId', 'type'], { unique: true })
@Index('IDX_policies_organization', ['organizationId', 'brandId'])
@BrandRelation('CASCADE')
export class PolicyEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @BrandIdColumn()
  brandId: string;

  @Column({ type: 'enum', enum: PolicyType, enumName: 'policy_type' })
  type: PolicyType;

  @Column({ type: 'enum', enum: Enforcement, enumName: 'policy_enforcement', default: Enforcement.BLOCK })
  enforcement: Enforcement;

  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'jsonb' })
  config: Record<string, unknown>;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
