import { encodeCursor } from './cursor';

// Apart from pagination.ts so that the database layer can build connections without loading
// the GraphQL decorators (test set-up loads libs/database outside any app).

/** A page's position in its list (the GraphQL PageInfo type of pagination.ts has these fields). */
export interface PageInfoFields {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfoFields;
  totalCount: number;
}

type CursorOf<T> = (row: T) => (string | number | null)[];

/** An edge whose cursor is encoded from its row when first read: most answers never ask for one. */
class LazyEdge<R, T> implements Edge<T> {
  private encoded: string | undefined;

  constructor(
    readonly node: T,
    private readonly row: R,
    private readonly cursorOf: CursorOf<R>,
  ) {}

  get cursor(): string {
    return (this.encoded ??= encodeCursor(this.cursorOf(this.row)));
  }
}

/** A page's info, its start and end cursors read from its edges when asked for. */
class LazyPageInfo<T> implements PageInfoFields {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: readonly Edge<T>[],
  ) {}

  get startCursor(): string | null {
    return this.edges.length ? this.edges[0].cursor : null;
  }

  get endCursor(): string | null {
    return this.edges.length ? this.edges[this.edges.length - 1].cursor : null;
  }
}

/**
 * Builds a connection from rows fetched with `LIMIT first + 1`: the extra row, if any, only
 * tells that there is a next page. Each row's cursor is its `cursorOf`, its node its `map`
 * (the row itself by default); cursors are encoded only when an answer reads them.
 */
export function toConnection<R, T = R>(
  rows: R[],
  page: { first: number; after?: string | null },
  totalCount: number,
  cursorOf: CursorOf<R>,
  map: (row: R) => T = (row) => row as unknown as T,
  // A keyset page knows both flags exactly (keyset-page.ts); others read them from the rows and the cursor.
  flags: { hasNextPage: boolean; hasPreviousPage: boolean } = { hasNextPage: rows.length > page.first, hasPreviousPage: Boolean(page.after) },
): Connection<T> {
  const count = Math.min(rows.length, page.first);
  const edges: Edge<T>[] = new Array(count);
  for (let i = 0; i < count; i++) edges[i] = new LazyEdge(map(rows[i]), rows[i], cursorOf);
  return { edges, totalCount, pageInfo: new LazyPageInfo(flags.hasNextPage, flags.hasPreviousPage, edges) };
}
