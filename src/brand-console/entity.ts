import { unreadFields } from '../../libs/core';

/**
 * How a column travels in the console's JSON and becomes the row's value again: `timestamp`
 * columns come as JSON's ISO text and become Dates, as pg gives them (sending epoch
 * milliseconds instead costs PostgreSQL more in numeric arithmetic than it saves Node in
 * parsing); everything else is JSON already.
 */
export type JsonReader = 'value' | 'timestamp';

/** One column of an entity as the console reads it. */
export interface ColumnOf<Field extends string> {
  /** The GraphQL field the column holds; null for a column the mapper reads but no field shows. */
  field: Field | null;
  /** A descriptive column, left out of a read whose selection shows none of its fields. */
  detail: boolean;
  json: JsonReader;
}

/** Reads one of an entity's JSON arrays back as the row object its mapper takes. */
export interface RowReader<Row> {
  /** The columns of the array, in its order: the statement writes them, `read` reads them. */
  readonly names: readonly string[];
  readonly read: (values: unknown[]) => Row;
}

/** An entity as the console reads it, every list derived from its one declaration. */
export interface ConsoleEntity<Row> {
  readonly typeName: string;
  /** Every column. */
  readonly whole: RowReader<Row>;
  /** Every column but the detail ones: a row read this way has no property for them. */
  readonly light: RowReader<Row>;
  /** The GraphQL fields of the detail columns: a selection showing one reads `whole`. */
  readonly detailFields: readonly string[];
  /** The prototype of an object made from a light row: reading a detail field throws, naming it. */
  readonly unread: object;
  /** `whole` when the detail columns are read, else `light`. */
  rows(details: boolean): RowReader<Row>;
}

const UNREAD_WHY = 'the brand console reads them only when the query asks for them';

/** The code that reads the value at `v[i]` as its column's JSON reader says. */
const valueCode = (json: JsonReader, i: number) => (json === 'timestamp' ? `v[${i}] === null ? null : new Date(v[${i}])` : `v[${i}]`);

function rowReader<Row>(columns: [string, ColumnOf<string>][]): RowReader<Row> {
  const names = columns.map(([name]) => name);
  // A function with the row as one object literal, made once per entity: V8 then builds each
  // row in one allocation with a fixed shape, where setting keys one by one would not.
  const fields = columns.map(([name, column], i) => `${JSON.stringify(name)}: ${valueCode(column.json, i)}`);
  return { names, read: new Function('v', `return { ${fields.join(', ')} };`) as (values: unknown[]) => Row };
}

/**
 * Declares an entity for the console: its columns in the order of its row (the compiler holds
 * the declaration to the row type's columns, all and only them) with the field each holds.
 */
export function consoleEntity<Row, T>(typeName: string, columns: { [C in keyof Row & string]: ColumnOf<keyof T & string> }): ConsoleEntity<Row> {
  const all = Object.entries(columns) as [string, ColumnOf<string>][];
  // `detail()` takes a field: a selection asks for a detail column by the field it holds.
  const detailFields = all.filter(([, column]) => column.detail).map(([, column]) => column.field!);
  const whole = rowReader<Row>(all);
  const light = rowReader<Row>(all.filter(([, column]) => !column.detail));
  return { typeName, whole, light, detailFields, unread: unreadFields(typeName, detailFields, UNREAD_WHY), rows: (details) => (details ? whole : light) };
}

/** A column holding `field`, read in every row. */
export const shown = <F extends string>(field: F, json: JsonReader = 'value'): ColumnOf<F> => ({ field, detail: false, json });

/** A column read in every row for the mapper, though no field of the type shows it. */
export const rowOnly = (): ColumnOf<never> => ({ field: null, detail: false, json: 'value' });

/** A column holding `field`, read only when a selection shows one of the entity's detail fields. */
export const detail = <F extends string>(field: F, json: JsonReader = 'value'): ColumnOf<F> => ({ field, detail: true, json });
