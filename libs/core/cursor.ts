import { BadUserInputError } from './errors';
import { isCleanString } from './input-hygiene';

/**
 * Opaque keyset cursors: base64url of a JSON array of the sort key values of a row.
 * Clients must treat them as opaque; the server validates shape on the way in.
 */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number, field = 'after'): (string | number | null)[] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === arity &&
      // A forged cursor's text goes into SQL: it obeys the rules of every input string (input-hygiene.ts).
      decoded.every((v) => v === null || (typeof v === 'string' && isCleanString(v)) || typeof v === 'number')
    ) {
      return decoded as (string | number | null)[];
    }
  } catch {
    // fall through to the input error below
  }
  throw BadUserInputError.field(field, 'is not a valid cursor');
}

export type CursorPart = 'string' | 'uuid' | 'timestamp' | 'int' | 'bigint';
type CursorValue = string | number | null;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PART_CHECKS: Record<CursorPart, (v: CursorValue) => boolean> = {
  string: (v) => typeof v === 'string',
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  timestamp: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
  int: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 2 ** 31 - 1,
  // A bigint travels as its decimal text: a JSON number would lose digits past 2^53.
  bigint: (v) => typeof v === 'string' && /^\d{1,19}$/.test(v),
};

/**
 * Decodes a keyset cursor whose values must have the given kinds, so a forged cursor is bad
 * input rather than an SQL cast error. Null when there is no cursor.
 */
export function decodeKeyset(cursor: string | null | undefined, parts: readonly CursorPart[], field = 'after'): CursorValue[] | null {
  if (!cursor) return null;
  const values = decodeCursor(cursor, parts.length, field);
  if (!parts.every((part, i) => PART_CHECKS[part](values[i]))) throw BadUserInputError.field(field, 'is not a valid cursor');
  return values;
}
