import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['users', 'brands', 'social_profiles', 'roles', 'role_assignments', 'api_keys'];
const TENANT = `nullif(current_setting('parasol.organization_id', true), '')::uuid`;

/**
 * Row-level security as a second wall behind the services' tenant filters. API requests run
 * as `parasol_app` (which owns nothing and cannot bypass RLS) with the organization set
 * transaction-locally; a query that forgot its tenant filter still sees only that tenant.
 * The tables' owner (the migration's login role) is not bound, for operator tasks.
 */
export class TenantRowLevelSecurity1795701700000 implements MigrationInterface {
  name = 'TenantRowLevelSecurity1795701700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'parasol_app') THEN CREATE ROLE parasol_app NOLOGIN; END IF;
    END $$`);
    // The service's login role must be allowed to switch to parasol_app for a transaction.
    await queryRunner.query(`DO $$ BEGIN
      IF NOT pg_has_role(current_user, 'parasol_app', 'MEMBER') THEN EXECUTE format('GRANT parasol_app TO %I', current_user); END IF;
    END $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO parasol_app`);
    await queryRunner.query(`GRANT SELECT ON organizations TO parasol_app`);
    await queryRunner.query(`ALTER TABLE organizations ENABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`CREATE POLICY tenant_isolation ON organizations USING (id = ${TENANT})`);
    for (const table of TENANT_TABLES) {
      await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO parasol_app`);
      await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`CREATE POLICY tenant_isolation ON ${table} USING (organization_id = ${TENANT}) WITH CHECK (organization_id = ${TENANT})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TENANT_TABLES].reverse()) {
      await queryRunner.query(`DROP POLICY tenant_isolation ON ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
      await queryRunner.query(`REVOKE ALL ON ${table} FROM parasol_app`);
    }
    await queryRunner.query(`DROP POLICY tenant_isolation ON organizations`);
    await queryRunner.query(`ALTER TABLE organizations DISABLE ROW LEVEL SECURITY`);
    await queryRunner.query(`REVOKE ALL ON organizations FROM parasol_app`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM parasol_app`);
  }
}
