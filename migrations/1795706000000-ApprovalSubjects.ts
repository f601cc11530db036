import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approvals become subject-generic (issue 15, governed replies): a request approves a post
 * revision or an inbox reply, through the same workflows, queue and race-safety.
 *
 * - subject_type says which; exactly the matching id column is set (CHK_approval_requests_subject).
 * - inbox_reply_id has no foreign key here: inbox_replies comes in a later migration, which adds
 *   FK_approval_requests_inbox_reply (... REFERENCES inbox_replies(id) ON DELETE CASCADE).
 * - author_id is stored on the request (backfilled from posts) so that deciding, the queue and
 *   escalation never join the subject's table.
 *
 * RLS, grants and the tenant policy of approval_requests are unchanged: columns only.
 */
export class ApprovalSubjects1795706000000 implements MigrationInterface {
  name = 'ApprovalSubjects1795706000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TYPE "public"."approval_subject" AS ENUM('POST', 'INBOX_REPLY')`);
    await queryRunner.query(`ALTER TABLE "approval_requests" ADD "subject_type" "public"."approval_subject" NOT NULL DEFAULT 'POST'`);
    await queryRunner.query(`ALTER TABLE "approval_requests" ADD "inbox_reply_id" uuid`);
    await queryRunner.query(`ALTER TABLE "approval_requests" ADD "author_id" uuid`);
    // Hand-written: every existing request approves a post; its author is the post's.
    await queryRunner.query(`UPDATE "approval_requests" r SET "author_id" = p."author_id" FROM "posts" p WHERE p."id" = r."post_id"`);
    await queryRunner.query(`ALTER TABLE "approval_requests" ALTER COLUMN "author_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "approval_requests" ALTER COLUMN "post_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_approval_requests_inbox_reply" ON "approval_requests"  ("inbox_reply_id") `);
    await queryRunner.query(
      `ALTER TABLE "approval_requests" ADD CONSTRAINT "CHK_approval_requests_subject" CHECK (("subject_type" = 'POST' AND "post_id" IS NOT NULL AND "inbox_reply_id" IS NULL) OR ("subject_type" = 'INBOX_REPLY' AND "inbox_reply_id" IS NOT NULL AND "post_id" IS NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Requests of other subjects cannot survive post_id NOT NULL again.
    await queryRunner.query(`DELETE FROM "approval_requests" WHERE "subject_type" <> 'POST'`);
    await queryRunner.query(`ALTER TABLE "approval_requests" DROP CONSTRAINT "CHK_approval_requests_subject"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_approval_requests_inbox_reply"`);
    await queryRunner.query(`ALTER TABLE "approval_requests" ALTER COLUMN "post_id" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "approval_requests" DROP COLUMN "author_id"`);
    await queryRunner.query(`ALTER TABLE "approval_requests" DROP COLUMN "inbox_reply_id"`);
    await queryRunner.query(`ALTER TABLE "approval_requests" DROP COLUMN "subject_type"`);
    await queryRunner.query(`DROP TYPE "public"."approval_subject"`);
  }
}
