import { BadUserInputError } from './errors';

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
      decoded.every((v) => v === null || typeof v === 'string' || typeof v === 'number')
    ) {
      return decoded as (string | number | null)[];
    }
  } catch {
    // fall through to the input error below
  }
  throw BadUserInputError.field(field, 'is not a valid cursor');
}
