/** `term` for use inside a LIKE/ILIKE pattern: its `%`, `_` and `\` match themselves. */
export const escapeLike = (term: string): string => term.replace(/[\\%_]/g, (c) => `\\${c}`);
