import { MigrationInterface, QueryRunner } from "typeorm";

const TENANT_TABLES = ['policies', 'approval_workflows', 'posts', 'post_revisions', 'post_publications', 'approval_requests', 'approval_decisions'];
const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;

export class PostsPoliciesApprovals1795702612433 implements MigrationInterface {
    name = 'PostsPoliciesApprovals1795702612433'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."post_status" AS ENUM('DRAFT', 'IN_REVIEW', 'APPROVED', 'SCHEDULED', 'PUBLISHED', 'CHANGES_REQUESTED', 'REJECTED', 'ARCHIVED')`);
        await queryRunner.query(`CREATE TYPE "public"."post_format" AS ENUM('TEXT', 'IMAGE', 'VIDEO', 'BLOG_POST', 'INTERVIEW', 'LINK')`);
        await queryRunner.query(`CREATE TABLE "posts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "author_id" uuid NOT NULL, "author_type" "public"."principal_type" NOT NULL, "status" "public"."post_status" NOT NULL DEFAULT 'DRAFT', "title" character varying(200), "body" text NOT NULL, "format" "public"."post_format" NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "duration_seconds" integer, "source" jsonb, "label" character varying(100), "internal_test" jsonb, "profile_ids" uuid array NOT NULL, "revision" integer NOT NULL DEFAULT '1', "scheduled_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "publish_attempts" integer NOT NULL DEFAULT '0', "publish_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_posts_due" ON "posts"  ("status", "scheduled_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_posts_brand" ON "posts"  ("organization_id", "brand_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "post_revisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "post_id" uuid NOT NULL, "number" integer NOT NULL, "title" character varying(200), "body" text NOT NULL, "format" "public"."post_format" NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "duration_seconds" integer, "source" jsonb, "label" character varying(100), "internal_test" jsonb, "profile_ids" uuid array NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_871219c3d5044d70ff7d59480b8" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_post_revisions_number" ON "post_revisions"  ("post_id", "number") `);
        await queryRunner.query(`CREATE TABLE "post_publications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "post_id" uuid NOT NULL, "profile_id" uuid NOT NULL, "connector" character varying(40) NOT NULL, "payload" jsonb NOT NULL, "external_id" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1ed1a80d0b3c73e515417cb2369" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_post_publications_post" ON "post_publications"  ("post_id") `);
        await queryRunner.query(`CREATE TABLE "approval_workflows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "name" character varying(120) NOT NULL, "description" text, "stages" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f326145fd927565de30b360264b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_approval_workflows_name" ON "approval_workflows"  ("organization_id", "name") `);
        await queryRunner.query(`CREATE TYPE "public"."approval_request_status" AS ENUM('OPEN', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED', 'VOID')`);
        await queryRunner.query(`CREATE TABLE "approval_requests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "post_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "revision" integer NOT NULL, "workflow_ids" uuid array NOT NULL, "stages" jsonb NOT NULL, "status" "public"."approval_request_status" NOT NULL DEFAULT 'OPEN', "current_stage" integer NOT NULL DEFAULT '0', "stage_started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "escalated_at" TIMESTAMP WITH TIME ZONE, "submitted_by_id" uuid NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_484806bb8ff331b851fc75973c0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_approval_requests_post" ON "approval_requests"  ("post_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_approval_requests_open" ON "approval_requests"  ("organization_id", "status", "created_at") `);
        await queryRunner.query(`CREATE TYPE "public"."approval_decision_kind" AS ENUM('APPROVE', 'REJECT', 'REQUEST_CHANGES')`);
        await queryRunner.query(`CREATE TABLE "approval_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "request_id" uuid NOT NULL, "stage" integer NOT NULL, "decider_id" uuid NOT NULL, "decision" "public"."approval_decision_kind" NOT NULL, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1ab59e2a6ef9cbc15372cf232e4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_approval_decisions_once" ON "approval_decisions"  ("request_id", "stage", "decider_id") `);
        await queryRunner.query(`CREATE TYPE "public"."policy_type" AS ENUM('APPROVAL_REQUIRED', 'BANNED_TERMS', 'REQUIRED_DISCLOSURE', 'CONTENT_LENGTH', 'POSTING_CADENCE', 'ORIGINAL_CONTENT_RATIO', 'LAUNCH_READINESS', 'RESPONSE_SLA', 'SOURCE_VERIFICATION', 'SPECULATION_LABEL', 'INTERNAL_AUDIENCE_TEST')`);
        await queryRunner.query(`CREATE TYPE "public"."policy_enforcement" AS ENUM('BLOCK', 'WARN')`);
        await queryRunner.query(`CREATE TABLE "policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "type" "public"."policy_type" NOT NULL, "enforcement" "public"."policy_enforcement" NOT NULL DEFAULT 'BLOCK', "locked" boolean NOT NULL DEFAULT false, "enabled" boolean NOT NULL DEFAULT true, "config" jsonb NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_603e09f183df0108d8695c57e28" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_policies_organization" ON "policies"  ("organization_id", "brand_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_policies_brand_type" ON "policies"  ("brand_id", "type") `);
        await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_47dffb39b4d5ab644bb67bf12d1" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_5848e26c6be35f892987370f848" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_revisions" ADD CONSTRAINT "FK_3bad5b2f0b487c3653a1834285a" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_revisions" ADD CONSTRAINT "FK_21715fae1f647ae1e4b0741346a" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD CONSTRAINT "FK_3fc1fc3b592c644b2bfec8db8c1" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD CONSTRAINT "FK_273aaff47109c33f63e4ed6a5f2" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approval_workflows" ADD CONSTRAINT "FK_b0bd060b0744b32835f13d572d0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approval_requests" ADD CONSTRAINT "FK_48206c45316b368509fa89b7bac" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approval_requests" ADD CONSTRAINT "FK_4d479cbc381a4446276d12efacb" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approval_requests" ADD CONSTRAINT "FK_082f225462f36c8b7197594e5c2" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approval_decisions" ADD CONSTRAINT "FK_ad3e231dce69e48ef28e8639ad5" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "approval_decisions" ADD CONSTRAINT "FK_0629e152f66fd1ca66cdc71a0d1" FOREIGN KEY ("request_id") REFERENCES "approval_requests"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "policies" ADD CONSTRAINT "FK_99014cc37299138c942ad2db5b0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "policies" ADD CONSTRAINT "FK_557b9e9cb19b8524d15dabaf67b" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        // Hand-written: the profile lookup of cadence, ratio and launch readiness, and the second tenant wall.
        await queryRunner.query(`CREATE INDEX "IDX_posts_profile_ids" ON "posts" USING gin ("profile_ids")`);
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
        await queryRunner.query(`DROP INDEX "public"."IDX_posts_profile_ids"`);
        await queryRunner.query(`ALTER TABLE "policies" DROP CONSTRAINT "FK_557b9e9cb19b8524d15dabaf67b"`);
        await queryRunner.query(`ALTER TABLE "policies" DROP CONSTRAINT "FK_99014cc37299138c942ad2db5b0"`);
        await queryRunner.query(`ALTER TABLE "approval_decisions" DROP CONSTRAINT "FK_0629e152f66fd1ca66cdc71a0d1"`);
        await queryRunner.query(`ALTER TABLE "approval_decisions" DROP CONSTRAINT "FK_ad3e231dce69e48ef28e8639ad5"`);
        await queryRunner.query(`ALTER TABLE "approval_requests" DROP CONSTRAINT "FK_082f225462f36c8b7197594e5c2"`);
        await queryRunner.query(`ALTER TABLE "approval_requests" DROP CONSTRAINT "FK_4d479cbc381a4446276d12efacb"`);
        await queryRunner.query(`ALTER TABLE "approval_requests" DROP CONSTRAINT "FK_48206c45316b368509fa89b7bac"`);
        await queryRunner.query(`ALTER TABLE "approval_workflows" DROP CONSTRAINT "FK_b0bd060b0744b32835f13d572d0"`);
        await queryRunner.query(`ALTER TABLE "post_publications" DROP CONSTRAINT "FK_273aaff47109c33f63e4ed6a5f2"`);
        await queryRunner.query(`ALTER TABLE "post_publications" DROP CONSTRAINT "FK_3fc1fc3b592c644b2bfec8db8c1"`);
        await queryRunner.query(`ALTER TABLE "post_revisions" DROP CONSTRAINT "FK_21715fae1f647ae1e4b0741346a"`);
        await queryRunner.query(`ALTER TABLE "post_revisions" DROP CONSTRAINT "FK_3bad5b2f0b487c3653a1834285a"`);
        await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_5848e26c6be35f892987370f848"`);
        await queryRunner.query(`ALTER TABLE "posts" DROP CONSTRAINT "FK_47dffb39b4d5ab644bb67bf12d1"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_policies_brand_type"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_policies_organization"`);
        await queryRunner.query(`DROP TABLE "policies"`);
        await queryRunner.query(`DROP TYPE "public"."policy_enforcement"`);
        await queryRunner.query(`DROP TYPE "public"."policy_type"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_approval_decisions_once"`);
        await queryRunner.query(`DROP TABLE "approval_decisions"`);
        await queryRunner.query(`DROP TYPE "public"."approval_decision_kind"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_approval_requests_open"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_approval_requests_post"`);
        await queryRunner.query(`DROP TABLE "approval_requests"`);
        await queryRunner.query(`DROP TYPE "public"."approval_request_status"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_approval_workflows_name"`);
        await queryRunner.query(`DROP TABLE "approval_workflows"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_post_publications_post"`);
        await queryRunner.query(`DROP TABLE "post_publications"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_post_revisions_number"`);
        await queryRunner.query(`DROP TABLE "post_revisions"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_posts_brand"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_posts_due"`);
        await queryRunner.query(`DROP TABLE "posts"`);
        await queryRunner.query(`DROP TYPE "public"."post_format"`);
        await queryRunner.query(`DROP TYPE "public"."post_status"`);
    }

}
