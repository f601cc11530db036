import { MigrationInterface, QueryRunner } from "typeorm";

const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;

export class AuditAndOutbox1795703176985 implements MigrationInterface {
    name = 'AuditAndOutbox1795703176985'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(16) NOT NULL, "actor_id" uuid NOT NULL, "action" character varying(80) NOT NULL, "entity_type" character varying(40) NOT NULL, "entity_id" uuid NOT NULL, "brand_id" uuid, "changes" jsonb NOT NULL, "request_id" character varying(128), "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_audit_events_time" ON "audit_events"  ("organization_id", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_audit_events_brand" ON "audit_events"  ("organization_id", "brand_id", "seq") `);
        await queryRunner.query(`CREATE INDEX "IDX_audit_events_entity" ON "audit_events"  ("organization_id", "entity_type", "entity_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_events_seq" ON "audit_events"  ("organization_id", "seq") `);
        await queryRunner.query(`CREATE TABLE "outbox_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "audit_event_id" uuid NOT NULL, "type" character varying(80) NOT NULL, "brand_id" uuid, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_events_pending" ON "outbox_events"  ("dispatched_at", "created_at") `);
        await queryRunner.query(`ALTER TABLE "audit_events" ADD CONSTRAINT "FK_6510e4bf7423cd3d750e8c2ae81" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outbox_events" ADD CONSTRAINT "FK_f88ce25498a8b5461d59914b202" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        // Hand-written: the second tenant wall. The audit log is append-only for the service.
        await queryRunner.query(`GRANT SELECT, INSERT ON audit_events TO parasol_app`);
        await queryRunner.query(`GRANT SELECT, INSERT, UPDATE ON outbox_events TO parasol_app`);
        for (const table of ['audit_events', 'outbox_events']) {
            await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
            await queryRunner.query(`CREATE POLICY tenant_isolation ON ${table} USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['audit_events', 'outbox_events']) {
            await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
            await queryRunner.query(`REVOKE ALL ON ${table} FROM parasol_app`);
        }
        await queryRunner.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "FK_f88ce25498a8b5461d59914b202"`);
        await queryRunner.query(`ALTER TABLE "audit_events" DROP CONSTRAINT "FK_6510e4bf7423cd3d750e8c2ae81"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_events_pending"`);
        await queryRunner.query(`DROP TABLE "outbox_events"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_audit_events_seq"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_entity"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_brand"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_audit_events_time"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }

}
