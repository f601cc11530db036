import { ClientBase } from 'pg';

/**
 * Unique keys that stay global on purpose (ADR 0008): sign-in finds a user by email and a
 * bearer API key by its hash before any organization is known. Under Citus these two tables
 * are reference tables, where a unique key needs no distribution column.
 */
export const GLOBAL_UNIQUE_KEYS: Record<string, string[]> = {
  users: ['UQ_users_email'],
  api_keys: ['UQ_api_keys_secret_hash'],
};

/** What the catalog holds about the tenant keys of the public schema. */
export interface TenantKeyReport {
  /** Tables with an organization_id column. */
  tenantTables: string[];
  /** Foreign keys from one tenant table to another (the ones the rules apply to). */
  tenantReferences: string[];
  /** One line per broken rule, naming the table and the constraint or index. */
  problems: string[];
}

interface IndexRow { table: string; name: string; primary: boolean; keys: string; key_count: number }
interface ReferenceRow { name: string; table: string; referenced: string; conkey: number[]; confkey: number[]; on_delete: string; set_columns: number[] | null }

/**
 * Reads pg_catalog and checks the rules of ADR 0008 on every table with organization_id:
 * it has a primary key and every primary or unique key includes organization_id (Citus
 * refuses any other on a table distributed by it); every foreign key to another tenant table
 * pairs organization_id with organization_id; a SET NULL or SET DEFAULT key names its columns
 * (or it would null organization_id too).
 */
export async function readTenantKeys(client: ClientBase, schema = 'public'): Promise<TenantKeyReport> {
  const tables = await client.query<{ table: string; org: number }>(
    `SELECT c.relname AS table, a.attnum AS org
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p')
      ORDER BY 1`,
    [schema],
  );
  const orgColumn = new Map(tables.rows.map((row) => [row.table, Number(row.org)]));
  const problems: string[] = [];

  const indexes = await client.query<IndexRow>(
    `SELECT t.relname AS table, i.relname AS name, x.indisprimary AS primary, x.indkey::text AS keys, x.indnkeyatts AS key_count
       FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
      WHERE x.indisunique AND t.relnamespace = $1::regnamespace
      ORDER BY 1, 2`,
    [schema],
  );
  for (const [table, org] of orgColumn) {
    const own = indexes.rows.filter((row) => row.table === table);
    if (!own.some((row) => row.primary)) problems.push(`${table}: no primary key`);
    for (const index of own) {
      // INCLUDE columns do not count: only the key columns make the key.
      const keyColumns = index.keys.split(' ').slice(0, index.key_count).map(Number);
      if (keyColumns.includes(org) || GLOBAL_UNIQUE_KEYS[table]?.includes(index.name)) continue;
      problems.push(`${table}: ${index.primary ? 'primary key' : 'unique key'} ${index.name} lacks organization_id`);
    }
  }

  const references = await client.query<ReferenceRow>(
    `SELECT c.conname AS name, t.relname AS table, r.relname AS referenced, c.conkey, c.confkey,
            c.confdeltype AS on_delete, c.confdelsetcols AS set_columns
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
      WHERE c.contype = 'f' AND t.relnamespace = $1::regnamespace
      ORDER BY 2, 1`,
    [schema],
  );
  const tenantReferences: string[] = [];
  for (const key of references.rows) {
    const org = orgColumn.get(key.table);
    const referencedOrg = orgColumn.get(key.referenced);
    if (org === undefined || referencedOrg === undefined) continue;
    tenantReferences.push(`${key.table}.${key.name}`);
    const at = key.conkey.map(Number).indexOf(org);
    if (at < 0 || Number(key.confkey[at]) !== referencedOrg) {
      problems.push(`${key.table}: foreign key ${key.name} to ${key.referenced} lacks organization_id (want FOREIGN KEY (organization_id, x_id) REFERENCES ${key.referenced} (organization_id, id))`);
    } else if ((key.on_delete === 'n' || key.on_delete === 'd') && (!key.set_columns?.length || key.set_columns.map(Number).includes(org))) {
      problems.push(`${key.table}: foreign key ${key.name} would set organization_id on delete (want ON DELETE SET NULL (x_id))`);
    }
  }
  return { tenantTables: [...orgColumn.keys()], tenantReferences, problems };
}
