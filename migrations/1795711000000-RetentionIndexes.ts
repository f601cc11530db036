import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention job (src/retention) deletes finished webhook deliveries by age, then the
 * dispatched outbox events no delivery points at any more. A partial index holds the finished
 * deliveries by the time they last changed; an index on the deliveries' outbox event answers
 * "does a delivery still need this event?" and the cascade an outbox delete checks, without a
 * scan of every delivery. Indexes only: no grant or policy to add.
 */
export class RetentionIndexes1795711000000 implements MigrationInterface {
  name = 'RetentionIndexes1795711000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_finished" ON "webhook_deliveries"  ("updated_at") WHERE "status" <> 'PENDING'`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_deliveries_outbox_event" ON "webhook_deliveries"  ("outbox_event_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_outbox_event"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_webhook_deliveries_finished"`);
  }
}
