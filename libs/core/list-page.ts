import { BadUserInputError } from './errors';
import { Connection, toConnection } from './connection';
import { decodeCursor } from './cursor';

/**
 * A Relay page of a list read whole, in the order it was read: for the short lists under one
 * parent (a post's revisions, a user's role assignments...) that a loader reads for many
 * parents in one statement, so a page costs no statement of its own and the statements of an
 * answer do not grow with its parents or its items. Long lists page in SQL instead (keysetPage).
 * The cursor is the item's key (its id); a page goes on after the item it names, wherever that
 * item now stands, so items added or removed before it shift nothing. A cursor naming an item
 * no longer in the list is BAD_USER_INPUT on `after`: start again from the first page.
 */
export function listConnection<T>(items: readonly T[], page: { first: number; after?: string | null }, keyOf: (item: T) => string): Connection<T> {
  let start = 0;
  if (page.after) {
    const [key] = decodeCursor(page.after, 1);
    const at = typeof key === 'string' ? items.findIndex((item) => keyOf(item) === key) : -1;
    if (at < 0) throw BadUserInputError.field('after', 'names an item no longer in the list: start again from the first page');
    start = at + 1;
  }
  const rows = items.slice(start, start + page.first);
  return toConnection(rows, page, items.length, (item) => [keyOf(item)], undefined, {
    hasNextPage: start + page.first < items.length,
    hasPreviousPage: start > 0,
  });
}
