import { MigrationInterface, QueryRunner } from "typeorm";

const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;

/** Saved replies per brand (issue 15), inherited down the brand tree; the name (any case) is the override key. */
export class SavedReplies1795706400000 implements MigrationInterface {
    name = 'SavedReplies1795706400000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "saved_replies" ("organization_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "brand_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "body" text NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "locked" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_55af264beda24a4a6daa7f35fe9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "saved_replies" ADD CONSTRAINT "FK_6cf68bd515503de6dfe4283a8af" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "saved_replies" ADD CONSTRAINT "FK_04f5b8b9bd2c11147fcd6ad6295" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Hand-written: one saved reply of a name per brand, compared case-insensitively (the override key).
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_saved_replies_name" ON "saved_replies" ("organization_id", "brand_id", lower("name"))`);
        // Hand-written: the second tenant wall.
        await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON saved_replies TO parasol_app`);
        await queryRunner.query(`ALTER TABLE saved_replies ENABLE ROW LEVEL SECURITY`);
        await queryRunner.query(`CREATE POLICY tenant_isolation ON saved_replies USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP POLICY tenant_isolation ON saved_replies`);
        await queryRunner.query(`REVOKE ALL ON saved_replies FROM parasol_app`);
        await queryRunner.query(`DROP INDEX "public"."UQ_saved_replies_name"`);
        await queryRunner.query(`ALTER TABLE "saved_replies" DROP CONSTRAINT "FK_04f5b8b9bd2c11147fcd6ad6295"`);
        await queryRunner.query(`ALTER TABLE "saved_replies" DROP CONSTRAINT "FK_6cf68bd515503de6dfe4283a8af"`);
        await queryRunner.query(`DROP TABLE "saved_replies"`);
    }
}
