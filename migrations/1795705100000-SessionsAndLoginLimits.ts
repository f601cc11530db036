import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;

/**
 * Sessions that end (issue 13, finding 8) and login protection (finding 7).
 *
 * - users.token_version is signed into every login token; the trigger below moves it whenever
 *   a user's password or status changes, whichever code path (or operator) makes the change,
 *   so a password change, an admin's reset, a deactivation and a reactivation each end every
 *   token issued before.
 * - revoked_tokens: tokens ended by `logout`, read with the user by the principal check.
 * - login_limits: rate-limiter-flexible's table (RateLimiterPostgres is told it exists), so
 *   every replica shares the same counters.
 */
export class SessionsAndLoginLimits1795705100000 implements MigrationInterface {
  name = 'SessionsAndLoginLimits1795705100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "revoked_tokens" ("jti" uuid NOT NULL, "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b18aa48269f87cafba8c6310624" PRIMARY KEY ("jti"))`);
    await queryRunner.query(`CREATE INDEX "IDX_revoked_tokens_expires_at" ON "revoked_tokens"  ("organization_id", "expires_at") `);
    await queryRunner.query(`CREATE TABLE "login_limits" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT '0', "expire" bigint, CONSTRAINT "PK_8779a807901c4bcbb4bdf38d42a" PRIMARY KEY ("key"))`);
    await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "revoked_tokens" ADD CONSTRAINT "FK_dc75d082379b742cfaf0a319af3" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "revoked_tokens" ADD CONSTRAINT "FK_483872b2fdc8f1ec750c9c7567c" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Hand-written. A logout writes its row in the request's tenant transaction, and the
    // principal check reads revoked tokens in the tenant's scope: the same wall as every tenant table.
    await queryRunner.query(`GRANT SELECT, INSERT, DELETE ON revoked_tokens TO parasol_app`);
    await queryRunner.query(`ALTER TABLE revoked_tokens ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY tenant_isolation ON revoked_tokens USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
    // login_limits is used before any tenant is known (by the service's own role): parasol_app gets nothing.

    await queryRunner.query(`CREATE FUNCTION users_move_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.password_hash IS DISTINCT FROM OLD.password_hash OR NEW.status IS DISTINCT FROM OLD.status THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        RETURN NEW;
      END
    $$`);
    await queryRunner.query(`CREATE TRIGGER users_move_token_version BEFORE UPDATE OF password_hash, status ON users FOR EACH ROW EXECUTE FUNCTION users_move_token_version()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER users_move_token_version ON users`);
    await queryRunner.query(`DROP FUNCTION users_move_token_version()`);
    await queryRunner.query(`DROP POLICY tenant_isolation ON revoked_tokens`);
    await queryRunner.query(`REVOKE ALL ON revoked_tokens FROM parasol_app`);
    await queryRunner.query(`ALTER TABLE "revoked_tokens" DROP CONSTRAINT "FK_483872b2fdc8f1ec750c9c7567c"`);
    await queryRunner.query(`ALTER TABLE "revoked_tokens" DROP CONSTRAINT "FK_dc75d082379b742cfaf0a319af3"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
    await queryRunner.query(`DROP TABLE "login_limits"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_revoked_tokens_expires_at"`);
    await queryRunner.query(`DROP TABLE "revoked_tokens"`);
  }
}
