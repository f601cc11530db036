import { CHECK_NAMES, duration, FORMAT_NAMES, NETWORK_LABELS, NETWORK_NAMES, plural, quotedList, tagList } from './describe';
import { containsPhrase, countChars, countWords, sameLabel, startsWithPhrase } from './text';
import {
  ContentLengthRule,
  Enforcement,
  EvaluationContext,
  EvaluationStage,
  Network,
  PolicyConfigs,
  PolicyRule,
  PolicyType,
  PostContent,
  PostTag,
  ProfileActivity,
  RequiredWorkflow,
  Violation,
} from './types';

// Checks a post against the policies in force on its brand. Every check is a function of
// (config, post, context) that returns findings; evaluatePost stamps them with the policy.
// Stored configs went through validatePolicyConfig, but optional members may be null (the
// GraphQL inputs are nullable), so every optional member is read with `?? ` / `!= null`.

/** A broken rule before it is stamped with its policy; `enforcement` only to override the policy's. */
interface Finding {
  message: string;
  field: string | null;
  enforcement?: Enforcement;
}

type Check<T extends PolicyType> = (config: PolicyConfigs[T], content: PostContent, context: EvaluationContext) => Finding[];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Cadence and original ratio need a planned time, which a post only has from SCHEDULE on (CHECK previews them). */
const TIME_WINDOW_STAGES: ReadonlySet<EvaluationStage> = new Set(['CHECK', 'SCHEDULE', 'PUBLISH']);

function taggedWith(content: PostContent, tags: readonly PostTag[] | null | undefined): PostTag[] {
  return (tags ?? []).filter((tag) => content.tags.includes(tag));
}

/** Curated = a reshare of someone else's content: tagged CURATED or carrying a source. */
export function isOriginal(content: Pick<PostContent, 'tags' | 'source'>): boolean {
  return !content.tags.includes(PostTag.CURATED) && content.source == null;
}

/** A post may list a profile twice; each profile is judged once. */
function distinctProfiles(content: PostContent): { id: string; network: Network }[] {
  const seen = new Set<string>();
  return content.profiles.filter((p) => !seen.has(p.id) && (seen.add(p.id), true));
}

function activityOf(activity: readonly ProfileActivity[], profileId: string): { at: Date; original: boolean }[] {
  return activity.filter((a) => a.profileId === profileId).flatMap((a) => a.posts);
}

function profileName(profile: { id: string; network: Network }): string {
  return `profile ${profile.id} (${NETWORK_LABELS[profile.network]})`;
}

const bannedTerms: Check<PolicyType.BANNED_TERMS> = (config, content) => {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const term of config.terms ?? []) {
    const key = term.trim().toLocaleLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    if (containsPhrase(content.body, term)) {
      findings.push({ field: 'body', message: `The post contains the banned term "${term.trim()}".` });
    } else if (content.label != null && containsPhrase(content.label, term)) {
      findings.push({ field: 'label', message: `The label contains the banned term "${term.trim()}".` });
    }
  }
  return findings;
};

/** The disclosure is matched like a banned term (whole words, any case), so "#ad" is not satisfied by "#adventure". */
const requiredDisclosure: Check<PolicyType.REQUIRED_DISCLOSURE> = (config, content) => {
  const tags = taggedWith(content, config.tags);
  if (tags.length === 0) return [];
  const disclosed = containsPhrase(content.body, config.text) || (content.label != null && containsPhrase(content.label, config.text));
  if (disclosed) return [];
  return [{ field: 'body', message: `A post tagged ${tagList(tags)} must include the disclosure "${config.text.trim()}".` }];
};

function article(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `An ${noun}` : `A ${noun}`;
}

/** "A video", "A post for X", "A video for TikTok", "A post". */
function ruleSubject(rule: ContentLengthRule): string {
  const what = article(rule.format != null ? FORMAT_NAMES[rule.format] : 'post');
  return rule.network != null ? `${what} for ${NETWORK_NAMES[rule.network]}` : what;
}

function boundFindings(
  subject: string,
  value: number,
  min: number | null | undefined,
  max: number | null | undefined,
  unit: string,
  field: string,
): Finding[] {
  if (min != null && value < min) return [{ field, message: `${subject} needs at least ${plural(min, unit)}; this one has ${value}.` }];
  if (max != null && value > max) return [{ field, message: `${subject} may have at most ${plural(max, unit)}; this one has ${value}.` }];
  return [];
}

/**
 * Duration limits. A post without a duration is held to a rule only when the rule names
 * its format ("videos 30 s to 3 min": a video must say how long it is); a format-less rule
 * applies its duration limits to the posts that have one, not to text.
 */
function durationFindings(rule: ContentLengthRule, content: PostContent, subject: string): Finding[] {
  const { minDurationSeconds: min, maxDurationSeconds: max } = rule;
  if (min == null && max == null) return [];
  const field = 'durationSeconds';
  const seconds = content.durationSeconds;
  if (seconds == null) {
    if (rule.format == null) return [];
    return [{ field, message: `${subject} must give its duration so its length limit can be checked.` }];
  }
  if (min != null && seconds < min) {
    return [{ field, message: `${subject} must be at least ${duration(min)} long; this one is ${duration(seconds)}.` }];
  }
  if (max != null && seconds > max) {
    return [{ field, message: `${subject} must be at most ${duration(max)} long; this one is ${duration(seconds)}.` }];
  }
  return [];
}

/**
 * Each rule applies when its format is the post's and its network is one the post goes
 * to (any of its profiles): an X limit of 280 characters binds a post only when it
 * targets an X profile. Bounds are inclusive.
 */
const contentLength: Check<PolicyType.CONTENT_LENGTH> = (config, content) =>
  (config.rules ?? []).flatMap((rule) => {
    if (rule.format != null && rule.format !== content.format) return [];
    if (rule.network != null && !content.profiles.some((p) => p.network === rule.network)) return [];
    const subject = ruleSubject(rule);
    return [
      ...boundFindings(subject, countWords(content.body), rule.minWords, rule.maxWords, 'word', 'body'),
      ...boundFindings(subject, countChars(content.body), rule.minChars, rule.maxChars, 'character', 'body'),
      ...durationFindings(rule, content, subject),
    ];
  });

/**
 * Per profile, the posts in the 7 days ending at `context.at` plus this one. The window
 * is (at - 7 days, at]: a post exactly a week earlier belongs to last week, so posting
 * every Monday at nine is one post a week, not two. Posts after `at` are not counted.
 * Over the maximum is a violation with the policy's enforcement; under the minimum is
 * only ever a warning, because adding a post cannot be what breaks a minimum.
 */
const postingCadence: Check<PolicyType.POSTING_CADENCE> = (config, content, context) => {
  const { minPerWeek: min, maxPerWeek: max } = config;
  const end = context.at.getTime();
  const start = end - 7 * DAY_MS;
  return distinctProfiles(content).flatMap((profile): Finding[] => {
    const earlier = activityOf(context.activity, profile.id).filter((p) => p.at.getTime() > start && p.at.getTime() <= end);
    const count = earlier.length + 1;
    if (max != null && count > max) {
      return [{ field: null, message: `This would be post ${count} in 7 days on ${profileName(profile)}; the limit is ${max} per week.` }];
    }
    if (min != null && count < min) {
      return [{
        field: null,
        enforcement: Enforcement.WARN,
        message: `Only ${plural(count, 'post')} would go out on ${profileName(profile)} in the 7 days up to and including this one; the target is at least ${min} per week.`,
      }];
    }
    return [];
  });
};

/**
 * Per profile, the share of original posts over [at - windowDays, at], this post
 * included. A profile with nothing else in the window is judged on this post alone: a
 * first curated post fails any positive minimum, a first original post passes. When the
 * ratio is below the minimum but this post is original, the post only improves it, so
 * (as with a cadence minimum) it is reported as a warning, never blocked.
 */
const originalContentRatio: Check<PolicyType.ORIGINAL_CONTENT_RATIO> = (config, content, context) => {
  const { minOriginalPercent: min, windowDays } = config;
  const end = context.at.getTime();
  const start = end - windowDays * DAY_MS;
  const original = isOriginal(content);
  return distinctProfiles(content).flatMap((profile): Finding[] => {
    const window = activityOf(context.activity, profile.id).filter((p) => p.at.getTime() >= start && p.at.getTime() <= end);
    const total = window.length + 1;
    const originals = window.filter((p) => p.original).length + (original ? 1 : 0);
    // Cross-multiplied rather than divided: no rounding decides whether 1 of 3 meets 33.3%.
    if (originals * 100 >= min * total) return [];
    const percent = Math.floor((originals * 100) / total);
    const message =
      `Only ${percent}% of the posts on ${profileName(profile)} in the last ${plural(windowDays, 'day')} ` +
      `would be original (${originals} of ${total}${original ? ', this one included' : ''}); the minimum is ${min}%.`;
    return [original ? { field: null, enforcement: Enforcement.WARN, message } : { field: null, message }];
  });
};

/**
 * The verification checklist of a reshare (the article's tip 22). It applies to a post
 * with a source, and to a post tagged CURATED, which must then name its source.
 */
const sourceVerification: Check<PolicyType.SOURCE_VERIFICATION> = (config, content) => {
  if (content.source == null) {
    if (!content.tags.includes(PostTag.CURATED)) return [];
    return [{ field: 'source', message: 'A curated post must name its source and complete the verification checklist.' }];
  }
  const verification = content.source.verification ?? {};
  return (config.requiredChecks ?? [])
    .filter((check) => verification[check] !== true)
    .map((check) => ({
      field: `source.verification.${check}`,
      message: `Before resharing ${content.source!.url}, verify ${CHECK_NAMES[check]} (checklist item ${check}).`,
    }));
};

/**
 * Speculation and opinion are fine as long as they are never presented as fact (tip 23):
 * the label field is one of the accepted labels, or the body opens with one ("Opinion: ...").
 */
const speculationLabel: Check<PolicyType.SPECULATION_LABEL> = (config, content) => {
  const tags = taggedWith(content, config.tags);
  if (tags.length === 0) return [];
  const labels = (config.labels ?? []).filter((l) => l.trim() !== '');
  const labelled = labels.some((l) => (content.label != null && sameLabel(content.label, l)) || startsWithPhrase(content.body, l));
  if (labelled) return [];
  return [{
    field: 'label',
    message: `A post tagged ${tagList(tags)} must carry a visible label (${quotedList(labels.map((l) => l.trim()))}) in its label or at the start of its body, so it is not presented as fact.`,
  }];
};

/** Humor is tried on an internal audience before it goes out (tip 10). */
const internalAudienceTest: Check<PolicyType.INTERNAL_AUDIENCE_TEST> = (config, content) => {
  const tags = taggedWith(content, config.tags);
  if (tags.length === 0 || content.internalTest?.passed === true) return [];
  const why = content.internalTest == null ? 'none is recorded' : 'the recorded test did not pass';
  return [{ field: 'internalTest', message: `A post tagged ${tagList(tags)} must pass an internal audience test before it goes out; ${why}.` }];
};

const noPostCheck: Check<PolicyType> = () => [];

/** APPROVAL_REQUIRED routes posts (requiredWorkflows), LAUNCH_READINESS gates profiles, RESPONSE_SLA times the inbox. */
const CHECKS: { [T in PolicyType]: { check: Check<T>; timeWindow?: true } } = {
  APPROVAL_REQUIRED: { check: noPostCheck },
  BANNED_TERMS: { check: bannedTerms },
  REQUIRED_DISCLOSURE: { check: requiredDisclosure },
  CONTENT_LENGTH: { check: contentLength },
  POSTING_CADENCE: { check: postingCadence, timeWindow: true },
  ORIGINAL_CONTENT_RATIO: { check: originalContentRatio, timeWindow: true },
  LAUNCH_READINESS: { check: noPostCheck },
  RESPONSE_SLA: { check: noPostCheck },
  SOURCE_VERIFICATION: { check: sourceVerification },
  SPECULATION_LABEL: { check: speculationLabel },
  INTERNAL_AUDIENCE_TEST: { check: internalAudienceTest },
};

function stamp(policy: PolicyRule, finding: Finding): Violation {
  return {
    policyId: policy.id,
    brandId: policy.brandId,
    type: policy.type,
    enforcement: finding.enforcement ?? policy.enforcement,
    message: finding.message,
    field: finding.field,
  };
}

/**
 * The violations of a post against the policies in force on its brand (effectivePolicies),
 * in the order of the policies. Content rules apply at every stage; cadence and original
 * ratio at CHECK, SCHEDULE and PUBLISH. Disabled policies and unknown types are ignored.
 */
export function evaluatePost(content: PostContent, policies: readonly PolicyRule[], context: EvaluationContext): Violation[] {
  return policies.flatMap((policy) => {
    const entry = CHECKS[policy.type] as { check: Check<PolicyType>; timeWindow?: true } | undefined;
    if (!policy.enabled || !entry) return [];
    if (entry.timeWindow && !TIME_WINDOW_STAGES.has(context.stage)) return [];
    return entry.check(policy.config, content, context).map((finding) => stamp(policy, finding));
  });
}

/**
 * The approval workflows a post must go through: every enabled APPROVAL_REQUIRED policy
 * that applies (always, any of its tags on the post, or the post's format listed), one
 * entry per workflow (the first policy naming it).
 */
export function requiredWorkflows(content: PostContent, policies: readonly PolicyRule[]): RequiredWorkflow[] {
  const result: RequiredWorkflow[] = [];
  for (const policy of policies) {
    if (!policy.enabled || policy.type !== PolicyType.APPROVAL_REQUIRED) continue;
    const config = policy.config as PolicyConfigs[PolicyType.APPROVAL_REQUIRED];
    const applies = config.always === true || taggedWith(content, config.tags).length > 0 || (config.formats ?? []).includes(content.format);
    if (applies && !result.some((w) => w.workflowId === config.workflowId)) {
      result.push({ policyId: policy.id, brandId: policy.brandId, workflowId: config.workflowId });
    }
  }
  return result;
}

/**
 * Whether a profile may go LIVE ("start with good content", tip 11): it needs at least
 * minApprovedPosts posts ready. What counts as ready is the caller's (approved or
 * scheduled posts for the profile).
 */
export function launchReadiness(policies: readonly PolicyRule[], readyPostCount: number): Violation[] {
  return policies.flatMap((policy) => {
    if (!policy.enabled || policy.type !== PolicyType.LAUNCH_READINESS) return [];
    const { minApprovedPosts: min } = policy.config as PolicyConfigs[PolicyType.LAUNCH_READINESS];
    if (readyPostCount >= min) return [];
    return [stamp(policy, {
      field: null,
      message: `A profile needs at least ${plural(min, 'approved post')} ready before it goes live; it has ${readyPostCount}.`,
    })];
  });
}

export function blocking(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => v.enforcement === Enforcement.BLOCK);
}

export function warnings(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => v.enforcement === Enforcement.WARN);
}
