// How saved replies flow down a brand tree (docs/guide/inbox.md, "Saved replies"): pure, no
// NestJS and no database. `chain` holds the saved replies set on each brand from the root down
// to the brand in question: chain[0] is the root's, chain[chain.length - 1] the brand's own.

/** A saved reply as inheritance sees it. */
export interface SavedReplyRule {
  id: string;
  brandId: string;
  name: string;
  locked: boolean;
}

/** The override key: names compare trimmed, case-insensitively and composed ("Refund " overrides "refund"). */
export const savedReplyNameKey = (name: string): string => name.trim().normalize('NFC').toLocaleLowerCase();

/**
 * The saved replies in force on the last brand of the chain, sorted by name: every ancestor's
 * and the brand's own, the nearest of each name winning, unless an ancestor locked that name
 * (then the topmost locked one wins, whatever lies below).
 */
export function effectiveSavedReplies<R extends SavedReplyRule>(chain: readonly (readonly R[])[]): R[] {
  const locked = new Map<string, R>();
  const nearest = new Map<string, R>();
  for (const level of chain) {
    for (const reply of level) {
      const key = savedReplyNameKey(reply.name);
      nearest.set(key, reply);
      if (reply.locked && !locked.has(key)) locked.set(key, reply);
    }
  }
  const result = [...nearest.keys()].map((key) => locked.get(key) ?? nearest.get(key)!);
  return result.sort((a, b) => savedReplyNameKey(a.name).localeCompare(savedReplyNameKey(b.name)) || a.id.localeCompare(b.id));
}

/**
 * The ancestor's saved reply that forbids the last brand of the chain from setting its own of
 * this name: the topmost locked one above it. A brand may always change one it locked itself.
 */
export function lockingSavedReply<R extends SavedReplyRule>(chain: readonly (readonly R[])[], name: string): R | null {
  const key = savedReplyNameKey(name);
  for (const level of chain.slice(0, -1)) {
    const found = level.find((r) => r.locked && savedReplyNameKey(r.name) === key);
    if (found) return found;
  }
  return null;
}
