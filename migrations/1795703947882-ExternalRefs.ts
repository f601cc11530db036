import { MigrationInterface, QueryRunner } from "typeorm";

const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;

export class ExternalRefs1795703947882 implements MigrationInterface {
    name = 'ExternalRefs1795703947882'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."external_ref_entity_type" AS ENUM('BRAND', 'SOCIAL_PROFILE', 'USER', 'POST')`);
        await queryRunner.query(`CREATE TABLE "external_refs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "system" character varying(60) NOT NULL, "external_id" character varying(255) NOT NULL, "entity_type" "public"."external_ref_entity_type" NOT NULL, "entity_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d7f415df6fc5b33edf9b11ba7f2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_external_refs_entity" ON "external_refs"  ("organization_id", "entity_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_external_refs_entity" ON "external_refs"  ("organization_id", "system", "entity_type", "entity_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_external_refs_external_id" ON "external_refs"  ("organization_id", "system", "entity_type", "external_id") `);
        await queryRunner.query(`ALTER TABLE "external_refs" ADD CONSTRAINT "FK_70b0cf132ad7d5ece0aa2f5739e" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        // Hand-written: the second tenant wall.
        await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON external_refs TO parasol_app`);
        await queryRunner.query(`ALTER TABLE external_refs ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`CREATE POLICY tenant_isolation ON external_refs USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP POLICY tenant_isolation ON external_refs`);
        await queryRunner.query(`REVOKE ALL ON external_refs FROM parasol_app`);
        await queryRunner.query(`ALTER TABLE "external_refs" DROP CONSTRAINT "FK_70b0cf132ad7d5ece0aa2f5739e"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_external_refs_external_id"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_external_refs_entity"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_external_refs_entity"`);
        await queryRunner.query(`DROP TABLE "external_refs"`);
        await queryRunner.query(`DROP TYPE "public"."external_ref_entity_type"`);
    }

}
