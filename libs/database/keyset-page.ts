import { Connection, toConnection } from '../core/connection';
import { CursorPart, decodeKeyset } from '../core/cursor';
import { BadUserInputError } from '../core/errors';
import { exactTimestamp } from './keyset';

/** A column a page is ordered by, named as the `matching` query returns it, and the kind of its cursor value. */
export interface KeysetKey {
  column: string;
  kind: CursorPart;
}

/** What a keyset page reads: the matching rows, their order, and how a row becomes a node. */
export interface KeysetPageSpec<Row, Node> {
  /** CTEs the matching query uses, without `WITH` (e.g. `grants AS (...)`). */
  with?: string;
  /**
   * `SELECT ... FROM ... WHERE ...` of every row on any page, with `$1..$n` taken from
   * `params`; the page's cursor and size follow as the next parameters.
   */
  matching: string;
  params: unknown[];
  /** The sort key, unique and never null: the last column is the row's id, which breaks ties. */
  order: readonly KeysetKey[];
  direction: 'asc' | 'desc';
  /** Columns of the page row `p` to read; all by default. */
  columns?: string;
  map: (row: Row) => Node;
}

/** The page as one statement, its parameters, and how to read its answer. */
export interface KeysetStatement<Row, Node> {
  sql: string;
  params: unknown[];
  connection(rows: KeysetRow<Row>[]): Connection<Node>;
}

/** A row of the statement: the page row with its cursor values, the total and the other-side flag, or (empty page) only those two. */
export type KeysetRow<Row> = Row & { total: number; behind: boolean } & Record<`keyset_${number}`, string | number | null>;

/** How each kind of cursor value is typed in SQL (so the statement can be prepared) and read back. */
const SQL_TYPE: Record<CursorPart, string> = { string: 'text', uuid: 'uuid', timestamp: 'timestamptz', int: 'int', bigint: 'bigint' };
const cursorValue = (kind: CursorPart, column: string): string => {
  // A timestamp as text with its microseconds (keyset.ts); a bigint as text, exactly as JSON can carry it.
  if (kind === 'timestamp') return exactTimestamp(column);
  if (kind === 'bigint') return `${column}::text`;
  return column;
};

/**
 * Which page to read: forward, the `first` rows after `after` (or from the start); backward,
 * when `last` or `before` is given, the `last ?? first` rows before `before` (or at the end),
 * still answered in list order. A page goes one way: `after` with `last`/`before` is refused.
 */
export interface KeysetPageArgs {
  first: number;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A Relay page read in ONE statement: the number of matching rows, whether a matching row lies
 * on the other side of the cursor (pageInfo's other flag, exact rather than guessed from the
 * cursor), and the `size + 1` rows past the cursor in key order (the extra row only tells that
 * there is a further page). A backward page reads in reverse key order and is turned round
 * here, so its edges come in list order like a forward page's. The matching rows are a CTE read
 * by the count, the check and the page, so all see the same rows under the same row-level
 * security; an empty page still answers its count (the LEFT JOIN). The cursor is the row's key
 * values (its timestamps to the microsecond), compared as a row value so ties are broken by the id.
 */
export function keysetStatement<Row, Node>(spec: KeysetPageSpec<Row, Node>, page: KeysetPageArgs): KeysetStatement<Row, Node> {
  const { order } = spec;
  const backward = page.last != null || page.before != null;
  if (backward && page.after) throw BadUserInputError.field('after', 'cannot be combined with last or before: a page goes one way');
  const size = backward ? (page.last ?? page.first) : page.first;
  const cursorField = backward ? 'before' : 'after';
  const cursor = decodeKeyset(backward ? page.before : page.after, order.map((k) => k.kind), cursorField);
  const at = spec.params.length + 1;
  const cursorParams = order.map((k, i) => `$${at + i}::${SQL_TYPE[k.kind]}`);
  const keys = order.map((k) => `x.${k.column}`);
  // Reading backward walks the list's order in reverse.
  const ascending = (spec.direction === 'asc') !== backward;
  const sort = ascending ? '' : ' DESC';
  const compare = (op: string) => (order.length === 1 ? `${keys[0]} ${op} ${cursorParams[0]}` : `(${keys.join(', ')}) ${op} (${cursorParams.join(', ')})`);
  const sql = `WITH ${spec.with ? `${spec.with}, ` : ''}matching AS (${spec.matching})
       SELECT t.total, t.behind, ${spec.columns ?? 'p.*'}, ${order.map((k, i) => `${cursorValue(k.kind, `p.${k.column}`)} AS keyset_${i}`).join(', ')}
         FROM (SELECT count(*)::int AS total,
                      ${cursorParams[0]} IS NOT NULL AND EXISTS (SELECT 1 FROM matching x WHERE ${compare(ascending ? '<=' : '>=')}) AS behind
                 FROM matching) t
         LEFT JOIN LATERAL (
           SELECT * FROM matching x WHERE ${cursorParams[0]} IS NULL OR ${compare(ascending ? '>' : '<')}
            ORDER BY ${keys.map((k) => k + sort).join(', ')} LIMIT $${at + order.length}
         ) p ON true`;
  const params = [...spec.params, ...order.map((_, i) => cursor?.[i] ?? null), size + 1];
  const last = `keyset_${order.length - 1}` as const;
  return {
    sql,
    params,
    connection: (rows) => {
      // The key never is null on a row: a null last key is the empty page's row of the LEFT JOIN.
      const found = rows.filter((r) => r[last] !== null);
      const beyond = found.length > size;
      const behind = Boolean(rows[0]?.behind);
      const inOrder = backward ? found.slice(0, size).reverse() : found;
      return toConnection(inOrder, { first: size }, rows[0]?.total ?? 0, (r) => order.map((_, i) => r[`keyset_${i}`]), spec.map, {
        hasNextPage: backward ? behind : beyond,
        hasPreviousPage: backward ? beyond : behind,
      });
    },
  };
}

/** Anything that runs a statement and returns its rows (the request's Db). */
export interface Queryable {
  query<T>(sql: string, parameters: unknown[]): Promise<T[]>;
}

/** Reads the page `keysetStatement` describes. */
export async function keysetPage<Row, Node>(db: Queryable, spec: KeysetPageSpec<Row, Node>, page: KeysetPageArgs): Promise<Connection<Node>> {
  const statement = keysetStatement(spec, page);
  return statement.connection(await db.query<KeysetRow<Row>>(statement.sql, statement.params));
}
