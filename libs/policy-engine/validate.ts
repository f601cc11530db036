import type { FieldError } from '../core/errors';
import { Network, PolicyType, PostFormat, PostTag, SourceCheck } from './types';

// Full validation of a policy config, whatever shape it arrives in (a GraphQL input, a
// JSON column, a script). Every problem is reported, each on its path relative to the
// config ('terms.2', 'rules.0.maxWords'); '' is the config as a whole. Messages are
// predicates to put after the path ("windowDays: must be between 1 and 365").
// An optional member may be absent or null: the GraphQL inputs are nullable.

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
} as const;

type Config = Record<string, unknown>;

class Report {
  readonly errors: FieldError[] = [];

  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
}

function at(path: string, key: string | number): string {
  return path === '' ? String(key) : `${path}.${key}`;
}

const absent = (value: unknown): value is null | undefined => value === undefined || value === null;

/** An object of any kind (a GraphQL input class instance will do), not a list. */
function asObject(value: unknown, path: string, report: Report): Config | null {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Config;
  report.add(path, path === '' && absent(value) ? 'is required' : 'must be an object');
  return null;
}

function onlyKeys(obj: Config, allowed: readonly string[], path: string, report: Report): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) report.add(at(path, key), `is not a known field (expected ${allowed.join(', ')})`);
  }
}

function required(obj: Config, key: string, path: string, report: Report): unknown {
  const value = obj[key];
  if (absent(value)) report.add(at(path, key), 'is required');
  return value;
}

/** A non-blank string of at most maxLength characters, or undefined after reporting why not. */
function checkString(value: unknown, field: string, maxLength: number, report: Report): string | undefined {
  if (typeof value !== 'string') return void report.add(field, 'must be a string');
  if (value.trim() === '') return void report.add(field, 'must not be blank');
  if (value.length > maxLength) return void report.add(field, `must be at most ${maxLength} characters`);
  return value;
}

function checkInt(value: unknown, field: string, min: number, max: number, report: Report): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return void report.add(field, 'must be a whole number');
  if (value < min || value > max) return void report.add(field, `must be between ${min} and ${max}`);
  return value;
}

function checkNumber(value: unknown, field: string, min: number, max: number, report: Report): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return void report.add(field, 'must be a number');
  if (value < min || value > max) return void report.add(field, `must be between ${min} and ${max}`);
  return value;
}

function checkEnum(value: unknown, field: string, values: readonly string[], report: Report): void {
  if (typeof value !== 'string' || !values.includes(value)) report.add(field, `must be one of ${values.join(', ')}`);
}

/** A non-empty list of at most maxItems items, each checked by `item`; a repeat is an error on the later one. */
function checkList(
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

function checkEnumList(value: unknown, field: string, values: readonly string[], report: Report): void {
  checkList(value, field, values.length, report, (v, f) => {
    if (typeof v === 'string' && values.includes(v)) return v;
    report.add(f, `must be one of ${values.join(', ')}`);
    return undefined;
  });
}

/** Strings compared trimmed and case-insensitively for repeats: "Free" and "free " are the same term. */
function checkStringList(value: unknown, field: string, maxItems: number, maxLength: number, report: Report): void {
  checkList(value, field, maxItems, report, (v, f) => checkString(v, f, maxLength, report)?.trim().toLocaleLowerCase());
}

function checkOrder(path: string, minKey: string, min: number | undefined, maxKey: string, max: number | undefined, report: Report): void {
  if (min !== undefined && max !== undefined && min > max) report.add(at(path, maxKey), `must be at least ${minKey} (${min})`);
}

/** An optional whole-number member: undefined when absent or invalid (invalid is reported). */
function optionalInt(obj: Config, key: string, path: string, min: number, max: number, report: Report): number | undefined {
  return absent(obj[key]) ? undefined : checkInt(obj[key], at(path, key), min, max, report);
}

const TAGS = Object.values(PostTag);
const FORMATS = Object.values(PostFormat);
const NETWORKS = Object.values(Network);
const CHECKS = Object.values(SourceCheck);

const LENGTH_BOUNDS = [
  ['minWords', 'maxWords'],
  ['minChars', 'maxChars'],
  ['minDurationSeconds', 'maxDurationSeconds'],
] as const;

function checkLengthRule(value: unknown, path: string, report: Report): void {
  const rule = asObject(value, path, report);
  if (!rule) return;
  onlyKeys(rule, ['format', 'network', ...LENGTH_BOUNDS.flat()], path, report);
  if (!absent(rule.format)) checkEnum(rule.format, at(path, 'format'), FORMATS, report);
  if (!absent(rule.network)) checkEnum(rule.network, at(path, 'network'), NETWORKS, report);
  for (const [minKey, maxKey] of LENGTH_BOUNDS) {
    const min = optionalInt(rule, minKey, path, 0, CONFIG_LIMITS.maxLengthBound, report);
    const max = optionalInt(rule, maxKey, path, 0, CONFIG_LIMITS.maxLengthBound, report);
    checkOrder(path, minKey, min, maxKey, max, report);
  }
  // A rule without a bound limits nothing, and is surely a mistake.
  if (LENGTH_BOUNDS.flat().every((key) => absent(rule[key]))) {
    report.add(path, `must set at least one of ${LENGTH_BOUNDS.flat().join(', ')}`);
  }
}

/** The members of each type's config and how to check them (unknown members are rejected before). */
const VALIDATORS: Record<PolicyType, { keys: readonly string[]; check: (config: Config, report: Report) => void }> = {
  APPROVAL_REQUIRED: {
    keys: ['workflowId', 'always', 'tags', 'formats'],
    check: (c, r) => {
      const workflowId = required(c, 'workflowId', '', r);
      if (!absent(workflowId)) checkString(workflowId, 'workflowId', CONFIG_LIMITS.maxWorkflowIdLength, r);
      if (!absent(c.always) && typeof c.always !== 'boolean') r.add('always', 'must be true or false');
      if (!absent(c.tags)) checkEnumList(c.tags, 'tags', TAGS, r);
      if (!absent(c.formats)) checkEnumList(c.formats, 'formats', FORMATS, r);
      // A policy that never applies would silently route nothing.
      if (c.always !== true && absent(c.tags) && absent(c.formats)) r.add('', 'must say which posts need approval: always, tags or formats');
    },
  },
  BANNED_TERMS: {
    keys: ['terms'],
    check: (c, r) => {
      const terms = required(c, 'terms', '', r);
      if (!absent(terms)) checkStringList(terms, 'terms', CONFIG_LIMITS.maxTerms, CONFIG_LIMITS.maxTermLength, r);
    },
  },
  REQUIRED_DISCLOSURE: {
    keys: ['tags', 'text'],
    check: (c, r) => {
      const tags = required(c, 'tags', '', r);
      if (!absent(tags)) checkEnumList(tags, 'tags', TAGS, r);
      const text = required(c, 'text', '', r);
      if (!absent(text)) checkString(text, 'text', CONFIG_LIMITS.maxDisclosureLength, r);
    },
  },
  CONTENT_LENGTH: {
    keys: ['rules'],
    check: (c, r) => {
      const rules = required(c, 'rules', '', r);
      if (absent(rules)) return;
      if (!Array.isArray(rules)) return r.add('rules', 'must be a list');
      if (rules.length === 0) return r.add('rules', 'must not be empty');
      if (rules.length > CONFIG_LIMITS.maxLengthRules) return r.add('rules', `must have at most ${CONFIG_LIMITS.maxLengthRules} items`);
      rules.forEach((rule, i) => checkLengthRule(rule, at('rules', i), r));
    },
  },
  POSTING_CADENCE: {
    keys: ['minPerWeek', 'maxPerWeek'],
    check: (c, r) => {
      const min = optionalInt(c, 'minPerWeek', '', 0, CONFIG_LIMITS.maxPerWeek, r);
      const max = optionalInt(c, 'maxPerWeek', '', 0, CONFIG_LIMITS.maxPerWeek, r);
      checkOrder('', 'minPerWeek', min, 'maxPerWeek', max, r);
      if (absent(c.minPerWeek) && absent(c.maxPerWeek)) r.add('', 'must set minPerWeek, maxPerWeek or both');
    },
  },
  ORIGINAL_CONTENT_RATIO: {
    keys: ['minOriginalPercent', 'windowDays'],
    check: (c, r) => {
      // A fraction is allowed: "one post in three" is 33.3%.
      const percent = required(c, 'minOriginalPercent', '', r);
      if (!absent(percent)) checkNumber(percent, 'minOriginalPercent', 0, 100, r);
      const days = required(c, 'windowDays', '', r);
      if (!absent(days)) checkInt(days, 'windowDays', 1, CONFIG_LIMITS.maxWindowDays, r);
    },
  },
  LAUNCH_READINESS: {
    keys: ['minApprovedPosts'],
    check: (c, r) => {
      const min = required(c, 'minApprovedPosts', '', r);
      if (!absent(min)) checkInt(min, 'minApprovedPosts', 1, CONFIG_LIMITS.maxApprovedPosts, r);
    },
  },
  RESPONSE_SLA: {
    keys: ['minutes'],
    check: (c, r) => {
      const minutes = required(c, 'minutes', '', r);
      if (!absent(minutes)) checkInt(minutes, 'minutes', 1, CONFIG_LIMITS.maxSlaMinutes, r);
    },
  },
  SOURCE_VERIFICATION: {
    keys: ['requiredChecks'],
    check: (c, r) => {
      const checks = required(c, 'requiredChecks', '', r);
      if (!absent(checks)) checkEnumList(checks, 'requiredChecks', CHECKS, r);
    },
  },
  SPECULATION_LABEL: {
    keys: ['tags', 'labels'],
    check: (c, r) => {
      const tags = required(c, 'tags', '', r);
      if (!absent(tags)) checkEnumList(tags, 'tags', TAGS, r);
      const labels = required(c, 'labels', '', r);
      if (!absent(labels)) checkStringList(labels, 'labels', CONFIG_LIMITS.maxLabels, CONFIG_LIMITS.maxLabelLength, r);
    },
  },
  INTERNAL_AUDIENCE_TEST: {
    keys: ['tags'],
    check: (c, r) => {
      const tags = required(c, 'tags', '', r);
      if (!absent(tags)) checkEnumList(tags, 'tags', TAGS, r);
    },
  },
};

/**
 * Every problem with a config for a policy type, each with its path relative to the
 * config ('' for the config itself); empty when the config is valid.
 */
export function validatePolicyConfig(type: PolicyType, config: unknown): FieldError[] {
  const report = new Report();
  const validator = VALIDATORS[type] as (typeof VALIDATORS)[PolicyType] | undefined;
  if (!validator) {
    report.add('', `cannot be checked: ${String(type)} is not a policy type`);
    return report.errors;
  }
  const obj = asObject(config, '', report);
  if (!obj) return report.errors;
  onlyKeys(obj, validator.keys, '', report);
  validator.check(obj, report);
  return report.errors;
}
