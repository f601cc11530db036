import { transliterate } from 'transliteration';

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX_LENGTH = 64;

/**
 * "Łaciate" -> "laciate", "Straße" -> "strasse", "M&M's" -> "m-ms". Letters are transliterated
 * to ASCII (Ł and ß are not accented letters, so stripping accents alone lost them), apostrophes
 * dropped and any other run of punctuation becomes one dash: `&` stays a separator, never "and",
 * so slugs derived before the transliteration (stored, never recomputed) read the same.
 * Umlauts lose their dots (ä -> a), as they did before, rather than German's ae.
 */
export function slugify(name: string): string {
  return transliterate(name.normalize('NFC'))
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/g, '');
}
