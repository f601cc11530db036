import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The overdue watch (src/inbox/sla-watch.ts) claims, across organizations every few seconds,
 * the items still awaiting a first answer past their due time: a partial index holds just
 * those, so a pass reads a handful of index entries instead of scanning every tenant's items.
 * An index adds no table: no grant or policy to add.
 */
export class InboxSlaWatch1795706500000 implements MigrationInterface {
  name = 'InboxSlaWatch1795706500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_inbox_items_sla_watch" ON "inbox_items"  ("due_at") WHERE "sla_breached_at" IS NULL AND "first_response_at" IS NULL AND "status" IN ('OPEN', 'ASSIGNED') AND "due_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_inbox_items_sla_watch"`);
  }
}
