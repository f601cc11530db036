import { blocking, evaluatePost, isOriginal, launchReadiness, requiredWorkflows, warnings } from './evaluate';
import {
  Enforcement,
  EvaluationContext,
  EvaluationStage,
  Network,
  PolicyConfigs,
  PolicyRule,
  PolicyType,
  PostContent,
  PostFormat,
  PostTag,
  ProfileActivity,
  SourceCheck,
  Violation,
} from './types';

const DAY = 24 * 60 * 60 * 1000;
const AT = new Date('2024-06-10T09:00:00.000Z'); // a Monday morning
const before = (ms: number) => new Date(AT.getTime() - ms);
const daysBefore = (days: number) => before(days * DAY);

const FACEBOOK = { id: 'fb-1', network: Network.FACEBOOK };
const X = { id: 'x-1', network: Network.X };
const TIKTOK = { id: 'tt-1', network: Network.TIKTOK };

function post(overrides: Partial<PostContent> = {}): PostContent {
  return {
    body: 'Snickers: you are not you when you are hungry.',
    format: PostFormat.TEXT,
    tags: [],
    durationSeconds: null,
    source: null,
    label: null,
    internalTest: null,
    profiles: [FACEBOOK],
    ...overrides,
  };
}

function policy<T extends PolicyType>(type: T, config: PolicyConfigs[T], flags: { enforcement?: Enforcement; enabled?: boolean } = {}): PolicyRule<T> {
  return {
    id: `policy-${type.toLowerCase()}`,
    brandId: 'mars',
    type,
    enforcement: flags.enforcement ?? Enforcement.BLOCK,
    locked: false,
    enabled: flags.enabled ?? true,
    config,
  };
}

function context(overrides: Partial<EvaluationContext> = {}): EvaluationContext {
  return { stage: 'SUBMIT', at: AT, activity: [], ...overrides };
}

function evaluate(content: PostContent, rule: PolicyRule, ctx: EvaluationContext = context()): Violation[] {
  return evaluatePost(content, [rule], ctx);
}

const fields = (violations: Violation[]) => violations.map((v) => v.field);
const messages = (violations: Violation[]) => violations.map((v) => v.message);
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
const STAGES: EvaluationStage[] = ['CHECK', 'SUBMIT', 'SCHEDULE', 'PUBLISH'];

describe('BANNED_TERMS', () => {
  const rule = (...terms: string[]) => policy(PolicyType.BANNED_TERMS, { terms });

  it.each<[string, string, string[], string[]]>([
    ['a whole word', 'Get it free today', ['free'], ['free']],
    ['a shouted word with punctuation', 'FREE! Only today', ['free'], ['free']],
    ['not inside a longer word', 'Freedom tastes like caramel', ['free'], []],
    ['a multi-word phrase', 'Guaranteed to lose weight fast', ['lose weight'], ['lose weight']],
    ['a phrase only as a whole', 'Never lose weightlifting gains', ['lose weight'], []],
    ['Polish diacritics, any case', 'TANIO i szybko', ['tanio'], ['tanio']],
    ['Polish words are whole words', 'Tanioch nie ma', ['tanio'], []],
    ['every term found, in the order of the config', 'Free and cheap and free', ['cheap', 'free', 'cure'], ['cheap', 'free']],
    ['a term listed twice is reported once', 'free stuff', ['free', ' FREE '], ['free']],
    ['nothing banned is present', 'Peanuts, caramel, nougat', ['free', 'cheap'], []],
  ])('%s', (_label, body, terms, found) => {
    const violations = evaluate(post({ body }), rule(...terms));
    expect(messages(violations)).toEqual(found.map((t) => `The post contains the banned term "${t}".`));
    expect(fields(violations)).toEqual(found.map(() => 'body'));
  });

  it('reports a banned term in the label on the label', () => {
    const violations = evaluate(post({ body: 'All good', label: 'Free stuff' }), rule('free'));
    expect(violations).toEqual([{
      policyId: 'policy-banned_terms',
      brandId: 'mars',
      type: PolicyType.BANNED_TERMS,
      enforcement: Enforcement.BLOCK,
      message: 'The label contains the banned term "free".',
      field: 'label',
    }]);
  });

  it.each(STAGES)('applies at %s', (stage) => {
    expect(evaluate(post({ body: 'free' }), rule('free'), context({ stage }))).toHaveLength(1);
  });

  it("carries the policy's enforcement", () => {
    const warn = policy(PolicyType.BANNED_TERMS, { terms: ['free'] }, { enforcement: Enforcement.WARN });
    expect(evaluate(post({ body: 'free' }), warn).map((v) => v.enforcement)).toEqual([Enforcement.WARN]);
  });
});

describe('REQUIRED_DISCLOSURE', () => {
  const rule = policy(PolicyType.REQUIRED_DISCLOSURE, { tags: [PostTag.PROMOTION, PostTag.CUSTOMER_STORY], text: '#ad' });

  it.each<[string, Partial<PostContent>, boolean]>([
    ['an untagged post needs none', { body: 'Hello' }, false],
    ['a promotion with the disclosure', { tags: [PostTag.PROMOTION], body: '50% off this week #ad' }, false],
    ['a promotion with the disclosure in another case', { tags: [PostTag.PROMOTION], body: '#AD 50% off' }, false],
    ['a promotion disclosed in its label', { tags: [PostTag.PROMOTION], body: '50% off', label: '#ad' }, false],
    ['a promotion without it', { tags: [PostTag.PROMOTION], body: '50% off this week' }, true],
    ['a customer story without it', { tags: [PostTag.HUMOR, PostTag.CUSTOMER_STORY], body: 'Meet Ana' }, true],
    ['a longer hashtag does not disclose', { tags: [PostTag.PROMOTION], body: 'Join our #adventure' }, true],
  ])('%s', (_label, content, violated) => {
    expect(evaluate(post(content), rule).length > 0).toBe(violated);
  });

  it('names the tag and the text, on the body', () => {
    expect(evaluate(post({ tags: [PostTag.PROMOTION], body: '50% off' }), rule)).toEqual([
      expect.objectContaining({ field: 'body', message: 'A post tagged PROMOTION must include the disclosure "#ad".' }),
    ]);
  });

  it('names every tag that triggered it', () => {
    const [violation] = evaluate(post({ tags: [PostTag.PROMOTION, PostTag.CUSTOMER_STORY], body: 'x' }), rule);
    expect(violation.message).toBe('A post tagged PROMOTION or CUSTOMER_STORY must include the disclosure "#ad".');
  });

  it('matches a multi-word disclosure across line breaks', () => {
    const sponsored = policy(PolicyType.REQUIRED_DISCLOSURE, { tags: [PostTag.PROMOTION], text: 'Paid partnership' });
    expect(evaluate(post({ tags: [PostTag.PROMOTION], body: 'New flavour!\npaid\npartnership with Mars' }), sponsored)).toEqual([]);
  });
});

describe('CONTENT_LENGTH', () => {
  // The article's limits (tip 15) and X's character limit.
  const rule = policy(PolicyType.CONTENT_LENGTH, {
    rules: [
      { format: PostFormat.BLOG_POST, minWords: 150, maxWords: 300 },
      { format: PostFormat.VIDEO, minDurationSeconds: 30, maxDurationSeconds: 180 },
      { format: PostFormat.INTERVIEW, maxDurationSeconds: 900 },
      { network: Network.X, maxChars: 280 },
    ],
  });

  it.each<[string, Partial<PostContent>, [string, string][]]>([
    ['a blog post of 149 words', { format: PostFormat.BLOG_POST, body: words(149) }, [['body', 'A blog post needs at least 150 words; this one has 149.']]],
    ['a blog post of exactly 150 words', { format: PostFormat.BLOG_POST, body: words(150) }, []],
    ['a blog post of exactly 300 words', { format: PostFormat.BLOG_POST, body: words(300) }, []],
    ['a blog post of 301 words', { format: PostFormat.BLOG_POST, body: words(301) }, [['body', 'A blog post may have at most 300 words; this one has 301.']]],
    ['a blog post of 150 words spread over lines', { format: PostFormat.BLOG_POST, body: `  ${words(75)}\n\n${words(75)}  ` }, []],
    ['a video of 29 seconds', { format: PostFormat.VIDEO, durationSeconds: 29 }, [['durationSeconds', 'A video must be at least 30 seconds long; this one is 29 seconds.']]],
    ['a video of exactly 30 seconds', { format: PostFormat.VIDEO, durationSeconds: 30 }, []],
    ['a video of exactly 3 minutes', { format: PostFormat.VIDEO, durationSeconds: 180 }, []],
    ['a video of 181 seconds', { format: PostFormat.VIDEO, durationSeconds: 181 }, [['durationSeconds', 'A video must be at most 3 minutes long; this one is 181 seconds.']]],
    ['a video without a duration', { format: PostFormat.VIDEO, durationSeconds: null }, [['durationSeconds', 'A video must give its duration so its length limit can be checked.']]],
    ['an interview of exactly 15 minutes', { format: PostFormat.INTERVIEW, durationSeconds: 900 }, []],
    ['a very short interview (no minimum)', { format: PostFormat.INTERVIEW, durationSeconds: 1 }, []],
    ['an interview of 15 minutes and a second', { format: PostFormat.INTERVIEW, durationSeconds: 901 }, [['durationSeconds', 'An interview must be at most 15 minutes long; this one is 901 seconds.']]],
    ['a text post is held to no format rule', { format: PostFormat.TEXT, body: 'Hi' }, []],
    ['a 149-word text post is not a blog post', { format: PostFormat.TEXT, body: words(149) }, []],
    ['281 characters for Facebook only', { body: 'a'.repeat(281), profiles: [FACEBOOK] }, []],
    ['exactly 280 characters for X', { body: 'a'.repeat(280), profiles: [X] }, []],
    ['281 characters for X', { body: 'a'.repeat(281), profiles: [X] }, [['body', 'A post for X may have at most 280 characters; this one has 281.']]],
    ['281 characters for Facebook and X', { body: 'a'.repeat(281), profiles: [FACEBOOK, X] }, [['body', 'A post for X may have at most 280 characters; this one has 281.']]],
    ['280 Polish letters for X (one character each)', { body: 'ż'.repeat(280), profiles: [X] }, []],
    ['surrounding whitespace is not counted', { body: ` ${'a'.repeat(280)}\n`, profiles: [X] }, []],
    [
      'a 301-word blog post also sent to X breaks both rules',
      { format: PostFormat.BLOG_POST, body: words(301), profiles: [X] },
      [['body', 'A blog post may have at most 300 words; this one has 301.'], ['body', 'A post for X may have at most 280 characters; this one has 1394.']],
    ],
  ])('%s', (_label, content, expected) => {
    expect(evaluate(post(content), rule).map((v) => [v.field, v.message])).toEqual(expected);
  });

  it('a rule with format and network needs both', () => {
    const tiktok = policy(PolicyType.CONTENT_LENGTH, { rules: [{ format: PostFormat.VIDEO, network: Network.TIKTOK, maxDurationSeconds: 60 }] });
    const long = { format: PostFormat.VIDEO, durationSeconds: 61 };
    expect(messages(evaluate(post({ ...long, profiles: [TIKTOK] }), tiktok))).toEqual(['A video for TikTok must be at most 1 minute long; this one is 61 seconds.']);
    expect(evaluate(post({ ...long, profiles: [FACEBOOK] }), tiktok)).toEqual([]);
    expect(evaluate(post({ ...long, format: PostFormat.TEXT, profiles: [TIKTOK] }), tiktok)).toEqual([]);
  });

  it('a rule without format or network binds every post', () => {
    const short = policy(PolicyType.CONTENT_LENGTH, { rules: [{ minChars: 10 }] });
    expect(messages(evaluate(post({ body: 'Too short' }), short))).toEqual(['A post needs at least 10 characters; this one has 9.']);
  });

  it('a format-less duration rule binds only posts with a duration', () => {
    const cap = policy(PolicyType.CONTENT_LENGTH, { rules: [{ maxDurationSeconds: 600 }] });
    expect(evaluate(post({ durationSeconds: null }), cap)).toEqual([]);
    expect(fields(evaluate(post({ format: PostFormat.VIDEO, durationSeconds: 601 }), cap))).toEqual(['durationSeconds']);
  });

  it('reads null bounds as absent', () => {
    const nulls = policy(PolicyType.CONTENT_LENGTH, { rules: [{ format: null, network: null, minWords: null, maxWords: 3 } as never] });
    expect(messages(evaluate(post({ body: 'one two three four' }), nulls))).toEqual(['A post may have at most 3 words; this one has 4.']);
  });

  it('says "1 word" and "1 character"', () => {
    const one = policy(PolicyType.CONTENT_LENGTH, { rules: [{ maxWords: 1 }, { maxChars: 1 }] });
    expect(messages(evaluate(post({ body: 'ab cd' }), one))).toEqual([
      'A post may have at most 1 word; this one has 2.',
      'A post may have at most 1 character; this one has 5.',
    ]);
  });
});

describe('POSTING_CADENCE', () => {
  const rule = (config: PolicyConfigs[PolicyType.POSTING_CADENCE], enforcement = Enforcement.BLOCK) =>
    policy(PolicyType.POSTING_CADENCE, config, { enforcement });
  const activity = (profileId: string, ...ats: Date[]): ProfileActivity => ({ profileId, posts: ats.map((at) => ({ at, original: true })) });
  const schedule = (...entries: ProfileActivity[]) => context({ stage: 'SCHEDULE', activity: entries });
  const sixThisWeek = [1, 2, 3, 4, 5, 6].map(daysBefore);

  it.each<[string, ProfileActivity[], number]>([
    ['no other posts: this one is the first', [], 0],
    ['6 others in the week: this is the 7th', [activity('fb-1', ...sixThisWeek)], 0],
    ['7 others in the week: this is the 8th', [activity('fb-1', ...sixThisWeek, before(1))], 1],
    ['a post exactly 7 days earlier belongs to last week', [activity('fb-1', ...sixThisWeek, daysBefore(7))], 0],
    ['a post a millisecond inside the 7 days counts', [activity('fb-1', ...sixThisWeek, before(7 * DAY - 1))], 1],
    ['a post at the same moment counts', [activity('fb-1', ...sixThisWeek, AT)], 1],
    ['posts after this one are not in its window', [activity('fb-1', ...sixThisWeek, new Date(AT.getTime() + 1))], 0],
    ["another profile's posts do not count", [activity('fb-1', ...sixThisWeek), activity('x-1', AT, AT)], 0],
    ['activity given in two parts is added up', [activity('fb-1', ...sixThisWeek.slice(0, 3)), activity('fb-1', ...sixThisWeek.slice(3), before(1))], 1],
  ])('max 7 per week, %s', (_label, entries, count) => {
    expect(evaluate(post(), rule({ maxPerWeek: 7 }), schedule(...entries))).toHaveLength(count);
  });

  it('over the maximum: a violation with the enforcement of the policy, naming the profile and the limit', () => {
    const violations = evaluate(post(), rule({ maxPerWeek: 2 }, Enforcement.BLOCK), schedule(activity('fb-1', daysBefore(1), daysBefore(2))));
    expect(violations).toEqual([{
      policyId: 'policy-posting_cadence',
      brandId: 'mars',
      type: PolicyType.POSTING_CADENCE,
      enforcement: Enforcement.BLOCK,
      message: 'This would be post 3 in 7 days on profile fb-1 (Facebook); the limit is 2 per week.',
      field: null,
    }]);
  });

  it('a maximum of 0 refuses any post', () => {
    expect(evaluate(post(), rule({ maxPerWeek: 0 }), schedule())).toHaveLength(1);
  });

  it.each<[string, Date[], boolean]>([
    ['an empty window: this post alone is under 3', [], true],
    ['one other: 2 is under 3', [daysBefore(2)], true],
    ['two others: 3 meets 3', [daysBefore(2), daysBefore(4)], false],
    ['older posts do not help', [daysBefore(8), daysBefore(9)], true],
  ])('min 3 per week, %s', (_label, ats, warned) => {
    expect(evaluate(post(), rule({ minPerWeek: 3 }), schedule(activity('fb-1', ...ats))).length > 0).toBe(warned);
  });

  it('under the minimum is only a warning, even for a blocking policy', () => {
    const violations = evaluate(post(), rule({ minPerWeek: 3, maxPerWeek: 10 }, Enforcement.BLOCK), schedule());
    expect(violations).toEqual([expect.objectContaining({
      enforcement: Enforcement.WARN,
      field: null,
      message: 'Only 1 post would go out on profile fb-1 (Facebook) in the 7 days up to and including this one; the target is at least 3 per week.',
    })]);
  });

  it('judges each profile of the post on its own activity, each once', () => {
    const content = post({ profiles: [FACEBOOK, X, FACEBOOK] });
    const violations = evaluate(content, rule({ maxPerWeek: 1 }), schedule(activity('x-1', daysBefore(1))));
    expect(messages(violations)).toEqual(['This would be post 2 in 7 days on profile x-1 (X); the limit is 1 per week.']);
  });

  it.each<[EvaluationStage, number]>([
    ['CHECK', 1],
    ['SUBMIT', 0],
    ['SCHEDULE', 1],
    ['PUBLISH', 1],
  ])('at %s: %i violation(s)', (stage, count) => {
    expect(evaluate(post(), rule({ maxPerWeek: 0 }), context({ stage }))).toHaveLength(count);
  });

  it('reads null bounds as absent', () => {
    expect(evaluate(post(), rule({ minPerWeek: null, maxPerWeek: 5 } as never), schedule())).toEqual([]);
  });
});

describe('ORIGINAL_CONTENT_RATIO', () => {
  const rule = (minOriginalPercent = 50, windowDays = 30, enforcement = Enforcement.BLOCK) =>
    policy(PolicyType.ORIGINAL_CONTENT_RATIO, { minOriginalPercent, windowDays }, { enforcement });
  const history = (...posts: [Date, boolean][]): ProfileActivity[] => [{ profileId: 'fb-1', posts: posts.map(([at, original]) => ({ at, original })) }];
  const schedule = (activity: ProfileActivity[] = []) => context({ stage: 'SCHEDULE', activity });
  const original = post();
  const curatedByTag = post({ tags: [PostTag.CURATED] });
  const curatedBySource = post({ source: { url: 'https://example.com/p/1', verification: {} } });

  it.each<[string, PostContent, ProfileActivity[], Enforcement | null]>([
    ['empty window, original post: 100%', original, [], null],
    ['empty window, curated (tag): 0%', curatedByTag, [], Enforcement.BLOCK],
    ['empty window, curated (source): 0%', curatedBySource, [], Enforcement.BLOCK],
    ['one original before, curated now: exactly 50%', curatedByTag, history([daysBefore(3), true]), null],
    ['two curated before, curated now: 0%', curatedByTag, history([daysBefore(3), false], [daysBefore(4), false]), Enforcement.BLOCK],
    ['three curated before, original now: 25%, but this post helps', original, history([daysBefore(1), false], [daysBefore(2), false], [daysBefore(3), false]), Enforcement.WARN],
    ['one curated before, original now: 50%', original, history([daysBefore(1), false]), null],
    ['a post exactly windowDays earlier is in the window', curatedByTag, history([daysBefore(30), true]), null],
    ['a post just before the window is not', curatedByTag, history([before(30 * DAY + 1), true]), Enforcement.BLOCK],
    ['a post after this one is not', curatedByTag, history([new Date(AT.getTime() + DAY), true]), Enforcement.BLOCK],
  ])('minimum 50%% over 30 days, %s', (_label, content, activity, expected) => {
    const violations = evaluate(content, rule(), schedule(activity));
    expect(violations.map((v) => v.enforcement)).toEqual(expected ? [expected] : []);
  });

  it('names the share, the profile, the window and the minimum', () => {
    const [violation] = evaluate(curatedByTag, rule(50, 30), schedule(history([daysBefore(1), true], [daysBefore(2), false])));
    expect(violation).toEqual({
      policyId: 'policy-original_content_ratio',
      brandId: 'mars',
      type: PolicyType.ORIGINAL_CONTENT_RATIO,
      enforcement: Enforcement.BLOCK,
      message: 'Only 33% of the posts on profile fb-1 (Facebook) in the last 30 days would be original (1 of 3); the minimum is 50%.',
      field: null,
    });
  });

  it('says when the post itself is original', () => {
    const [violation] = evaluate(original, rule(75, 1), schedule(history([daysBefore(0.5), false])));
    expect(violation.message).toBe('Only 50% of the posts on profile fb-1 (Facebook) in the last 1 day would be original (1 of 2, this one included); the minimum is 75%.');
  });

  it.each<[number, boolean]>([
    [0, false],
    [33.3, false],
    [33.4, true],
    [100, true],
  ])('1 original of 3 against a minimum of %d%%: violated %s', (min, violated) => {
    const violations = evaluate(curatedByTag, rule(min), schedule(history([daysBefore(1), true], [daysBefore(2), false])));
    expect(violations.length > 0).toBe(violated);
  });

  it('judges each profile on its own window', () => {
    const content = post({ tags: [PostTag.CURATED], profiles: [FACEBOOK, X] });
    const activity = [{ profileId: 'fb-1', posts: [{ at: daysBefore(1), original: true }] }];
    expect(messages(evaluate(content, rule(), schedule(activity)))).toEqual([
      'Only 0% of the posts on profile x-1 (X) in the last 30 days would be original (0 of 1); the minimum is 50%.',
    ]);
  });

  it.each<[EvaluationStage, number]>([
    ['CHECK', 1],
    ['SUBMIT', 0],
    ['SCHEDULE', 1],
    ['PUBLISH', 1],
  ])('at %s: %i violation(s)', (stage, count) => {
    expect(evaluate(curatedByTag, rule(), context({ stage }))).toHaveLength(count);
  });
});

describe('SOURCE_VERIFICATION', () => {
  const rule = policy(PolicyType.SOURCE_VERIFICATION, { requiredChecks: [SourceCheck.SOURCE_BIO, SourceCheck.FOLLOWERS, SourceCheck.CORROBORATION] });
  const source = (verification: Partial<Record<SourceCheck, boolean>>) => ({ url: 'https://x.com/someone/status/1', verification });
  const allChecked = { SOURCE_BIO: true, FOLLOWERS: true, CORROBORATION: true };

  it.each<[string, Partial<PostContent>, (string | null)[]]>([
    ['an original post without a source', {}, []],
    ['a curated post without a source', { tags: [PostTag.CURATED] }, ['source']],
    ['a reshare with every required check done', { source: source(allChecked) }, []],
    ['a curated reshare with every required check done', { tags: [PostTag.CURATED], source: source(allChecked) }, []],
    ['a reshare with checks missing or false', { source: source({ SOURCE_BIO: true, CORROBORATION: false }) }, ['source.verification.FOLLOWERS', 'source.verification.CORROBORATION']],
    ['a reshare with nothing checked', { source: source({}) }, ['source.verification.SOURCE_BIO', 'source.verification.FOLLOWERS', 'source.verification.CORROBORATION']],
    ['checks beyond the required ones do not matter', { source: source({ ...allChecked, LOCATION: false, TIMING: false }) }, []],
  ])('%s', (_label, content, expected) => {
    expect(fields(evaluate(post(content), rule))).toEqual(expected);
  });

  it('names the missing check and the source', () => {
    expect(messages(evaluate(post({ source: source({ SOURCE_BIO: true, CORROBORATION: true }) }), rule))).toEqual([
      "Before resharing https://x.com/someone/status/1, verify the source's followers (checklist item FOLLOWERS).",
    ]);
    expect(messages(evaluate(post({ tags: [PostTag.CURATED] }), rule))).toEqual([
      'A curated post must name its source and complete the verification checklist.',
    ]);
  });
});

describe('SPECULATION_LABEL', () => {
  const rule = policy(PolicyType.SPECULATION_LABEL, { tags: [PostTag.SPECULATION, PostTag.OPINION], labels: ['Opinion', 'Speculation'] });

  it.each<[string, Partial<PostContent>, boolean]>([
    ['an untagged post needs no label', { body: 'Caramel is the best.' }, false],
    ['labelled in the label field', { tags: [PostTag.OPINION], label: 'Opinion' }, false],
    ['labelled in another case', { tags: [PostTag.OPINION], label: '  SPECULATION ' }, false],
    ['the body opens with a label', { tags: [PostTag.SPECULATION], body: 'Speculation: a new bar is coming.' }, false],
    ['the body opens with a label in lower case', { tags: [PostTag.SPECULATION], body: '\nspeculation - a new bar is coming.' }, false],
    ['no label anywhere', { tags: [PostTag.SPECULATION], body: 'A new bar is coming.' }, true],
    ['a label that is not an accepted one', { tags: [PostTag.OPINION], label: 'Hot take' }, true],
    ['an accepted label inside a longer one', { tags: [PostTag.OPINION], label: 'Opinion piece' }, true],
    ['the label word in the middle of the body', { tags: [PostTag.OPINION], body: 'In our opinion caramel wins.' }, true],
    ['a longer word at the start of the body', { tags: [PostTag.OPINION], body: 'Opinionated people agree.' }, true],
  ])('%s', (_label, content, violated) => {
    expect(evaluate(post(content), rule).length > 0).toBe(violated);
  });

  it('asks for one of the labels, on the label field', () => {
    expect(evaluate(post({ tags: [PostTag.OPINION] }), rule)).toEqual([expect.objectContaining({
      field: 'label',
      message: 'A post tagged OPINION must carry a visible label ("Opinion" or "Speculation") in its label or at the start of its body, so it is not presented as fact.',
    })]);
  });
});

describe('INTERNAL_AUDIENCE_TEST', () => {
  const rule = policy(PolicyType.INTERNAL_AUDIENCE_TEST, { tags: [PostTag.HUMOR] });

  it.each<[string, Partial<PostContent>, string | null]>([
    ['an untagged post needs no test', {}, null],
    ['humor that passed', { tags: [PostTag.HUMOR], internalTest: { passed: true, notes: 'Team laughed' } }, null],
    ['humor never tested', { tags: [PostTag.HUMOR] }, 'A post tagged HUMOR must pass an internal audience test before it goes out; none is recorded.'],
    ['humor that failed', { tags: [PostTag.HUMOR], internalTest: { passed: false } }, 'A post tagged HUMOR must pass an internal audience test before it goes out; the recorded test did not pass.'],
  ])('%s', (_label, content, message) => {
    const violations = evaluate(post(content), rule);
    expect(violations.map((v) => [v.field, v.message])).toEqual(message ? [['internalTest', message]] : []);
  });
});

describe.each([
  [PolicyType.APPROVAL_REQUIRED, policy(PolicyType.APPROVAL_REQUIRED, { workflowId: 'wf', always: true })],
  [PolicyType.LAUNCH_READINESS, policy(PolicyType.LAUNCH_READINESS, { minApprovedPosts: 100 })],
  [PolicyType.RESPONSE_SLA, policy(PolicyType.RESPONSE_SLA, { minutes: 1 })],
])('%s', (_type, rule) => {
  it.each(STAGES)('gives no post violations at %s', (stage) => {
    expect(evaluate(post({ tags: Object.values(PostTag) }), rule, context({ stage }))).toEqual([]);
  });
});

describe('evaluatePost', () => {
  const banned = policy(PolicyType.BANNED_TERMS, { terms: ['free'] });
  const humor = policy(PolicyType.INTERNAL_AUDIENCE_TEST, { tags: [PostTag.HUMOR] }, { enforcement: Enforcement.WARN });
  const content = post({ body: 'free jokes', tags: [PostTag.HUMOR] });

  it('reports in the order of the policies', () => {
    expect(evaluatePost(content, [humor, banned], context()).map((v) => v.type)).toEqual([PolicyType.INTERNAL_AUDIENCE_TEST, PolicyType.BANNED_TERMS]);
  });

  it('ignores disabled policies', () => {
    expect(evaluatePost(content, [{ ...banned, enabled: false }, humor], context()).map((v) => v.type)).toEqual([PolicyType.INTERNAL_AUDIENCE_TEST]);
  });

  it('ignores a policy type it does not know', () => {
    expect(evaluatePost(content, [{ ...banned, type: 'FUTURE_TYPE' as PolicyType }], context())).toEqual([]);
  });

  it('takes effective policies as they come', () => {
    expect(evaluatePost(content, [{ ...banned, inheritedFrom: 'mars' } as PolicyRule], context())).toHaveLength(1);
  });

  it('splits blocking violations from warnings', () => {
    const violations = evaluatePost(content, [banned, humor], context());
    expect(blocking(violations).map((v) => v.type)).toEqual([PolicyType.BANNED_TERMS]);
    expect(warnings(violations).map((v) => v.type)).toEqual([PolicyType.INTERNAL_AUDIENCE_TEST]);
    expect(blocking([])).toEqual([]);
  });
});

describe('isOriginal', () => {
  it.each<[string, Partial<PostContent>, boolean]>([
    ['no source, not curated', {}, true],
    ['tagged ORIGINAL', { tags: [PostTag.ORIGINAL] }, true],
    ['tagged CURATED', { tags: [PostTag.CURATED] }, false],
    ['with a source', { source: { url: 'https://example.com', verification: {} } }, false],
  ])('%s: %s', (_label, content, expected) => {
    expect(isOriginal(post(content))).toBe(expected);
  });
});

describe('requiredWorkflows', () => {
  const approval = (id: string, config: PolicyConfigs[PolicyType.APPROVAL_REQUIRED], enabled = true): PolicyRule => ({
    ...policy(PolicyType.APPROVAL_REQUIRED, config, { enabled }),
    id,
  });
  const humorAndPromos = approval('p-tags', { workflowId: 'wf-legal', tags: [PostTag.HUMOR, PostTag.PROMOTION] });
  const videos = approval('p-formats', { workflowId: 'wf-video', formats: [PostFormat.VIDEO, PostFormat.INTERVIEW] });
  const everything = approval('p-always', { workflowId: 'wf-all', always: true });

  it.each<[string, Partial<PostContent>, PolicyRule[], string[]]>([
    ['always applies to any post', {}, [everything], ['wf-all']],
    ['a tag on the post', { tags: [PostTag.PROMOTION] }, [humorAndPromos], ['wf-legal']],
    ['no listed tag on the post', { tags: [PostTag.OPINION] }, [humorAndPromos], []],
    ["the post's format", { format: PostFormat.INTERVIEW }, [videos], ['wf-video']],
    ['another format', { format: PostFormat.IMAGE }, [videos], []],
    ['several apply, in policy order', { tags: [PostTag.HUMOR], format: PostFormat.VIDEO }, [videos, humorAndPromos, everything], ['wf-video', 'wf-legal', 'wf-all']],
    ['always: false alone does not apply', {}, [approval('p-never', { workflowId: 'wf', always: false, tags: [PostTag.HUMOR] })], []],
    ['a disabled policy does not apply', {}, [approval('p-off', { workflowId: 'wf', always: true }, false)], []],
    ['other policy types are ignored', {}, [policy(PolicyType.LAUNCH_READINESS, { minApprovedPosts: 3 })], []],
    ['null tags and formats are tolerated', { tags: [PostTag.HUMOR] }, [approval('p-null', { workflowId: 'wf', always: null, tags: null, formats: null } as never)], []],
  ])('%s', (_label, content, policies, workflowIds) => {
    expect(requiredWorkflows(post(content), policies).map((w) => w.workflowId)).toEqual(workflowIds);
  });

  it('names each workflow once, with the first policy that asks for it', () => {
    const again = approval('p-again', { workflowId: 'wf-legal', always: true });
    expect(requiredWorkflows(post({ tags: [PostTag.HUMOR] }), [humorAndPromos, again])).toEqual([
      { policyId: 'p-tags', brandId: 'mars', workflowId: 'wf-legal' },
    ]);
  });
});

describe('launchReadiness', () => {
  const rule = policy(PolicyType.LAUNCH_READINESS, { minApprovedPosts: 3 });

  it.each<[number, boolean]>([
    [0, true],
    [2, true],
    [3, false],
    [5, false],
  ])('%i posts ready against a minimum of 3: violated %s', (ready, violated) => {
    expect(launchReadiness([rule], ready).length > 0).toBe(violated);
  });

  it('names the minimum and the count', () => {
    expect(launchReadiness([rule], 1)).toEqual([{
      policyId: 'policy-launch_readiness',
      brandId: 'mars',
      type: PolicyType.LAUNCH_READINESS,
      enforcement: Enforcement.BLOCK,
      message: 'A profile needs at least 3 approved posts ready before it goes live; it has 1.',
      field: null,
    }]);
  });

  it('ignores disabled and other policies', () => {
    expect(launchReadiness([{ ...rule, enabled: false }, policy(PolicyType.BANNED_TERMS, { terms: ['x'] })], 0)).toEqual([]);
  });

  it('says "1 approved post"', () => {
    expect(launchReadiness([policy(PolicyType.LAUNCH_READINESS, { minApprovedPosts: 1 })], 0)[0].message).toBe(
      'A profile needs at least 1 approved post ready before it goes live; it has 0.',
    );
  });
});
