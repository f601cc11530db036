import { PolicyType } from './types';
import { validatePolicyConfig } from './validate';

type Case = [string, unknown, [string, string][]];

const TAGS = 'HUMOR, PROMOTION, SPECULATION, OPINION, CURATED, ORIGINAL, CUSTOMER_STORY';
const FORMATS = 'TEXT, IMAGE, VIDEO, BLOG_POST, INTERVIEW, LINK';
const NETWORKS = 'FACEBOOK, X, INSTAGRAM, LINKEDIN, YOUTUBE, PINTEREST, TIKTOK, BLOG, OTHER';
const CHECKS = 'SOURCE_BIO, ACCOUNT_AGE, FOLLOWERS, LOCATION, TIMING, CORROBORATION';
const BOUNDS = 'minWords, maxWords, minChars, maxChars, minDurationSeconds, maxDurationSeconds';
const times = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i));

function check(type: PolicyType, config: unknown): [string, string][] {
  return validatePolicyConfig(type, config).map((e) => [e.field, e.message]);
}

describe('validatePolicyConfig: any type', () => {
  it.each<Case>([
    ['a missing config', undefined, [['', 'is required']]],
    ['a null config', null, [['', 'is required']]],
    ['a list', [], [['', 'must be an object']]],
    ['a string', '{"minutes":5}', [['', 'must be an object']]],
    ['a number', 5, [['', 'must be an object']]],
    ['an unknown member', { minutes: 5, hours: 1 }, [['hours', 'is not a known field (expected minutes, targets, businessHours)']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(PolicyType.RESPONSE_SLA, config)).toEqual(errors);
  });

  it('rejects an unknown policy type', () => {
    expect(check('FUTURE_TYPE' as PolicyType, {})).toEqual([['', 'cannot be checked: FUTURE_TYPE is not a policy type']]);
  });

  it('accepts an instance of an input class', () => {
    class ResponseSlaInput {
      constructor(readonly minutes: number) {}
    }
    expect(check(PolicyType.RESPONSE_SLA, new ResponseSlaInput(30))).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(check(PolicyType.ORIGINAL_CONTENT_RATIO, { minOriginalPercent: 101, windowDays: 0, extra: true })).toEqual([
      ['extra', 'is not a known field (expected minOriginalPercent, windowDays)'],
      ['minOriginalPercent', 'must be between 0 and 100'],
      ['windowDays', 'must be between 1 and 365'],
    ]);
  });
});

describe('validatePolicyConfig: APPROVAL_REQUIRED', () => {
  const type = PolicyType.APPROVAL_REQUIRED;

  it.each<[string, unknown]>([
    ['always', { workflowId: 'wf-1', always: true }],
    ['by tags', { workflowId: 'wf-1', tags: ['HUMOR', 'PROMOTION'] }],
    ['by formats', { workflowId: 'wf-1', formats: ['VIDEO'] }],
    ['all three', { workflowId: 'wf-1', always: true, tags: ['HUMOR'], formats: ['VIDEO'] }],
    ['nulls for the members not used', { workflowId: 'wf-1', always: null, tags: ['HUMOR'], formats: null }],
    ['every tag', { workflowId: 'wf-1', tags: TAGS.split(', ') }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['no workflow', { always: true }, [['workflowId', 'is required']]],
    ['a null workflow', { workflowId: null, always: true }, [['workflowId', 'is required']]],
    ['a numeric workflow', { workflowId: 7, always: true }, [['workflowId', 'must be a string']]],
    ['a blank workflow', { workflowId: '  ', always: true }, [['workflowId', 'must not be blank']]],
    ['an overlong workflow id', { workflowId: 'w'.repeat(201), always: true }, [['workflowId', 'must be at most 200 characters']]],
    ['always as a string', { workflowId: 'wf', always: 'yes', tags: ['HUMOR'] }, [['always', 'must be true or false']]],
    ['tags as a string', { workflowId: 'wf', tags: 'HUMOR' }, [['tags', 'must be a list']]],
    ['no tags', { workflowId: 'wf', tags: [] }, [['tags', 'must not be empty']]],
    ['an unknown tag', { workflowId: 'wf', tags: ['HUMOR', 'FUNNY'] }, [['tags.1', `must be one of ${TAGS}`]]],
    ['a non-string tag', { workflowId: 'wf', tags: [1] }, [['tags.0', `must be one of ${TAGS}`]]],
    ['a repeated tag', { workflowId: 'wf', tags: ['HUMOR', 'PROMOTION', 'HUMOR'] }, [['tags.2', 'repeats tags.0']]],
    ['more tags than there are', { workflowId: 'wf', tags: times(8, () => 'HUMOR') }, [['tags', 'must have at most 7 items']]],
    ['an unknown format', { workflowId: 'wf', formats: ['PODCAST'] }, [['formats.0', `must be one of ${FORMATS}`]]],
    ['no formats', { workflowId: 'wf', formats: [] }, [['formats', 'must not be empty']]],
    ['nothing that triggers it', { workflowId: 'wf' }, [['', 'must say which posts need approval (always, tags or formats) or which replies (replies)']]],
    ['always: false and nothing else', { workflowId: 'wf', always: false }, [['', 'must say which posts need approval (always, tags or formats) or which replies (replies)']]],
    ['an unknown member', { workflowId: 'wf', always: true, stages: 2 }, [['stages', 'is not a known field (expected workflowId, always, tags, formats, replies)']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: BANNED_TERMS', () => {
  const type = PolicyType.BANNED_TERMS;

  it.each<[string, unknown]>([
    ['words and phrases', { terms: ['free', 'lose weight', 'żółw'] }],
    ['exactly 100 terms of 100 characters', { terms: times(100, (i) => `${i}`.padEnd(100, 'x')) }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['no terms', {}, [['terms', 'is required']]],
    ['null terms', { terms: null }, [['terms', 'is required']]],
    ['terms as a string', { terms: 'free' }, [['terms', 'must be a list']]],
    ['an empty list', { terms: [] }, [['terms', 'must not be empty']]],
    ['101 terms', { terms: times(101, (i) => `t${i}`) }, [['terms', 'must have at most 100 items']]],
    ['a blank term', { terms: ['free', ' '] }, [['terms.1', 'must not be blank']]],
    ['an empty term', { terms: [''] }, [['terms.0', 'must not be blank']]],
    ['a numeric term', { terms: [5] }, [['terms.0', 'must be a string']]],
    ['a term of 101 characters', { terms: ['x'.repeat(101)] }, [['terms.0', 'must be at most 100 characters']]],
    ['a term repeated in another case', { terms: ['free', 'cheap', ' FREE'] }, [['terms.2', 'repeats terms.0']]],
    ['an unknown member', { terms: ['free'], words: ['x'] }, [['words', 'is not a known field (expected terms)']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: REQUIRED_DISCLOSURE', () => {
  const type = PolicyType.REQUIRED_DISCLOSURE;

  it('accepts tags and a text', () => {
    expect(check(type, { tags: ['PROMOTION'], text: '#ad' })).toEqual([]);
  });

  it.each<Case>([
    ['nothing', {}, [['tags', 'is required'], ['text', 'is required']]],
    ['no tags', { tags: [], text: '#ad' }, [['tags', 'must not be empty']]],
    ['an unknown tag', { tags: ['ADS'], text: '#ad' }, [['tags.0', `must be one of ${TAGS}`]]],
    ['a blank text', { tags: ['PROMOTION'], text: ' ' }, [['text', 'must not be blank']]],
    ['a text of 201 characters', { tags: ['PROMOTION'], text: 'x'.repeat(201) }, [['text', 'must be at most 200 characters']]],
    ['a text that is not a string', { tags: ['PROMOTION'], text: ['#ad'] }, [['text', 'must be a string']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: CONTENT_LENGTH', () => {
  const type = PolicyType.CONTENT_LENGTH;

  it.each<[string, unknown]>([
    ['the article limits and an X limit', {
      rules: [
        { format: 'BLOG_POST', minWords: 150, maxWords: 300 },
        { format: 'VIDEO', minDurationSeconds: 30, maxDurationSeconds: 180 },
        { format: 'INTERVIEW', maxDurationSeconds: 900 },
        { network: 'X', maxChars: 280 },
      ],
    }],
    ['a rule for every post', { rules: [{ minChars: 1 }] }],
    ['nulls for the members not used', { rules: [{ format: null, network: null, minWords: null, maxWords: 10 }] }],
    ['equal minimum and maximum', { rules: [{ minWords: 10, maxWords: 10 }] }],
    ['zero and the largest bound', { rules: [{ minChars: 0, maxChars: 1_000_000 }] }],
    ['50 rules', { rules: times(50, () => ({ maxChars: 100 })) }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['no rules', {}, [['rules', 'is required']]],
    ['rules as an object', { rules: { maxChars: 280 } }, [['rules', 'must be a list']]],
    ['an empty list', { rules: [] }, [['rules', 'must not be empty']]],
    ['51 rules', { rules: times(51, () => ({ maxChars: 100 })) }, [['rules', 'must have at most 50 items']]],
    ['a null rule', { rules: [null] }, [['rules.0', 'must be an object']]],
    ['a rule that is a number', { rules: [{ maxChars: 1 }, 280] }, [['rules.1', 'must be an object']]],
    ['a rule without a bound', { rules: [{ format: 'VIDEO' }] }, [['rules.0', `must set at least one of ${BOUNDS}`]]],
    ['a rule with only null bounds', { rules: [{ maxChars: null }] }, [['rules.0', `must set at least one of ${BOUNDS}`]]],
    ['an unknown format', { rules: [{ format: 'PODCAST', maxWords: 1 }] }, [['rules.0.format', `must be one of ${FORMATS}`]]],
    ['an unknown network', { rules: [{ network: 'MYSPACE', maxChars: 1 }] }, [['rules.0.network', `must be one of ${NETWORKS}`]]],
    ['an unknown member', { rules: [{ maxChars: 280, maxSeconds: 5 }] }, [['rules.0.maxSeconds', `is not a known field (expected format, network, ${BOUNDS})`]]],
    ['a negative bound', { rules: [{ minWords: -1 }] }, [['rules.0.minWords', 'must be between 0 and 1000000']]],
    ['a bound too large', { rules: [{ maxChars: 1_000_001 }] }, [['rules.0.maxChars', 'must be between 0 and 1000000']]],
    ['a fractional bound', { rules: [{ maxDurationSeconds: 1.5 }] }, [['rules.0.maxDurationSeconds', 'must be a whole number']]],
    ['a bound as a string', { rules: [{ minDurationSeconds: '30' }] }, [['rules.0.minDurationSeconds', 'must be a whole number']]],
    ['a bound that is not a number', { rules: [{ maxWords: Number.NaN }] }, [['rules.0.maxWords', 'must be a whole number']]],
    ['more words required than allowed', { rules: [{ minWords: 300, maxWords: 150 }] }, [['rules.0.maxWords', 'must be at least minWords (300)']]],
    ['more characters required than allowed', { rules: [{ minChars: 10, maxChars: 9 }] }, [['rules.0.maxChars', 'must be at least minChars (10)']]],
    ['a longer minimum than maximum duration', { rules: [{ minDurationSeconds: 180, maxDurationSeconds: 30 }] }, [['rules.0.maxDurationSeconds', 'must be at least minDurationSeconds (180)']]],
    ['problems in two rules', { rules: [{ maxChars: 280 }, { minWords: -5 }, { format: 'VIDEO' }] }, [['rules.1.minWords', 'must be between 0 and 1000000'], ['rules.2', `must set at least one of ${BOUNDS}`]]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: POSTING_CADENCE', () => {
  const type = PolicyType.POSTING_CADENCE;

  it.each<[string, unknown]>([
    ['a minimum', { minPerWeek: 3 }],
    ['a maximum', { maxPerWeek: 14 }],
    ['both', { minPerWeek: 3, maxPerWeek: 14 }],
    ['equal bounds', { minPerWeek: 5, maxPerWeek: 5 }],
    ['the extremes', { minPerWeek: 0, maxPerWeek: 1000 }],
    ['a null member', { minPerWeek: null, maxPerWeek: 0 }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['no bound', {}, [['', 'must set minPerWeek, maxPerWeek or both']]],
    ['only null bounds', { minPerWeek: null, maxPerWeek: null }, [['', 'must set minPerWeek, maxPerWeek or both']]],
    ['a negative minimum', { minPerWeek: -1 }, [['minPerWeek', 'must be between 0 and 1000']]],
    ['a maximum over 1000', { maxPerWeek: 1001 }, [['maxPerWeek', 'must be between 0 and 1000']]],
    ['a fractional minimum', { minPerWeek: 2.5 }, [['minPerWeek', 'must be a whole number']]],
    ['a minimum as a string', { minPerWeek: '3' }, [['minPerWeek', 'must be a whole number']]],
    ['a minimum over the maximum', { minPerWeek: 5, maxPerWeek: 3 }, [['maxPerWeek', 'must be at least minPerWeek (5)']]],
    ['an unknown member', { perDay: 1 }, [['perDay', 'is not a known field (expected minPerWeek, maxPerWeek)'], ['', 'must set minPerWeek, maxPerWeek or both']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: ORIGINAL_CONTENT_RATIO', () => {
  const type = PolicyType.ORIGINAL_CONTENT_RATIO;

  it.each<[string, unknown]>([
    ['a typical ratio', { minOriginalPercent: 60, windowDays: 30 }],
    ['the lower extremes', { minOriginalPercent: 0, windowDays: 1 }],
    ['the upper extremes', { minOriginalPercent: 100, windowDays: 365 }],
    ['a fractional percent', { minOriginalPercent: 33.3, windowDays: 30 }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['nothing', {}, [['minOriginalPercent', 'is required'], ['windowDays', 'is required']]],
    ['a negative percent', { minOriginalPercent: -1, windowDays: 30 }, [['minOriginalPercent', 'must be between 0 and 100']]],
    ['a percent over 100', { minOriginalPercent: 100.5, windowDays: 30 }, [['minOriginalPercent', 'must be between 0 and 100']]],
    ['a percent as a string', { minOriginalPercent: '50', windowDays: 30 }, [['minOriginalPercent', 'must be a number']]],
    ['a percent that is not a number', { minOriginalPercent: Number.NaN, windowDays: 30 }, [['minOriginalPercent', 'must be a number']]],
    ['an infinite percent', { minOriginalPercent: Number.POSITIVE_INFINITY, windowDays: 30 }, [['minOriginalPercent', 'must be a number']]],
    ['a window of 0 days', { minOriginalPercent: 50, windowDays: 0 }, [['windowDays', 'must be between 1 and 365']]],
    ['a window over a year', { minOriginalPercent: 50, windowDays: 366 }, [['windowDays', 'must be between 1 and 365']]],
    ['a fractional window', { minOriginalPercent: 50, windowDays: 7.5 }, [['windowDays', 'must be a whole number']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: LAUNCH_READINESS', () => {
  const type = PolicyType.LAUNCH_READINESS;

  it.each([1, 3, 5, 100])('accepts %i posts', (minApprovedPosts) => {
    expect(check(type, { minApprovedPosts })).toEqual([]);
  });

  it.each<Case>([
    ['nothing', {}, [['minApprovedPosts', 'is required']]],
    ['0 posts', { minApprovedPosts: 0 }, [['minApprovedPosts', 'must be between 1 and 100']]],
    ['101 posts', { minApprovedPosts: 101 }, [['minApprovedPosts', 'must be between 1 and 100']]],
    ['2.5 posts', { minApprovedPosts: 2.5 }, [['minApprovedPosts', 'must be a whole number']]],
    ['"3" posts', { minApprovedPosts: '3' }, [['minApprovedPosts', 'must be a whole number']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: RESPONSE_SLA', () => {
  const type = PolicyType.RESPONSE_SLA;

  it.each([1, 60, 100_000])('accepts %i minutes', (minutes) => {
    expect(check(type, { minutes })).toEqual([]);
  });

  it.each<Case>([
    ['nothing', {}, [['minutes', 'is required']]],
    ['0 minutes', { minutes: 0 }, [['minutes', 'must be between 1 and 100000']]],
    ['100001 minutes', { minutes: 100_001 }, [['minutes', 'must be between 1 and 100000']]],
    ['1.5 minutes', { minutes: 1.5 }, [['minutes', 'must be a whole number']]],
    ['true minutes', { minutes: true }, [['minutes', 'must be a whole number']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: SOURCE_VERIFICATION', () => {
  const type = PolicyType.SOURCE_VERIFICATION;

  it.each<[string, unknown]>([
    ['one check', { requiredChecks: ['CORROBORATION'] }],
    ['the whole checklist', { requiredChecks: CHECKS.split(', ') }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['nothing', {}, [['requiredChecks', 'is required']]],
    ['no checks', { requiredChecks: [] }, [['requiredChecks', 'must not be empty']]],
    ['an unknown check', { requiredChecks: ['FOLLOWERS', 'PHONE'] }, [['requiredChecks.1', `must be one of ${CHECKS}`]]],
    ['a repeated check', { requiredChecks: ['FOLLOWERS', 'FOLLOWERS'] }, [['requiredChecks.1', 'repeats requiredChecks.0']]],
    ['checks as a string', { requiredChecks: 'FOLLOWERS' }, [['requiredChecks', 'must be a list']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: SPECULATION_LABEL', () => {
  const type = PolicyType.SPECULATION_LABEL;

  it.each<[string, unknown]>([
    ['tags and labels', { tags: ['SPECULATION', 'OPINION'], labels: ['Opinion', 'Speculation', 'Opinia'] }],
    ['20 labels of 100 characters', { tags: ['OPINION'], labels: times(20, (i) => `${i}`.padEnd(100, 'x')) }],
  ])('accepts %s', (_label, config) => {
    expect(check(type, config)).toEqual([]);
  });

  it.each<Case>([
    ['nothing', {}, [['tags', 'is required'], ['labels', 'is required']]],
    ['no tags', { tags: [], labels: ['Opinion'] }, [['tags', 'must not be empty']]],
    ['no labels', { tags: ['OPINION'], labels: [] }, [['labels', 'must not be empty']]],
    ['a blank label', { tags: ['OPINION'], labels: ['Opinion', ''] }, [['labels.1', 'must not be blank']]],
    ['a label of 101 characters', { tags: ['OPINION'], labels: ['x'.repeat(101)] }, [['labels.0', 'must be at most 100 characters']]],
    ['21 labels', { tags: ['OPINION'], labels: times(21, (i) => `l${i}`) }, [['labels', 'must have at most 20 items']]],
    ['a label repeated in another case', { tags: ['OPINION'], labels: ['Opinion', 'OPINION'] }, [['labels.1', 'repeats labels.0']]],
    ['labels as a string', { tags: ['OPINION'], labels: 'Opinion' }, [['labels', 'must be a list']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});

describe('validatePolicyConfig: INTERNAL_AUDIENCE_TEST', () => {
  const type = PolicyType.INTERNAL_AUDIENCE_TEST;

  it('accepts tags', () => {
    expect(check(type, { tags: ['HUMOR'] })).toEqual([]);
  });

  it.each<Case>([
    ['nothing', {}, [['tags', 'is required']]],
    ['no tags', { tags: [] }, [['tags', 'must not be empty']]],
    ['an unknown tag', { tags: ['JOKE'] }, [['tags.0', `must be one of ${TAGS}`]]],
    ['an unknown member', { tags: ['HUMOR'], audience: 'staff' }, [['audience', 'is not a known field (expected tags)']]],
  ])('rejects %s', (_label, config, errors) => {
    expect(check(type, config)).toEqual(errors);
  });
});
