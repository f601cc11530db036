/** One media range of an Accept header, with its quality. */
interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').flatMap((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const [type, subtype] = range.trim().split('/');
    if (!type || !subtype) return [];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return Number.isFinite(q) ? [{ type, subtype, q }] : [];
  });
}

/** The quality the most specific matching range gives `mediaType` (0 when none matches). */
function qualityOf(ranges: MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/');
  const specificity = (r: MediaRange) =>
    r.type === type && r.subtype === subtype ? 2 : r.type === type && r.subtype === '*' ? 1 : r.type === '*' && r.subtype === '*' ? 0 : -1;
  let best: MediaRange | undefined;
  for (const range of ranges) {
    const s = specificity(range);
    if (s >= 0 && (best === undefined || s > specificity(best))) best = range;
  }
  return best?.q ?? 0;
}

/**
 * Whether a GET's Accept header asks for a page rather than a GraphQL answer: text/html ranked
 * strictly above application/json, as a browser's navigation sends it. A tie, no header or
 * `*\/*` (curl, fetch, GraphQL clients) keeps the JSON answer.
 */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const html = qualityOf(ranges, 'text/html');
  return html > 0 && html > qualityOf(ranges, 'application/json');
}
