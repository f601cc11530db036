/**
 * SQL for a timestamptz as ISO-8601 text with its microseconds, for keyset cursors.
 * PostgreSQL keeps microseconds but a JS Date only milliseconds: a cursor built from the Date
 * falls inside its own row's millisecond, so the next page repeats the row (ascending) or
 * skips the rows of that millisecond (descending). `$n::timestamptz` reads the text back exactly.
 */
export const exactTimestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
