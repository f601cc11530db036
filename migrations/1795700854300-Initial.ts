import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795700854300 implements MigrationInterface {
    name = 'Initial1795700854300'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "slug" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_organizations_slug" ON "organizations"  ("slug") `);
        await queryRunner.query(`CREATE TYPE "public"."brand_status" AS ENUM('ACTIVE', 'ARCHIVED')`);
        await queryRunner.query(`CREATE TABLE "brands" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "parent_id" uuid, "ancestor_ids" uuid array NOT NULL DEFAULT '{}', "depth" integer NOT NULL DEFAULT '0', "name" character varying(120) NOT NULL, "slug" character varying(64) NOT NULL, "status" "public"."brand_status" NOT NULL DEFAULT 'ACTIVE', "description" text, "branding" jsonb NOT NULL DEFAULT '{}', "audience" jsonb NOT NULL DEFAULT '{}', "goals" text array NOT NULL DEFAULT '{}', "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0c437120b624da1034a81fc561" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_brands_parent" ON "brands"  ("organization_id", "parent_id") `);
        await queryRunner.query(`CREATE TYPE "public"."user_status" AS ENUM('ACTIVE', 'DEACTIVATED')`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "display_name" character varying(120) NOT NULL, "password_hash" character varying(255) NOT NULL, "is_org_admin" boolean NOT NULL DEFAULT false, "status" "public"."user_status" NOT NULL DEFAULT 'ACTIVE', "last_login_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users"  ("email") `);
        await queryRunner.query(`CREATE INDEX "IDX_users_organization" ON "users"  ("organization_id", "created_at") `);
        await queryRunner.query(`CREATE TYPE "public"."social_network" AS ENUM('FACEBOOK', 'X', 'INSTAGRAM', 'LINKEDIN', 'YOUTUBE', 'PINTEREST', 'TIKTOK', 'BLOG', 'OTHER')`);
        await queryRunner.query(`CREATE TYPE "public"."social_profile_status" AS ENUM('DRAFT', 'LIVE', 'PAUSED', 'ARCHIVED')`);
        await queryRunner.query(`CREATE TABLE "social_profiles" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "network" "public"."social_network" NOT NULL, "handle" character varying(100) NOT NULL, "display_name" character varying(120) NOT NULL, "url" character varying(2048), "status" "public"."social_profile_status" NOT NULL DEFAULT 'DRAFT', "launched_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b07773de7651b6e0d11719b971a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_social_profiles_brand" ON "social_profiles"  ("organization_id", "brand_id") `);
        await queryRunner.query(`ALTER TABLE "brands" ADD CONSTRAINT "FK_ed6cc1dbd7561850ba4818c5b4d" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "brands" ADD CONSTRAINT "FK_3e3cad1bbfcda87b0c535ca84d8" FOREIGN KEY ("parent_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_21a659804ed7bf61eb91688dea7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "social_profiles" ADD CONSTRAINT "FK_237802d284a59ce088eed0460bb" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "social_profiles" ADD CONSTRAINT "FK_a774b5c3417a71dbdfce85f7846" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);

        // Hand-written: what TypeORM cannot declare (see the entities' synchronize: false indexes).
        // Live sibling slugs are unique; roots are siblings of each other.
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_brands_sibling_slug" ON "brands" ("organization_id", "parent_id", "slug") WHERE "archived_at" IS NULL AND "parent_id" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_brands_root_slug" ON "brands" ("organization_id", "slug") WHERE "archived_at" IS NULL AND "parent_id" IS NULL`);
        // Descendants of X: ancestor_ids @> ARRAY[X], one GIN index lookup whatever the depth.
        await queryRunner.query(`CREATE INDEX "IDX_brands_ancestor_ids" ON "brands" USING gin ("ancestor_ids")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_social_profiles_handle" ON "social_profiles" ("organization_id", "network", lower("handle"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_social_profiles_handle"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_brands_ancestor_ids"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_brands_root_slug"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_brands_sibling_slug"`);
        await queryRunner.query(`ALTER TABLE "social_profiles" DROP CONSTRAINT "FK_a774b5c3417a71dbdfce85f7846"`);
        await queryRunner.query(`ALTER TABLE "social_profiles" DROP CONSTRAINT "FK_237802d284a59ce088eed0460bb"`);
        await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_21a659804ed7bf61eb91688dea7"`);
        await queryRunner.query(`ALTER TABLE "brands" DROP CONSTRAINT "FK_3e3cad1bbfcda87b0c535ca84d8"`);
        await queryRunner.query(`ALTER TABLE "brands" DROP CONSTRAINT "FK_ed6cc1dbd7561850ba4818c5b4d"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_social_profiles_brand"`);
        await queryRunner.query(`DROP TABLE "social_profiles"`);
        await queryRunner.query(`DROP TYPE "public"."social_profile_status"`);
        await queryRunner.query(`DROP TYPE "public"."social_network"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_users_organization"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TYPE "public"."user_status"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_brands_parent"`);
        await queryRunner.query(`DROP TABLE "brands"`);
        await queryRunner.query(`DROP TYPE "public"."brand_status"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_organizations_slug"`);
        await queryRunner.query(`DROP TABLE "organizations"`);
    }

}
