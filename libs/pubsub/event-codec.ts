/**
 * How an event travels between processes: JSON, with Dates tagged so they come back as Dates
 * (plain JSON would turn them into strings on Redis and leave them Dates in-process, and a
 * subscriber would see a different payload depending on the deployment). Both backends encode,
 * so a payload that cannot cross Redis (a BigInt, a class with behaviour) fails the same way
 * with nothing installed.
 */
const DATE_TAG = '$date';

export function encodeEvent(payload: unknown): string {
  // `this[key]` is the value before Date.prototype.toJSON turned it into a string.
  return JSON.stringify(payload, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    if (!(original instanceof Date)) return value;
    return Number.isNaN(original.getTime()) ? null : { [DATE_TAG]: original.toISOString() };
  });
}

export function decodeEvent<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, value: unknown) => (isTaggedDate(value) ? new Date(value[DATE_TAG]) : value)) as T;
}

function isTaggedDate(value: unknown): value is { [DATE_TAG]: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === DATE_TAG && typeof (value as Record<string, unknown>)[DATE_TAG] === 'string';
}
