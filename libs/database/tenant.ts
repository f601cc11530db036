/** The role tenant-scoped work runs as: it owns nothing and is bound by row-level security. */
export const APP_ROLE = 'parasol_app';
/** The transaction-local setting the row-level security policies read. */
export const TENANT_SETTING = 'parasol.organization_id';

/** The statement that puts the rest of a transaction in a tenant's scope; `organization` is SQL (a placeholder or a literal). */
export const enterTenantSql = (organization: string) =>
  `SELECT set_config('role', '${APP_ROLE}', true), set_config('${TENANT_SETTING}', ${organization}, true)`;

export class TenantScopeError extends Error {
  constructor() {
    super('Tenant-scoped data access without an organization in context');
    this.name = 'TenantScopeError';
  }
}
