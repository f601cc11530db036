// Text helpers for the content rules. Unicode-aware throughout: brand copy is written in
// Polish as often as in English, and "żółw" must be one word, not "ż" + "ó" + ...

/**
 * A word character: any letter (ą, ł, ż included), combining mark (so decomposed input
 * stays inside its word), digit or underscore. Hyphens, apostrophes and punctuation
 * separate words, so a banned "free" is found in "sugar-free" but never in "freedom".
 */
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}_]`;
const WORD_CHAR_RE = new RegExp(`^${WORD_CHAR}$`, 'u');

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR_RE.test(ch);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The body of a pattern matching a phrase: case-insensitive (Unicode simple case folding
 * through the `iu` flags), any run of whitespace between its words. A word boundary is
 * demanded only on a side where the phrase begins or ends with a word character: "#ad"
 * may follow anything, but may not run on into "#adventure".
 */
function phrasePattern(phrase: string): string | null {
  const words = phrase.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  const core = words.map(escapeRegExp).join(String.raw`\s+`);
  const first = [...words[0]][0];
  const lastWord = [...words[words.length - 1]];
  const last = lastWord[lastWord.length - 1];
  const before = isWordChar(first) ? `(?<!${WORD_CHAR})` : '';
  const after = isWordChar(last) ? `(?!${WORD_CHAR})` : '';
  return `${before}${core}${after}`;
}

/** Whether `phrase` occurs in `text` as whole words (see phrasePattern). A blank phrase never does. */
export function containsPhrase(text: string, phrase: string): boolean {
  const pattern = phrasePattern(phrase);
  return pattern !== null && new RegExp(pattern, 'iu').test(text.normalize('NFC'));
}

/** Whether `text`, leading whitespace aside, opens with `phrase` as whole words ("Opinion: ..."). */
export function startsWithPhrase(text: string, phrase: string): boolean {
  const pattern = phrasePattern(phrase);
  return pattern !== null && new RegExp(String.raw`^\s*${pattern}`, 'iu').test(text.normalize('NFC'));
}

/** Case-insensitive equality of two labels, surrounding whitespace ignored. */
export function sameLabel(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFC').trim().toLocaleLowerCase();
  return fold(a) === fold(b);
}

/** Words are whitespace-separated tokens: what a reader (and the article's "150-300 words") counts. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

/**
 * Characters are Unicode code points of the trimmed, NFC-normalized text, so "ż" and an
 * emoji count once (not as two UTF-16 units). Networks differ in the details (X weighs
 * links and some emoji differently); this is the plain reading of "N characters".
 */
export function countChars(text: string): number {
  return [...text.normalize('NFC').trim()].length;
}
