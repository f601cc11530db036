import { MigrationInterface, QueryRunner } from "typeorm";

const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;

export class IdempotencyKeys1795704210586 implements MigrationInterface {
    name = 'IdempotencyKeys1795704210586'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."idempotency_key_status" AS ENUM('IN_PROGRESS', 'COMPLETED')`);
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("organization_id" uuid NOT NULL, "principal_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "status" "public"."idempotency_key_status" NOT NULL, "claim_id" uuid NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, "response_status" smallint, "response_body" bytea, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_3e76a48ed664d2e0261f7bdad9c" PRIMARY KEY ("organization_id", "principal_id", "key"))`);
        await queryRunner.query(`CREATE INDEX "IDX_idempotency_keys_expires_at" ON "idempotency_keys"  ("expires_at") `);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD CONSTRAINT "FK_12d9576ef013c5bd4eead32afd0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        // Hand-written: keys are claimed, replayed and released through the system path (the
        // owner, before the request's tenant is bound to a transaction), and completed in the
        // request's tenant transaction, so that path gets the same wall as every tenant table:
        // it may read, complete and give back its own organization's keys, and never insert one.
        await queryRunner.query(`GRANT SELECT, UPDATE, DELETE ON idempotency_keys TO parasol_app`);
        await queryRunner.query(`ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`CREATE POLICY tenant_isolation ON idempotency_keys USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP POLICY tenant_isolation ON idempotency_keys`);
        await queryRunner.query(`REVOKE ALL ON idempotency_keys FROM parasol_app`);
        await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP CONSTRAINT "FK_12d9576ef013c5bd4eead32afd0"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_idempotency_keys_expires_at"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
        await queryRunner.query(`DROP TYPE "public"."idempotency_key_status"`);
    }

}
