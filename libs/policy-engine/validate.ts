import type { FieldError } from '../core/errors';
import { Network, PolicyType, PostFormat, PostTag, SourceCheck } from './types';
import {
  absent,
  asObject,
  at,
  checkEnum,
  checkEnumList,
  checkInt,
  checkNumber,
  checkOrder,
  checkString,
  checkStringList,
  Config,
  CONFIG_LIMITS,
  onlyKeys,
  optionalInt,
  Report,
  required,
} from './validate-fields';
import { checkReplyApproval, checkResponseSla } from './validate-inbox';

export { CONFIG_LIMITS };

// Full validation of a policy config, whatever shape it arrives in (a GraphQL input, a
// JSON column, a script). Every problem is reported, each on its path relative to the
// config ('terms.2', 'rules.0.maxWords'); '' is the config as a whole. Messages are
// predicates to put after the path ("windowDays: must be between 1 and 365").
// An optional member may be absent or null: the GraphQL inputs are nullable.

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
    keys: ['workflowId', 'always', 'tags', 'formats', 'replies'],
    check: (c, r) => {
      const workflowId = required(c, 'workflowId', '', r);
      if (!absent(workflowId)) checkString(workflowId, 'workflowId', CONFIG_LIMITS.maxWorkflowIdLength, r);
      if (!absent(c.always) && typeof c.always !== 'boolean') r.add('always', 'must be true or false');
      if (!absent(c.tags)) checkEnumList(c.tags, 'tags', TAGS, r);
      if (!absent(c.formats)) checkEnumList(c.formats, 'formats', FORMATS, r);
      if (!absent(c.replies)) checkReplyApproval(c.replies, 'replies', r);
      // A policy that never applies would silently route nothing; one for replies only is fine.
      if (c.always !== true && absent(c.tags) && absent(c.formats) && absent(c.replies)) {
        r.add('', 'must say which posts need approval (always, tags or formats) or which replies (replies)');
      }
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
    keys: ['minutes', 'targets', 'businessHours'],
    check: checkResponseSla,
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
