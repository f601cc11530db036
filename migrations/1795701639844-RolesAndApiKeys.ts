import { MigrationInterface, QueryRunner } from "typeorm";

export class RolesAndApiKeys1795701639844 implements MigrationInterface {
    name = 'RolesAndApiKeys1795701639844'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."principal_type" AS ENUM('USER', 'API_KEY')`);
        await queryRunner.query(`CREATE TABLE "role_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "principal_type" "public"."principal_type" NOT NULL, "principal_id" uuid NOT NULL, "role_key" character varying(40) NOT NULL, "brand_id" uuid, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_fc2df9835ac1d2a34839f113783" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_role_assignments_brand" ON "role_assignments"  ("brand_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_role_assignments_role" ON "role_assignments"  ("organization_id", "role_key") `);
        await queryRunner.query(`CREATE INDEX "IDX_role_assignments_principal" ON "role_assignments"  ("organization_id", "principal_id") `);
        await queryRunner.query(`CREATE TABLE "roles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "key" character varying(40) NOT NULL, "name" character varying(120) NOT NULL, "description" text, "permissions" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c1433d71a4838793a49dcad46ab" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_roles_key" ON "roles"  ("organization_id", "key") `);
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "prefix" character varying(16) NOT NULL, "secret_hash" character(64) NOT NULL, "created_by_id" uuid, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_keys_secret_hash" ON "api_keys"  ("secret_hash") `);
        await queryRunner.query(`CREATE INDEX "IDX_api_keys_organization" ON "api_keys"  ("organization_id", "created_at") `);
        // Organization admins become org-wide ORG_ADMIN assignments before the flag goes.
        await queryRunner.query(`INSERT INTO "role_assignments" ("organization_id", "principal_type", "principal_id", "role_key", "brand_id") SELECT "organization_id", 'USER', "id", 'ORG_ADMIN', NULL FROM "users" WHERE "is_org_admin"`);
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "is_org_admin"`);
        await queryRunner.query(`ALTER TABLE "role_assignments" ADD CONSTRAINT "FK_2ed270f34080896391f364fc844" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "role_assignments" ADD CONSTRAINT "FK_f9adc857e0ce34a34d0d2beff48" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "roles" ADD CONSTRAINT "FK_c328a1ecd12a5f153a96df4509e" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a283bdef18876e525aefaec042f" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Hand-written: one assignment per principal, role and brand, or org-wide.
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_role_assignments_brand" ON "role_assignments" ("organization_id", "principal_id", "role_key", "brand_id") WHERE "brand_id" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_role_assignments_org" ON "role_assignments" ("organization_id", "principal_id", "role_key") WHERE "brand_id" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a283bdef18876e525aefaec042f"`);
        await queryRunner.query(`ALTER TABLE "roles" DROP CONSTRAINT "FK_c328a1ecd12a5f153a96df4509e"`);
        await queryRunner.query(`ALTER TABLE "role_assignments" DROP CONSTRAINT "FK_f9adc857e0ce34a34d0d2beff48"`);
        await queryRunner.query(`ALTER TABLE "role_assignments" DROP CONSTRAINT "FK_2ed270f34080896391f364fc844"`);
        await queryRunner.query(`ALTER TABLE "users" ADD "is_org_admin" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`UPDATE "users" u SET "is_org_admin" = true WHERE EXISTS (SELECT 1 FROM "role_assignments" a WHERE a."principal_id" = u."id" AND a."role_key" = 'ORG_ADMIN' AND a."brand_id" IS NULL)`);
        await queryRunner.query(`DROP INDEX "public"."UQ_role_assignments_org"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_role_assignments_brand"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_organization"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_api_keys_secret_hash"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_roles_key"`);
        await queryRunner.query(`DROP TABLE "roles"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_role_assignments_principal"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_role_assignments_role"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_role_assignments_brand"`);
        await queryRunner.query(`DROP TABLE "role_assignments"`);
        await queryRunner.query(`DROP TYPE "public"."principal_type"`);
    }

}
