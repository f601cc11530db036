import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly-once sends (issue 16, item 2): a send to a network is recorded and committed before the
 * connector is called, one row per post revision and profile (unique), and a post is claimed with
 * a lease while its sends are in flight. Replies get the same lease and attempt count.
 */
export class ExactlyOnceSends1795710000000 implements MigrationInterface {
    name = 'ExactlyOnceSends1795710000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "posts" ADD "publish_claim" uuid`);
        await queryRunner.query(`ALTER TABLE "posts" ADD "publish_lease_until" TIMESTAMP WITH TIME ZONE`);

        await queryRunner.query(`CREATE TYPE "public"."post_publication_status" AS ENUM('SENDING', 'SENT', 'FAILED')`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "revision" integer`);
        // Rows so far were written after the network answered: SENT, and their key is the one publicationKey() derives.
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "status" "public"."post_publication_status" NOT NULL DEFAULT 'SENT'`);
        await queryRunner.query(`ALTER TABLE "post_publications" ALTER COLUMN "status" SET DEFAULT 'SENDING'`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "idempotency_key" character varying(100)`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "attempts" integer NOT NULL DEFAULT '1'`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "reconciled" character varying(20)`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "error" text`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "sent_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "post_publications" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
        await queryRunner.query(`UPDATE "post_publications" SET "revision" = coalesce(("payload" ->> 'revision')::int, 1), "sent_at" = "created_at", "updated_at" = "created_at"`);
        await queryRunner.query(`UPDATE "post_publications" SET "idempotency_key" = 'post-' || rtrim(translate(encode(sha256(convert_to(
            "organization_id" || ':' || "post_id" || ':' || "profile_id" || ':' || "revision", 'UTF8')), 'base64'), '+/', '-_'), '=')`);
        // Before this, a crash could send one revision twice to a profile (issue 16 measured 23 such
        // duplicates): the first row of each stays, the later ones cannot be told apart by the key.
        await queryRunner.query(`DELETE FROM "post_publications" a USING "post_publications" b
            WHERE a."organization_id" = b."organization_id" AND a."post_id" = b."post_id" AND a."profile_id" = b."profile_id" AND a."revision" = b."revision"
              AND (a."created_at", a."id") > (b."created_at", b."id")`);
        await queryRunner.query(`ALTER TABLE "post_publications" ALTER COLUMN "revision" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "post_publications" ALTER COLUMN "idempotency_key" SET NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_post_publications_send" ON "post_publications" ("organization_id", "post_id", "profile_id", "revision") `);

        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD "send_claim" uuid`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD "send_lease_until" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD "attempts" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" ADD "reconciled" character varying(20)`);
        await queryRunner.query(`UPDATE "inbox_replies" SET "attempts" = 1 WHERE "status" IN ('SENDING', 'SENT', 'FAILED')`);
        await queryRunner.query(`CREATE INDEX "IDX_inbox_replies_sending" ON "inbox_replies" ("send_lease_until") WHERE "status" = 'SENDING'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_inbox_replies_sending"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP COLUMN "reconciled"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP COLUMN "attempts"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP COLUMN "send_lease_until"`);
        await queryRunner.query(`ALTER TABLE "inbox_replies" DROP COLUMN "send_claim"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_post_publications_send"`);
        // Sends not yet settled were never known to the old code: it only kept what the network confirmed.
        await queryRunner.query(`DELETE FROM "post_publications" WHERE "status" <> 'SENT'`);
        for (const column of ['updated_at', 'sent_at', 'error', 'reconciled', 'attempts', 'idempotency_key', 'status', 'revision']) {
            await queryRunner.query(`ALTER TABLE "post_publications" DROP COLUMN "${column}"`);
        }
        await queryRunner.query(`DROP TYPE "public"."post_publication_status"`);
        await queryRunner.query(`ALTER TABLE "posts" DROP COLUMN "publish_lease_until"`);
        await queryRunner.query(`ALTER TABLE "posts" DROP COLUMN "publish_claim"`);
    }
}
