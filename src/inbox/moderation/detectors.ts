// What an item's body is made of: mentions, emoji, links, contact details. Heuristics tuned
// for moderation (catch the spam comment, leave "see you on 2024-05-01" alone); each says
// what it does and does not catch, and detectors.spec.ts pins both sides.

const WORD = String.raw`[\p{L}\p{M}\p{N}_]`;

// --- mentions --------------------------------------------------------------------------

/**
 * An @handle: letters, digits, underscores, and dots or hyphens inside it (@jan.kowalski,
 * @snickers-pl). Not preceded by a word character, so "jan@example.com" is no mention.
 */
const MENTION = new RegExp(String.raw`(?<!${WORD})@${WORD}(?:[\p{L}\p{M}\p{N}_.\-]*${WORD})?`, 'gu');
const ONLY_SPACE_AND_PUNCTUATION = /^[\s\p{P}]*$/u;

/** One or more @mentions and nothing else but whitespace and punctuation ("@a @b!", "@a, @b"). */
export function isOnlyMentions(body: string): boolean {
  const rest = body.replace(MENTION, '');
  return rest.length < body.length && ONLY_SPACE_AND_PUNCTUATION.test(rest);
}

// --- emoji -----------------------------------------------------------------------------

/**
 * The pieces emoji are built from: pictographs, skin-tone modifiers, the zero-width joiner
 * of family and profession sequences, the variation selectors, regional-indicator pairs
 * (flags), keycaps ("1️⃣") and the tag characters of subdivision flags (England, Scotland).
 */
const EMOJI_PIECE = String.raw`(?:[0-9#*]\uFE0F?\u20E3|\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200D|[\uFE0E\uFE0F]|[\u{E0020}-\u{E007F}])`;
const ONLY_EMOJI = new RegExp(String.raw`^(?:\s|${EMOJI_PIECE})*$`, 'u');
/** A piece that is an emoji by itself (a lone joiner or selector is not). */
const VISIBLE_EMOJI = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u20E3/u;

/** One or more emoji and nothing else but whitespace. Digits alone are not emoji; keycaps are. */
export function isOnlyEmoji(body: string): boolean {
  return VISIBLE_EMOJI.test(body) && ONLY_EMOJI.test(body);
}

// --- links -----------------------------------------------------------------------------

/**
 * Top-level domains that count for a bare domain ("bit.ly/x", "shop.example.pl"): the common
 * generic ones, the link shorteners' and the countries Parasol's brands are in. A bare
 * domain needs one of these, written in lower case: "it.It" after a missing space is a
 * sentence, "example.com" is a link. Deliberately not a full TLD list: "node.js" or
 * "file.txt" must not read as links.
 */
const LINK_TLDS = [
  'com', 'net', 'org', 'info', 'biz', 'io', 'co', 'me', 'ly', 'gl', 'gg', 'to', 'be', 'tv',
  'ai', 'app', 'dev', 'xyz', 'shop', 'store', 'online', 'site', 'top', 'club', 'link',
  'click', 'live', 'vip', 'win', 'bet', 'casino', 'loan', 'eu', 'us', 'uk', 'de', 'fr', 'es',
  'it', 'nl', 'pl', 'cz', 'ru', 'ua', 'cn', 'jp', 'in', 'br', 'ca', 'au',
];

const LINK = new RegExp(
  [
    String.raw`\bhttps?:\/\/[^\s<>]+`,
    String.raw`(?<![\p{L}\p{N}_.\-@/])[wW]{3}\.[^\s<>]+`,
    // labels of ASCII letters, digits and inner hyphens, then a listed TLD ending the word
    String.raw`(?<![\p{L}\p{N}_.\-@/])(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+(?:${LINK_TLDS.join('|')})(?![\p{L}\p{N}_])`,
  ].join('|'),
  'u',
);
const SCHEME = /\bhttps?:\/\//iu;

/**
 * An http(s) URL (any case), a "www." address, or a bare domain with a listed TLD
 * (LINK_TLDS). An email address is contact details, not a link. Not caught: obfuscated
 * links ("example[.]com", "example dot com") and bare domains on unlisted TLDs.
 */
export function hasLink(body: string): boolean {
  return SCHEME.test(body) || LINK.test(body);
}

// --- contact details -------------------------------------------------------------------

/** local@domain.tld, Unicode letters allowed on both sides. */
const EMAIL = /[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}/u;

/**
 * A phone-number candidate: an optional "+", then digits, spaces (not line breaks), dashes
 * and parentheses, starting with a digit or "(" and ending with a digit. It may not touch a
 * word character, "#" (an order number), "/", or a decimal mark next to a digit (3.14159265,
 * 1 299,99). Dots are no separator here, so "01.05.2024" and decimals never qualify.
 */
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}_#/.,+])(?:\+ ?)?(?:\(|\d)[\d \-()]*\d(?![\p{L}\p{N}_]|[.,]\d)/gu;
const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15; // E.164

/** Dates written with dashes or spaces: 2024-05-01, 01-05-2024, 1 5 2024. */
const DATE = /^(?:\d{4}[- ]\d{1,2}[- ]\d{1,2}|\d{1,2}[- ]\d{1,2}[- ]\d{4})$/;
/** A span of years: "1999-2024", "2020 - 2024". */
const YEAR_SPAN = /^(?:1[89]|20)\d\d ?- ?(?:1[89]|20)\d\d$/;
/** A round amount grouped in thousands: "1 500 000". */
const ROUND_AMOUNT = /^\d{1,3}(?: \d{3})* 000$/;
/** A currency sign or code right before or after the number makes it a price. */
const CURRENCY_BEFORE = /(?:\p{Sc}|\b(?:pln|eur|usd|gbp|chf))\s?$/iu;
const CURRENCY_AFTER = /^\s?(?:\p{Sc}|zł|(?:pln|eur|usd|gbp|chf|k|m|mln|tys)\b)/iu;
/** Between digit groups a person types " ", "-" or " - ", nothing longer. */
const SEPARATOR_RUN = /[ -]+/g;
const USUAL_SEPARATORS = new Set([' ', '-', ' - ']);

/**
 * Whether the digit groups look like a phone number: when every group has one or two
 * digits (French "06 12 34 56 78"), it takes 9 digits or more, so scores like "10 20 30 40"
 * or "1 2 3 4 5 6 7" are left alone.
 */
function phoneLikeGroups(candidate: string): boolean {
  const groups = candidate.match(/\d+/g) ?? [];
  const digits = groups.join('').length;
  if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) return false;
  return groups.some((g) => g.length >= 3) || digits >= 9;
}

function isPhoneNumber(candidate: string, before: string, after: string): boolean {
  if (!phoneLikeGroups(candidate)) return false;
  if (DATE.test(candidate) || YEAR_SPAN.test(candidate) || ROUND_AMOUNT.test(candidate)) return false;
  if (CURRENCY_BEFORE.test(before) || CURRENCY_AFTER.test(after)) return false;
  return (candidate.match(SEPARATOR_RUN) ?? []).every((run) => USUAL_SEPARATORS.has(run));
}

/** A phone number (7 to 15 digits; not a date, a span of years or a price). */
export function hasPhoneNumber(body: string): boolean {
  for (const match of body.matchAll(PHONE_CANDIDATE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (isPhoneNumber(match[0], body.slice(Math.max(0, start - 5), start), body.slice(end, end + 5))) return true;
  }
  return false;
}

export function hasEmailAddress(body: string): boolean {
  return EMAIL.test(body);
}

/** Which contact details the body holds, for the trail ("has an email address"). */
export function contactDetails(body: string): { email: boolean; phone: boolean } {
  return { email: hasEmailAddress(body), phone: hasPhoneNumber(body) };
}
