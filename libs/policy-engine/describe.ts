import { Network, PostFormat, PostTag, SourceCheck } from './types';

// Human names for messages: violations are shown to the people writing the posts.

export const NETWORK_NAMES: Record<Network, string> = {
  FACEBOOK: 'Facebook',
  X: 'X',
  INSTAGRAM: 'Instagram',
  LINKEDIN: 'LinkedIn',
  YOUTUBE: 'YouTube',
  PINTEREST: 'Pinterest',
  TIKTOK: 'TikTok',
  BLOG: 'the blog',
  OTHER: 'other networks',
};

/** A profile's network in "profile p1 (Blog)". */
export const NETWORK_LABELS: Record<Network, string> = { ...NETWORK_NAMES, BLOG: 'Blog', OTHER: 'Other' };

export const FORMAT_NAMES: Record<PostFormat, string> = {
  TEXT: 'text post',
  IMAGE: 'image post',
  VIDEO: 'video',
  BLOG_POST: 'blog post',
  INTERVIEW: 'interview',
  LINK: 'link post',
};

export const CHECK_NAMES: Record<SourceCheck, string> = {
  SOURCE_BIO: "the source's bio",
  ACCOUNT_AGE: "the account's age",
  FOLLOWERS: "the source's followers",
  LOCATION: "the source's location",
  TIMING: 'the timing of the original',
  CORROBORATION: 'corroboration from an unrelated source',
};

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** 30 -> "30 seconds", 180 -> "3 minutes", 95 -> "95 seconds": whole minutes read better. */
export function duration(seconds: number): string {
  if (seconds >= 60 && seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** "SPECULATION or OPINION" for the tags a rule fires on. */
export function tagList(tags: readonly PostTag[]): string {
  if (tags.length <= 1) return tags.join('');
  return `${tags.slice(0, -1).join(', ')} or ${tags[tags.length - 1]}`;
}

/** `"Opinion" or "Speculation"` */
export function quotedList(items: readonly string[]): string {
  const quoted = items.map((item) => `"${item}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
