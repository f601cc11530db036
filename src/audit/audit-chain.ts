import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export interface ChainedContent {
  seq: string;
  occurredAt: string;
  actorType: string;
  actorId: string;
  action: string;
  entityType: string;
  entityId: string;
  brandId: string | null;
  changes: unknown;
  requestId: string | null;
}

/** The hash of an event: its content and the hash of the organization's previous event. */
export function chainHash(content: ChainedContent, prevHash: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(content)).digest('hex');
}

/**
 * `{ before, after }` holding only the fields that differ. A creation has no before, a
 * deletion no after. Values are as JSON would carry them (dates as ISO strings).
 */
export function diff(before: object | null | undefined, after: object | null | undefined): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  const b = before ? (JSON.parse(JSON.stringify(before)) as Record<string, unknown>) : null;
  const a = after ? (JSON.parse(JSON.stringify(after)) as Record<string, unknown>) : null;
  if (!b || !a) return { before: b, after: a };
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => canonicalJson(b[k]) !== canonicalJson(a[k]));
  return { before: Object.fromEntries(keys.map((k) => [k, b[k] ?? null])), after: Object.fromEntries(keys.map((k) => [k, a[k] ?? null])) };
}
