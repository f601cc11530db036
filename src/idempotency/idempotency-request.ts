import { createHash } from 'node:crypto';
import { DocumentNode, print } from 'graphql';
import { BadUserInputError } from '../../libs/core';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** 1 to 255 visible ASCII characters: what fits the column, and what survives any proxy unchanged. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * The `Idempotency-Key` header of a request: undefined when absent, the key when well formed.
 * A malformed key is the client's mistake, refused before anything runs.
 */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY_PATTERN.test(header)) {
    throw new BadUserInputError('Idempotency-Key must be 1 to 255 visible ASCII characters (no spaces)', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  return header;
}

export interface IdempotentRequest {
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * SHA-256 of the request as GraphQL understands it: the printed document (so whitespace and
 * comments do not matter, and a persisted query counts as its text), the operation name and
 * the variables with their object keys sorted.
 */
export function requestHash(request: IdempotentRequest): string {
  const canonical = JSON.stringify([print(request.document), request.operationName ?? null, sortKeys(request.variables ?? {})]);
  return createHash('sha256').update(canonical).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
