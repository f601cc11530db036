import { phrasePattern } from '../../../libs/policy-engine/text';

// Diacritics-insensitive keyword matching. Both the text and the term are folded the same
// way, then matched with the policy engine's whole-word pattern, so "zolw" finds "Żółw!"
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

/** One keyword compiled once: `test` takes text already folded with foldText. */
export interface KeywordMatcher {
  /** The term as the rule spells it (what the trail quotes). */
  term: string;
  test(foldedText: string): boolean;
}

/** A matcher for one term, or null for a term with nothing left to match after folding. */
export function compileKeyword(term: string): KeywordMatcher | null {
  const pattern = phrasePattern(foldText(term));
  if (pattern === null) return null;
  const re = new RegExp(pattern, 'iu');
  return { term, test: (foldedText) => re.test(foldedText) };
}

/** Whether `text` contains `term` as whole words, case and diacritics aside (compiles each call). */
export function containsKeyword(text: string, term: string): boolean {
  return compileKeyword(term)?.test(foldText(text)) ?? false;
}
