import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { SocialNetwork } from '../../libs/core';
import { BrandIdColumn, BrandRelation } from '../brands';
import { TenantOwned } from '../../libs/database';

export enum SocialProfileStatus {
  DRAFT = 'DRAFT',
  LIVE = 'LIVE',
  PAUSED = 'PAUSED',
  ARCHIVED = 'ARCHIVED',
}

@Entity({ name: 'social_profiles' })
// Handles are unique per network within an organization, compared case-insensitively
// (a functional index, declared in the migration).
@Index('UQ_social_profiles_handle', { synchronize: false })
@Index('IDX_social_profiles_brand', ['organizationId', 'brandId'])
@BrandRelation('RESTRICT')
export class SocialProfileEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @BrandIdColumn()
  brandId: string;

  @Column({ type: 'enum', enum: SocialNetwork, enumName: 'social_network' })
  network: SocialNetwork;

  @Column({ type: 'varchar', length: 100 })
  handle: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  url: string | null;

  @Column({ type: 'enum', enum: SocialProfileStatus, enumName: 'social_profile_status', default: SocialProfileStatus.DRAFT })
  status: SocialProfileStatus;

  @Column({ name: 'launched_at', type: 'timestamptz', nullable: true })
  launchedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
