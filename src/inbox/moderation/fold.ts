// Diacritics-insensitive keyword matching. Both the text and the term are folded the same
// way, then matched as whole words like the policy engine's banned terms, so "zolw" finds "Żółw!"
// and "żółw" finds "zolw".
//
// Folding must not move word boundaries: every letter folds to letters and nothing else
// changes class. That is why it is NFD (canonical) and not NFKD: compatibility folding
// turns "scam™" into "scamtm" and "①" into "1", gluing symbols onto words.

/** Letters NFD does not decompose, with the plain letters a writer types instead. */
const SPECIAL_LETTERS: Record<string, string> = {
  ł: 'l',
  ß: 'ss',
  ı: 'i',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
  ſ: 's',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL_LETTERS).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}/gu;

/**
 * Lower case, canonical decomposition, combining marks dropped, special letters spelled
 * out. Lower-casing comes first so capitals of the special letters ("Ł", "Ø", "ẞ") fold too.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(SPECIAL_RE, (ch) => SPECIAL_LETTERS[ch]);
}

/**
 * A word character, as libs/policy-engine/text.ts counts them for banned terms: any letter,
 * combining mark, digit or underscore. Hyphens, apostrophes and punctuation separate words.
 */
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}_]`;
const WORD_CHAR_RE = new RegExp(`^${WORD_CHAR}$`, 'u');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The terms of one KEYWORDS condition compiled once; `find` takes text folded with foldText. */
export interface KeywordMatcher {
  /** The terms found, as the rule spells them, in the rule's order; empty when none is. */
  find(foldedText: string): string[];
}

/**
 * One regular expression for all the terms of a condition. Each term matches as in
 * containsPhrase (libs/policy-engine/text.ts): any run of whitespace between its words, and
 * a word boundary demanded only on a side where it begins or ends with a word character
 * ("#ad" may follow anything but not run on into "#adventure"). The terms are grouped by
 * those two sides so the Unicode classes appear at most four times: V8 spends about a
 * millisecond compiling each, and 20 rules of 100 terms compiled one per term would cost
 * seconds. Matching runs without the i flag: both sides are lower-cased by foldText.
 * Null when no term has anything to match after folding.
 */
export function compileKeywords(terms: readonly string[]): KeywordMatcher | null {
  const groups = new Map<string, string[]>();
  const termsByKey = new Map<string, string[]>();
  for (const term of terms) {
    const words = foldText(term).trim().split(/\s+/u).filter(Boolean);
    if (words.length === 0) continue;
    const key = words.join(' ');
    if (!termsByKey.has(key)) {
      const first = [...words[0]][0];
      const last = [...words[words.length - 1]].pop();
      const sides = `${WORD_CHAR_RE.test(first) ? 'B' : ''}|${last !== undefined && WORD_CHAR_RE.test(last) ? 'A' : ''}`;
      groups.set(sides, [...(groups.get(sides) ?? []), words.map(escapeRegExp).join(String.raw`\s+`)]);
    }
    termsByKey.set(key, [...(termsByKey.get(key) ?? []), term]);
  }
  if (termsByKey.size === 0) return null;
  const alternatives = [...groups].map(([sides, bodies]) => {
    // Longest first, so "free money" is found where "free" also starts.
    const body = `(?:${bodies.sort((a, b) => b.length - a.length).join('|')})`;
    const [before, after] = sides.split('|');
    return `${before ? `(?<!${WORD_CHAR})` : ''}${body}${after ? `(?!${WORD_CHAR})` : ''}`;
  });
  const re = new RegExp(alternatives.join('|'), 'gu');
  const keyed = [...termsByKey].flatMap(([key, spelled]) => spelled.map((term) => ({ term, key })));
  const order = new Map(terms.map((term, i) => [term, i]));
  keyed.sort((a, b) => (order.get(a.term) ?? 0) - (order.get(b.term) ?? 0));
  return {
    find(foldedText) {
      const found = new Set<string>();
      re.lastIndex = 0;
      // From every start, not after the end of a match, so overlapping terms are found too.
      for (let m = re.exec(foldedText); m !== null; m = re.exec(foldedText)) {
        found.add(m[0].split(/\s+/u).join(' '));
        re.lastIndex = m.index + 1;
      }
      return keyed.filter(({ key }) => found.has(key)).map(({ term }) => term);
    },
  };
}

/** Whether `text` contains `term` as whole words, case and diacritics aside (compiles each call). */
export function containsKeyword(text: string, term: string): boolean {
  return (compileKeywords([term])?.find(foldText(text)).length ?? 0) > 0;
}
