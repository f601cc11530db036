import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The tenant: every other table's rows belong to one organization. */
@Entity({ name: 'organizations' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Index('UQ_organizations_slug', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * A table whose rows belong to an organization: `organization_id`, deleted with it. TypeORM
 * names the foreign key from the table and column, so each table keeps the name it has.
 * organization_id is part of the primary key ((id, organization_id) in the migrations), which
 * Citus requires of a table distributed by organization and tenant references point at (ADR 0008).
 */
export abstract class TenantOwned {
  @PrimaryColumn({ name: 'organization_id', type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;
}
