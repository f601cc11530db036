import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { SocialNetwork } from '../../libs/core';
import { TenantOwned } from '../../libs/database';

/** Someone who writes to a brand: one per network handle in an organization. */
@Entity({ name: 'contacts' })
// Unique per (organization, network, lower(handle)): a functional index, declared in the migration.
@Index('UQ_contacts_handle', { synchronize: false })
export class ContactEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: SocialNetwork, enumName: 'social_network' })
  network: SocialNetwork;

  @Column({ type: 'varchar', length: 200 })
  handle: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200, nullable: true })
  displayName: string | null;

  @Column({ name: 'profile_url', type: 'varchar', length: 2048, nullable: true })
  profileUrl: string | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
