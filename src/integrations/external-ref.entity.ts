import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TenantOwned } from '../../libs/database';

export enum ExternalRefEntityType {
  BRAND = 'BRAND',
  SOCIAL_PROFILE = 'SOCIAL_PROFILE',
  USER = 'USER',
  POST = 'POST',
  CONTACT = 'CONTACT',
  INBOX_ITEM = 'INBOX_ITEM',
}

/** An entity's id in an integrated system (Salesforce, HubSpot, Zendesk...). */
@Entity({ name: 'external_refs' })
@Index('UQ_external_refs_external_id', ['organizationId', 'system', 'entityType', 'externalId'], { unique: true })
@Index('UQ_external_refs_entity', ['organizationId', 'system', 'entityType', 'entityId'], { unique: true })
@Index('IDX_external_refs_entity', ['organizationId', 'entityId'])
export class ExternalRefEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 60 })
  system: string;

  @Column({ name: 'external_id', type: 'varchar', length: 255 })
  externalId: string;

  @Column({ name: 'entity_type', type: 'enum', enum: ExternalRefEntityType, enumName: 'external_ref_entity_type' })
  entityType: ExternalRefEntityType;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
