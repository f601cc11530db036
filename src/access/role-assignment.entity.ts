import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { BrandIdColumn, BrandRelation } from '../brands';
import { TenantOwned } from '../../libs/database';

export enum PrincipalType {
  USER = 'USER',
  API_KEY = 'API_KEY',
}

/** A principal holds a role on a brand (and so on its subtree), or org-wide when brand is null. */
@Entity({ name: 'role_assignments' })
@Index('IDX_role_assignments_principal', ['organizationId', 'principalId'])
@Index('IDX_role_assignments_role', ['organizationId', 'roleKey'])
@Index('IDX_role_assignments_brand', ['brandId'])
// One assignment per principal, role and brand (or org-wide): partial unique indexes in the migration.
@Index('UQ_role_assignments_brand', { synchronize: false })
@Index('UQ_role_assignments_org', { synchronize: false })
@BrandRelation('CASCADE')
export class RoleAssignmentEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'principal_type', type: 'enum', enum: PrincipalType, enumName: 'principal_type' })
  principalType: PrincipalType;

  @Column({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  @Column({ name: 'role_key', type: 'varchar', length: 40 })
  roleKey: string;

  @BrandIdColumn({ nullable: true })
  brandId: string | null;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
