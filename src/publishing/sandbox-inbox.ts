import { SocialNetwork } from '../../libs/core';
import {
  CITIES, Category, EMOJI_ONLY, FIRST_NAMES, FOLLOW_UPS, LAST_NAMES, Lang, PRODUCTS, SPAM_ACCOUNTS, TEXTS,
} from './sandbox-inbox.texts';

// Incoming traffic for the sandbox connector: the demo's inbox and the tests' bulk data. Pure and
// deterministic: the same options give the same items, and a longer run starts with the shorter one.

export type IngestItemKind = 'COMMENT' | 'REPLY' | 'MENTION' | 'DIRECT_MESSAGE' | 'REVIEW' | 'SHARE';
export type IngestItemAbout = 'QUESTION' | 'COMPLAINT' | 'PRAISE' | 'OTHER';

export interface IngestItemAuthor {
  handle: string;
  displayName?: string;
  profileUrl?: string;
}

/** One incoming item as ingestion takes it (the fields of the GraphQL IngestInboxItemInput). */
export interface IngestItem {
  profileId: string;
  networkId: string;
  kind: IngestItemKind;
  about?: IngestItemAbout;
  body: string;
  language?: string;
  author: IngestItemAuthor;
  receivedAt: Date;
  parentNetworkId?: string;
  threadId?: string;
  postId?: string;
  permalink?: string;
}

export interface SandboxInboxOptions {
  profileId: string;
  network: SocialNetwork;
  count: number;
  /** Any integer; it is taken as an unsigned 32-bit number (so -1 and 4294967295 are one seed). */
  seed: number;
  /** When the first item arrives; the others follow, on average `meanGapMinutes` apart. */
  startAt: Date;
  /** Our posts that comments and shares answer (about 4 in 5 of them when given). */
  postIds?: string[];
  /** The profile's handle, named by mentions (default 'brand'). */
  profileHandle?: string;
  meanGapMinutes?: number;
}

const SITES: Record<SocialNetwork, string> = {
  [SocialNetwork.FACEBOOK]: 'https://www.facebook.com', [SocialNetwork.X]: 'https://x.com',
  [SocialNetwork.INSTAGRAM]: 'https://www.instagram.com', [SocialNetwork.LINKEDIN]: 'https://www.linkedin.com/in',
  [SocialNetwork.YOUTUBE]: 'https://www.youtube.com/@', [SocialNetwork.PINTEREST]: 'https://www.pinterest.com',
  [SocialNetwork.TIKTOK]: 'https://www.tiktok.com/@', [SocialNetwork.BLOG]: 'https://blog.example.com/authors',
  [SocialNetwork.OTHER]: 'https://social.example.com',
};
const NO_DIRECT_MESSAGES = new Set([SocialNetwork.YOUTUBE, SocialNetwork.BLOG]);
const REVIEWS = new Set([SocialNetwork.FACEBOOK, SocialNetwork.OTHER]);

const CATEGORY_WEIGHTS: [Category, number][] = [
  ['question', 20], ['complaint', 14], ['praise', 18], ['spam', 10], ['emoji', 8], ['tags', 6], ['chatter', 12], ['review', 8],
];
const ABOUT: Partial<Record<Category, IngestItemAbout>> = { question: 'QUESTION', complaint: 'COMPLAINT', praise: 'PRAISE' };

/** mulberry32: a tiny seeded PRNG, good enough for test data (not for anything secret). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Person { handle: string; displayName?: string; lang: Lang; spam: boolean }
interface Threadable { networkId: string; postId?: string; person: number }

export function sandboxInboxItems(options: SandboxInboxOptions): IngestItem[] {
  const { profileId, network, count, startAt, postIds = [], profileHandle = 'brand', meanGapMinutes = 6 } = options;
  const seed = options.seed >>> 0;
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const site = SITES[network];

  // The people writing: a skewed pick makes the first ones regulars, so authors come back.
  const people: Person[] = Array.from({ length: 60 }, (_, i) => {
    const lang: Lang = chance(0.35) ? 'pl' : 'en';
    const first = pick(FIRST_NAMES[lang]);
    const last = pick(LAST_NAMES[lang]);
    const handle = `${ascii(first)}${pick(['_', '.', ''])}${ascii(last).slice(0, 4 + (i % 3))}${i}`.toLowerCase();
    return { handle, displayName: chance(0.85) ? `${first} ${last}` : undefined, lang, spam: false };
  });
  const spammers = SPAM_ACCOUNTS.map((handle): Person => ({ handle, lang: handle.includes('zarabiaj') ? 'pl' : 'en', spam: true }));
  const regular = () => Math.floor(people.length * random() ** 2);

  const threadable: Threadable[] = [];
  const items: IngestItem[] = [];
  let at = startAt.getTime();
  for (let index = 0; index < count; index++) {
    at += Math.round(-Math.log(1 - random()) * meanGapMinutes * 60_000);
    const networkId = `sbx-${network.toLowerCase()}-${seed}-${index}`;
    let category = weighted(random(), CATEGORY_WEIGHTS);
    let personIndex = regular();
    let person = category === 'spam' ? pick(spammers) : people[personIndex];
    if (category === 'review' && !REVIEWS.has(network)) category = 'praise';

    let kind: IngestItemKind = 'COMMENT';
    let parent: Threadable | undefined;
    let followUp = false;
    if (category === 'review') kind = 'REVIEW';
    else if ((category === 'question' || category === 'complaint') && threadable.length > 0 && chance(0.2)) {
      kind = 'REPLY';
      parent = pick(threadable.slice(-30));
      followUp = chance(0.5);
      if (followUp) personIndex = parent.person;
      person = people[personIndex];
    } else if (['question', 'complaint', 'praise'].includes(category) && !NO_DIRECT_MESSAGES.has(network) && chance(0.25)) kind = 'DIRECT_MESSAGE';
    else if ((category === 'praise' || category === 'chatter') && chance(0.35)) kind = 'MENTION';
    else if ((category === 'praise' || category === 'chatter') && postIds.length > 0 && chance(0.15)) kind = 'SHARE';

    const lang = person.lang;
    let body: string;
    if (category === 'emoji') body = pick(EMOJI_ONLY);
    else if (category === 'tags') body = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `@${people[regular()].handle}`).join(' ');
    else body = fill(followUp ? pick(FOLLOW_UPS[lang]) : pick(TEXTS[category][lang]), lang, random, pick);
    if (kind === 'MENTION') body = `@${profileHandle} ${body}`;

    const textual = category !== 'emoji' && category !== 'tags';
    // A follow-up's gist is its thread's; left for rules and agents.
    const about = followUp ? undefined : ABOUT[category] ?? (category === 'review' ? (body.startsWith('★★★★') ? 'PRAISE' : 'COMPLAINT') : undefined);
    const onPost = kind === 'COMMENT' || kind === 'SHARE' ? (postIds.length > 0 && (kind === 'SHARE' || chance(0.8)) ? pick(postIds) : undefined) : parent?.postId;
    const item: IngestItem = {
      profileId,
      networkId,
      kind,
      body,
      author: { handle: person.handle, profileUrl: `${site}/${person.handle}` },
      receivedAt: new Date(at),
    };
    if (about) item.about = about;
    if (textual) item.language = lang;
    if (person.displayName) item.author.displayName = person.displayName;
    if (parent) item.parentNetworkId = parent.networkId;
    // Networks give a conversation id for direct messages: one per customer of this profile.
    if (kind === 'DIRECT_MESSAGE') item.threadId = `sbx-dm-${network.toLowerCase()}-${person.handle}`;
    if (onPost) item.postId = onPost;
    if (kind !== 'DIRECT_MESSAGE') item.permalink = `${site}/${profileHandle}/activity/${networkId}`;
    items.push(item);
    if ((kind === 'COMMENT' || kind === 'REPLY') && textual && !person.spam) threadable.push({ networkId, postId: onPost, person: personIndex });
  }
  return items;
}

function weighted<T>(r: number, weights: [T, number][]): T {
  let left = r * weights.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weights) {
    left -= weight;
    if (left < 0) return value;
  }
  return weights[weights.length - 1][0];
}

function fill(template: string, lang: Lang, random: () => number, pick: <T>(list: readonly T[]) => T): string {
  const number = (digits: number) => String(Math.floor(random() * 10 ** digits)).padStart(digits, '0');
  const text = template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'product': return pick(PRODUCTS[lang]);
      case 'city': return pick(CITIES);
      case 'n': return String(10_000 + Math.floor(random() * 90_000));
      case 'email': return `${lang === 'pl' ? 'kontakt' : 'me'}${number(3)}@mail.example.com`;
      case 'phone': return lang === 'pl' ? `+48 600 ${number(3)} ${number(3)}` : `+44 7700 900${number(3)}`;
      case 'code': return Math.floor(random() * 36 ** 6).toString(36);
      default: return slot;
    }
  });
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Handles are ASCII: Łukasz -> lukasz, Wójcik -> wojcik. */
function ascii(name: string): string {
  return name.replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}
