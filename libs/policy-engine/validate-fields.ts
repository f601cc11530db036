import type { FieldError } from '../core/errors';

// The building blocks of config validation (validate.ts, validate-inbox.ts): each check
// reports its problems on a path relative to the config and returns the value when valid.

/** Limits on list sizes and lengths: enough for real use, small enough to keep evaluation cheap. */
export const CONFIG_LIMITS = {
  maxTerms: 100,
  maxTermLength: 100,
  maxLabels: 20,
  maxLabelLength: 100, // the length of a post's label column
  maxDisclosureLength: 200,
  maxWorkflowIdLength: 200,
  maxLengthRules: 50,
  maxLengthBound: 1_000_000,
  maxPerWeek: 1000,
  maxWindowDays: 365,
  maxSlaMinutes: 100_000,
  maxApprovedPosts: 100,
  maxSlaTargets: 20,
  maxAuthorRoles: 50,
} as const;

export type Config = Record<string, unknown>;

export class Report {
  readonly errors: FieldError[] = [];

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
}

export function at(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

export const absent = (value: unknown): value is null | undefined => value === undefined || value === null;

/** An object of any kind (a GraphQL input class instance will do), not a list. */
export function asObject(value: unknown, path: string, report: Report): Config | null {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Config;
  report.add(path, path === '' && absent(value) ? 'is required' : 'must be an object');
  return null;
}

export function onlyKeys(obj: Config, allowed: readonly string[], path: string, report: Report): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) report.add(at(path, key), `is not a known field (expected ${allowed.join(', ')})`);
  }
}

export function required(obj: Config, key: string, path: string, report: Report): unknown {
  const value = obj[key];
  if (absent(value)) report.add(at(path, key), 'is required');
  return value;
}

/** A non-blank string of at most maxLength characters, or undefined after reporting why not. */
export function checkString(value: unknown, field: string, maxLength: number, report: Report): string | undefined {
  if (typeof value !== 'string') return void report.add(field, 'must be a string');
  if (value.trim() === '') return void report.add(field, 'must not be blank');
  if (value.length > maxLength) return void report.add(field, `must be at most ${maxLength} characters`);
  return value;
}

export function checkInt(value: unknown, field: string, min: number, max: number, report: Report): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return void report.add(field, 'must be a whole number');
  if (value < min || value > max) return void report.add(field, `must be between ${min} and ${max}`);
  return value;
}

export function checkNumber(value: unknown, field: string, min: number, max: number, report: Report): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return void report.add(field, 'must be a number');
  if (value < min || value > max) return void report.add(field, `must be between ${min} and ${max}`);
  return value;
}

export function checkEnum(value: unknown, field: string, values: readonly string[], report: Report): void {
  if (typeof value !== 'string' || !values.includes(value)) report.add(field, `must be one of ${values.join(', ')}`);
}

/** A non-empty list of at most maxItems items, each checked by `item`; a repeat is an error on the later one. */
export function checkList(
  value: unknown,
  field: string,
  maxItems: number,
  report: Report,
  item: (value: unknown, field: string) => string | undefined,
): void {
  if (!Array.isArray(value)) return report.add(field, 'must be a list');
  if (value.length === 0) return report.add(field, 'must not be empty');
  if (value.length > maxItems) return report.add(field, `must have at most ${maxItems} items`);
  const firstSeen = new Map<string, number>();
  value.forEach((v, i) => {
    const key = item(v, at(field, i));
    if (key === undefined) return;
    const earlier = firstSeen.get(key);
    if (earlier !== undefined) report.add(at(field, i), `repeats ${at(field, earlier)}`);
    else firstSeen.set(key, i);
  });
}

export function checkEnumList(value: unknown, field: string, values: readonly string[], report: Report): void {
  checkList(value, field, values.length, report, (v, f) => {
    if (typeof v === 'string' && values.includes(v)) return v;
    report.add(f, `must be one of ${values.join(', ')}`);
    return undefined;
  });
}

/** Strings compared trimmed and case-insensitively for repeats: "Free" and "free " are the same term. */
export function checkStringList(value: unknown, field: string, maxItems: number, maxLength: number, report: Report): void {
  checkList(value, field, maxItems, report, (v, f) => checkString(v, f, maxLength, report)?.trim().toLocaleLowerCase());
}

export function checkOrder(path: string, minKey: string, min: number | undefined, maxKey: string, max: number | undefined, report: Report): void {
  if (min !== undefined && max !== undefined && min > max) report.add(at(path, maxKey), `must be at least ${minKey} (${min})`);
}

/** An optional whole-number member: undefined when absent or invalid (invalid is reported). */
export function optionalInt(obj: Config, key: string, path: string, min: number, max: number, report: Report): number | undefined {
  return absent(obj[key]) ? undefined : checkInt(obj[key], at(path, key), min, max, report);
}
