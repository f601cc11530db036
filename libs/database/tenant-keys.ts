import { DefaultNamingStrategy, ForeignKey, Table } from 'typeorm';

/** What a tenant reference does when the row it points at is deleted. */
export type TenantReferenceOnDelete = 'CASCADE' | 'RESTRICT' | 'SET NULL';

/**
 * A foreign key from one tenant table to another: `(organization_id, <column>)` references
 * `<table> (organization_id, id)`, so a row can only point into its own organization and the
 * schema can be distributed by organization (ADR 0008). Declared on the entity class (not as a
 * relation: nothing loads these, and a relation would own organization_id's value on writes).
 * A nullable column keeps working (MATCH SIMPLE: a key with a NULL is not checked). For
 * 'SET NULL' the migration writes `ON DELETE SET NULL (<column>)`: TypeORM reads it back as
 * SET NULL, and a plain SET NULL would null organization_id too.
 */
export function TenantReference(column: string, table: string, onDelete: TenantReferenceOnDelete): ClassDecorator {
  return ForeignKey(table, ['organization_id', column] as const, ['organization_id', 'id'], { onDelete });
}

/**
 * TypeORM's names, except a tenant reference's key: `FK_<table>_<column>`, readable in the
 * migrations and in the catalog test's messages (test/tenant-keys.e2e-spec.ts).
 */
export class ParasolNamingStrategy extends DefaultNamingStrategy {
  override foreignKeyName(tableOrName: Table | string, columnNames: string[], referencedTablePath?: string, referencedColumnNames?: string[]): string {
    if (columnNames.length === 2 && columnNames[0] === 'organization_id' && referencedColumnNames?.join() === 'organization_id,id') {
      return `FK_${this.getTableName(tableOrName)}_${columnNames[1]}`;
    }
    return super.foreignKeyName(tableOrName, columnNames, referencedTablePath, referencedColumnNames);
  }
}
