import { MigrationInterface, QueryRunner } from "typeorm";

const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;
const TENANT_TABLES = ['contacts', 'inbox_conversations', 'inbox_items', 'inbox_replies', 'inbox_notes'];

export class Inbox1795706100000 implements MigrationInterface {
    name = 'Inbox1795706100000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "contacts" ("organization_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "network" "public"."social_network" NOT NULL, "handle" character varying(200) NOT NULL, "display_name" character varying(200), "profile_url" character varying(2048), "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b99cd40cfd66a99f1571f4f72e6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "inbox_conversations" ("organization_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "profile_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "contact_id" uuid NOT NULL, "thread_key" character varying(300) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_12c811fe023827f660ab0cdce87" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_inbox_conversations_thread" ON "inbox_conversations"  ("organization_id", "profile_id", "thread_key") `);
        await queryRunner.query(`CREATE TYPE "public"."inbox_item_kind" AS ENUM('COMMENT', 'REPLY', 'MENTION', 'DIRECT_MESSAGE', 'REVIEW', 'SHARE')`);
        await queryRunner.query(`CREATE TYPE "public"."inbox_about" AS ENUM('QUESTION', 'COMPLAINT', 'PRAISE', 'OTHER')`);
        await queryRunner.query(`CREATE TYPE "public"."inbox_about_source" AS ENUM('INGEST', 'RULE', 'AGENT')`);
        await queryRunner.query(`CREATE TYPE "public"."inbox_item_status" AS ENUM('OPEN', 'ASSIGNED', 'WAITING', 'CLOSED', 'HIDDEN', 'SPAM')`);
        await queryRunner.query(`CREATE TYPE "public"."inbox_priority" AS ENUM('LOW', 'NORMAL', 'HIGH', 'URGENT')`);
        await queryRunner.query(`CREATE TABLE "inbox_items" ("organization_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "profile_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "conversation_id" uuid NOT NULL, "contact_id" uuid NOT NULL, "network_id" character varying(300) NOT NULL, "parent_network_id" character varying(300), "kind" "public"."inbox_item_kind" NOT NULL, "about" "public"."inbox_about" NOT NULL DEFAULT 'OTHER', "about_set_by" "public"."inbox_about_source" NOT NULL DEFAULT 'INGEST', "body" text NOT NULL, "language" character varying(35), "post_id" uuid, "permalink" character varying(2048), "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" "public"."inbox_item_status" NOT NULL DEFAULT 'OPEN', "priority" "public"."inbox_priority" NOT NULL DEFAULT 'NORMAL', "labels" text array NOT NULL DEFAULT '{}', "assignee_id" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE, "claimed" boolean NOT NULL DEFAULT false, "due_at" TIMESTAMP WITH TIME ZONE, "first_response_at" TIMESTAMP WITH TIME ZONE, "sla_breached_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "hidden_at" TIMESTAMP WITH TIME ZONE, "thanked_at" TIMESTAMP WITH TIME ZONE, "thanked_by_id" uuid, "moderation" jsonb NOT NULL DEFAULT '[]', "promoted_post_id" uuid, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d7d185785d28b1ad0c57d91a8be" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_items_conversation" ON "inbox_items"  ("conversation_id", "received_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_items_assignee" ON "inbox_items"  ("organization_id", "assignee_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_items_due" ON "inbox_items"  ("organization_id", "status", "due_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_items_brand" ON "inbox_items"  ("organization_id", "brand_id", "received_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_inbox_items_network_id" ON "inbox_items"  ("organization_id", "profile_id", "network_id") `);
        await queryRunner.query(`CREATE TYPE "public"."inbox_reply_status" AS ENUM('PENDING_APPROVAL', 'SENDING', 'SENT', 'FAILED', 'REJECTED', 'CHANGES_REQUESTED')`);
        await queryRunner.query(`CREATE TABLE "inbox_replies" ("organization_id" uuid NOT NULL, "brand_id" uuid NOT NULL, "profile_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "author_id" uuid NOT NULL, "author_type" "public"."principal_type" NOT NULL, "body" text NOT NULL, "tags" text array NOT NULL DEFAULT '{}', "status" "public"."inbox_reply_status" NOT NULL, "network_id" character varying(300), "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b3cec0e38d5d925e0d5120f8c84" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_replies_conversation" ON "inbox_replies"  ("conversation_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_replies_item" ON "inbox_replies"  ("item_id", "created_at") `);
        await queryRunner.query(`CREATE TABLE "inbox_notes" ("organization_id" uuid NOT NULL, "id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_124f5244621b10752efa516a286" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_notes_item" ON "inbox_notes"  ("item_id", "created_at") `);
        await queryRunner.query(`ALTER TYPE "public"."external_ref_entity_type" ADD VALUE IF NOT EXISTS 'CONTACT'`);
        await queryRunner.query(`ALTER TYPE "public"."external_ref_entity_type" ADD VALUE IF NOT EXISTS 'INBOX_ITEM'`);
        await queryRunner.query(`ALTER TABLE "contacts" ADD CONSTRAINT "FK_0799185e89f0eec8f7ec05a5bb8" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" ADD CONSTRAINT "FK_1f4fcb27469d7dec469d385126d" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" ADD CONSTRAINT "FK_a38fcd60ff17270bcb4626f8051" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" ADD CONSTRAINT "FK_347ecfb9783a1e859f34f81d493" FOREIGN KEY ("profile_id") REFERENCES "social_profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" ADD CONSTRAINT "FK_b62f84e36eb06a2b18328f98444" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_aac294116c3e77ea8191b68a3d6" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_a9cee255438919204675e92084b" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_ce0fe34b5b490ddc69e4090c911" FOREIGN KEY ("profile_id") REFERENCES "social_profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_d770333f2c4598c87391ac4c4f0" FOREIGN KEY ("conversation_id") REFERENCES "inbox_conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_c2f35fd779cd0b47142d944f350" FOREIGN KEY ("contact_id") REFERENCES "contacts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_d327998e6c1168fa252612df6b2" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_ba9fdb6ff55a15e52a5c523ddb2" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_items" ADD CONSTRAINT "FK_b41292e06f98f34445cd43bb0df" FOREIGN KEY ("promoted_post_id") REFERENCES "posts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD CONSTRAINT "FK_253a8ff77ffe4f6ac95ac157b24" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD CONSTRAINT "FK_bd653fac6db5c602c1b960fa689" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD CONSTRAINT "FK_7551a0868753896077a87ad2698" FOREIGN KEY ("profile_id") REFERENCES "social_profiles"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD CONSTRAINT "FK_59ce44abb85b05cf1a433954192" FOREIGN KEY ("item_id") REFERENCES "inbox_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD CONSTRAINT "FK_b3968a21ffaf4036a0eaa3b329d" FOREIGN KEY ("conversation_id") REFERENCES "inbox_conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_notes" ADD CONSTRAINT "FK_c2a766d5f1af2551b2440be82e0" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "inbox_notes" ADD CONSTRAINT "FK_2818849288215301ec5cba0f79a" FOREIGN KEY ("item_id") REFERENCES "inbox_items"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Hand-written: a contact is one per network handle, compared case-insensitively.
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_contacts_handle" ON "contacts" ("organization_id", "network", lower("handle"))`);
        // Hand-written: the second tenant wall.
        for (const table of TENANT_TABLES) {
            await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO parasol_app`);
            await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
            await queryRunner.query(`CREATE POLICY tenant_isolation ON ${table} USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
        }
        // approval_requests.inbox_reply_id (ApprovalSubjects, 1795706000000) can only point here now that the table exists.
        await queryRunner.query(`ALTER TABLE "approval_requests" ADD CONSTRAINT "FK_approval_requests_inbox_reply" FOREIGN KEY ("inbox_reply_id") REFERENCES "inbox_replies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "approval_requests" DROP CONSTRAINT "FK_approval_requests_inbox_reply"`);
        for (const table of TENANT_TABLES) {
            await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
            await queryRunner.query(`REVOKE ALL ON ${table} FROM parasol_app`);
        }
        await queryRunner.query(`DROP INDEX "public"."UQ_contacts_handle"`);
        await queryRunner.query(`DELETE FROM external_refs WHERE entity_type IN ('CONTACT', 'INBOX_ITEM')`);
        await queryRunner.query(`ALTER TABLE "inbox_notes" DROP CONSTRAINT "FK_2818849288215301ec5cba0f79a"`);
        await queryRunner.query(`ALTER TABLE "inbox_notes" DROP CONSTRAINT "FK_c2a766d5f1af2551b2440be82e0"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP CONSTRAINT "FK_b3968a21ffaf4036a0eaa3b329d"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP CONSTRAINT "FK_59ce44abb85b05cf1a433954192"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP CONSTRAINT "FK_7551a0868753896077a87ad2698"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP CONSTRAINT "FK_bd653fac6db5c602c1b960fa689"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP CONSTRAINT "FK_253a8ff77ffe4f6ac95ac157b24"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_b41292e06f98f34445cd43bb0df"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_ba9fdb6ff55a15e52a5c523ddb2"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_d327998e6c1168fa252612df6b2"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_c2f35fd779cd0b47142d944f350"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_d770333f2c4598c87391ac4c4f0"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_ce0fe34b5b490ddc69e4090c911"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_a9cee255438919204675e92084b"`);
        await queryRunner.query(`ALTER TABLE "inbox_items" DROP CONSTRAINT "FK_aac294116c3e77ea8191b68a3d6"`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" DROP CONSTRAINT "FK_b62f84e36eb06a2b18328f98444"`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" DROP CONSTRAINT "FK_347ecfb9783a1e859f34f81d493"`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" DROP CONSTRAINT "FK_a38fcd60ff17270bcb4626f8051"`);
        await queryRunner.query(`ALTER TABLE "inbox_conversations" DROP CONSTRAINT "FK_1f4fcb27469d7dec469d385126d"`);
        await queryRunner.query(`ALTER TABLE "contacts" DROP CONSTRAINT "FK_0799185e89f0eec8f7ec05a5bb8"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_external_refs_external_id"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_external_refs_entity"`);
        await queryRunner.query(`CREATE TYPE "public"."external_ref_entity_type_old" AS ENUM('BRAND', 'SOCIAL_PROFILE', 'USER', 'POST')`);
        await queryRunner.query(`ALTER TABLE "external_refs" ALTER COLUMN "entity_type" TYPE "public"."external_ref_entity_type_old" USING "entity_type"::"text"::"public"."external_ref_entity_type_old"`);
        await queryRunner.query(`DROP TYPE "public"."external_ref_entity_type"`);
        await queryRunner.query(`ALTER TYPE "public"."external_ref_entity_type_old" RENAME TO "external_ref_entity_type"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_external_refs_entity" ON "external_refs" USING btree ("organization_id", "system", "entity_type", "entity_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_external_refs_external_id" ON "external_refs" USING btree ("organization_id", "system", "entity_type", "external_id") `);
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_notes_item"`);
        await queryRunner.query(`DROP TABLE "inbox_notes"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_replies_item"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_replies_conversation"`);
        await queryRunner.query(`DROP TABLE "inbox_replies"`);
        await queryRunner.query(`DROP TYPE "public"."inbox_reply_status"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_inbox_items_network_id"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_items_brand"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_items_due"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_items_assignee"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_items_conversation"`);
        await queryRunner.query(`DROP TABLE "inbox_items"`);
        await queryRunner.query(`DROP TYPE "public"."inbox_priority"`);
        await queryRunner.query(`DROP TYPE "public"."inbox_item_status"`);
        await queryRunner.query(`DROP TYPE "public"."inbox_about_source"`);
        await queryRunner.query(`DROP TYPE "public"."inbox_about"`);
        await queryRunner.query(`DROP TYPE "public"."inbox_item_kind"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_inbox_conversations_thread"`);
        await queryRunner.query(`DROP TABLE "inbox_conversations"`);
        await queryRunner.query(`DROP TABLE "contacts"`);
    }

}
