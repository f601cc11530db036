import { MigrationInterface, QueryRunner } from "typeorm";

const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;
const TENANT_TABLES = ['moderation_rules', 'moderation_round_robin'];

export class ModerationRules1795706300000 implements MigrationInterface {
    name = 'ModerationRules1795706300000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."moderation_match" AS ENUM('ALL', 'ANY')`);
        await queryRunner.query(`CREATE TABLE "moderation_rules" ("organization_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "brand_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "position" integer NOT NULL DEFAULT '0', "enabled" boolean NOT NULL DEFAULT true, "locked" boolean NOT NULL DEFAULT false, "match" "public"."moderation_match" NOT NULL DEFAULT 'ALL', "conditions" jsonb NOT NULL, "actions" jsonb NOT NULL, "stop" boolean NOT NULL DEFAULT false, "version" integer NOT NULL DEFAULT '1', "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92eac042752719d816ad5dd30d0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_moderation_rules_brand" ON "moderation_rules"  ("organization_id", "brand_id") `);
        await queryRunner.query(`CREATE TABLE "moderation_round_robin" ("organization_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "assigned" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5037c8cca10f3c35b25b14a0589" PRIMARY KEY ("brand_id"))`);
        await queryRunner.query(`ALTER TABLE "moderation_rules" ADD CONSTRAINT "FK_353a233221d6c829018ad5013c4" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "moderation_rules" ADD CONSTRAINT "FK_8caeeec0ff1ec33a07ea663d32b" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "moderation_round_robin" ADD CONSTRAINT "FK_cf79f9ddc3f7eb2ae841fc7f1b4" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "moderation_round_robin" ADD CONSTRAINT "FK_5037c8cca10f3c35b25b14a0589" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Hand-written: a rule's name is its override key, one per brand, compared case-insensitively.
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_moderation_rules_name" ON "moderation_rules" ("organization_id", "brand_id", lower("name"))`);
        // Hand-written: the second tenant wall.
        for (const table of TENANT_TABLES) {
            await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO parasol_app`);
            await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
            await queryRunner.query(`CREATE POLICY tenant_isolation ON ${table} USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of TENANT_TABLES) {
            await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
            await queryRunner.query(`REVOKE ALL ON ${table} FROM parasol_app`);
        }
        await queryRunner.query(`DROP INDEX "public"."UQ_moderation_rules_name"`);
        await queryRunner.query(`ALTER TABLE "moderation_round_robin" DROP CONSTRAINT "FK_5037c8cca10f3c35b25b14a0589"`);
        await queryRunner.query(`ALTER TABLE "moderation_round_robin" DROP CONSTRAINT "FK_cf79f9ddc3f7eb2ae841fc7f1b4"`);
        await queryRunner.query(`ALTER TABLE "moderation_rules" DROP CONSTRAINT "FK_8caeeec0ff1ec33a07ea663d32b"`);
        await queryRunner.query(`ALTER TABLE "moderation_rules" DROP CONSTRAINT "FK_353a233221d6c829018ad5013c4"`);
        await queryRunner.query(`DROP TABLE "moderation_round_robin"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_moderation_rules_brand"`);
        await queryRunner.query(`DROP TABLE "moderation_rules"`);
        await queryRunner.query(`DROP TYPE "public"."moderation_match"`);
    }

}
