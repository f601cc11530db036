import { BadUserInputError, FieldError } from '../../libs/core';

/**
 * Whether an endpoint's pattern takes an event type: `*` every type, `prefix.*` every type
 * starting with `prefix.`, anything else that type only. The dispatcher's SQL
 * (webhook-dispatcher.ts) matches the same way; the two must agree.
 */
export function patternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** How many close matches a refusal lists. */
const SUGGESTIONS = 3;

/**
 * The types and prefixes of the catalogue closest to a pattern that matches none: by edit
 * distance (`profile.create` -> `profile.created`), and by a shared word, so a wrong entity
 * name still finds its events (`social_profile.*` -> `profile.*`). A prefix pattern is offered
 * prefixes, an exact one types.
 */
export function closeMatches(pattern: string, types: readonly string[]): string[] {
  const prefixes = [...new Set(types.flatMap((type) => type.split('.').slice(0, -1).map((_, i, parts) => `${parts.slice(0, i + 1).join('.')}.*`)))];
  const candidates = pattern.endsWith('.*') ? prefixes : types;
  const words = wordsOf(pattern);
  return candidates
    .map((candidate) => {
      const distance = editDistance(pattern, candidate);
      const shared = [...wordsOf(candidate)].filter((word) => words.has(word)).length;
      return { candidate, distance, shared, score: distance - 3 * shared };
    })
    .filter(({ distance, shared }) => shared > 0 || distance <= Math.max(2, Math.floor(pattern.length / 3)))
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, SUGGESTIONS)
    .map(({ candidate }) => candidate);
}

/**
 * Refuses patterns that match no event type of the catalogue, each named by its index under
 * `field` (`input.eventTypes.1`) with its close matches: such an endpoint would never receive
 * anything, and nothing else would tell its owner.
 */
export function assertEventTypesExist(patterns: readonly string[], types: readonly string[], field: string): void {
  const errors: FieldError[] = [];
  patterns.forEach((pattern, i) => {
    if (types.some((type) => patternMatches(pattern, type))) return;
    const close = closeMatches(pattern, types);
    const hint = close.length ? `; did you mean ${close.join(', ')}?` : '';
    errors.push({ field: `${field}.${i}`, message: `"${pattern}" matches no event type${hint} (webhookEventTypes lists them)` });
  });
  if (errors.length) throw new BadUserInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

const wordsOf = (pattern: string) => new Set(pattern.split(/[._]/).filter((word) => word.length >= 3));

/** Levenshtein distance: insertions, deletions and substitutions of one character. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
