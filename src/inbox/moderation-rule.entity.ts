import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { TenantOwned } from '../../libs/database';
import { BrandIdColumn, BrandRelation } from '../brands';
import type { ModerationActionSpec, ModerationCondition } from './moderation';

/**
 * A moderation rule set on a brand; its subtree inherits it (src/inbox/moderation decides
 * how). The name is the override key: unique per brand, case-insensitively (the expression
 * index UQ_moderation_rules_name is hand-written in the migration).
 */
@Entity({ name: 'moderation_rules' })
@Index('IDX_moderation_rules_brand', ['organizationId', 'brandId'])
@Index('UQ_moderation_rules_name', { synchronize: false })
@BrandRelation('CASCADE')
export class ModerationRuleEntity extends TenantOwned {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @BrandIdColumn()
  brandId: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'integer', default: 0 })
  position: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'enum', enum: ['ALL', 'ANY'], enumName: 'moderation_match', default: 'ALL' })
  match: 'ALL' | 'ANY';

  @Column({ type: 'jsonb' })
  conditions: ModerationCondition[];

  @Column({ type: 'jsonb' })
  actions: ModerationActionSpec[];

  @Column({ type: 'boolean', default: false })
  stop: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * How many items ROUND_ROBIN rules have assigned on a brand so far: the engine's
 * roundRobinOffset. Ingest reserves a range of it per brand in one upsert, in its own
 * transaction, so concurrent ingests on one brand take turns on the row and never hand two
 * items the same turn.
 */
@Entity({ name: 'moderation_round_robin' })
@BrandRelation('CASCADE')
export class ModerationRoundRobinEntity extends TenantOwned {
  @PrimaryColumn({ name: 'brand_id', type: 'uuid' })
  brandId: string;

  @Column({ type: 'bigint', default: 0 })
  assigned: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
