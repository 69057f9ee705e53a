// DRF LimitOffsetPagination as PostHog configures it (docs/posthog-api/FACTS.md §2.6): default 100, no maximum,
// absolute next/previous URLs built from the request (Host header), query keys sorted as
// Django's replace_query_param re-encodes them.

/** Page represents one page of a limit/offset list. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

/** DRF's _positive_int: invalid values fall back (strict: 0 is invalid too). */
function positiveInt(raw: string | null, strict: boolean): number | null {
  if (raw === null || !/^\s*[+-]?\d+\s*$/.test(raw)) return null;
  const n = Number(raw.trim());
  if (n < 0 || (strict && n === 0)) return null;
  return n;
}

function withQuery(url: URL, set: Record<string, string>, remove: string[] = []): string {
  const params = new URLSearchParams(url.search);
  for (const k of remove) params.delete(k);
  for (const [k, v] of Object.entries(set)) params.set(k, v);
  params.sort();
  const u = new URL(url.toString());
  u.search = params.toString();
  return u.toString();
}

/** Paginates `items` for the request URL (limit/offset query parameters). */
export function paginate<T>(url: URL, items: T[], defaultLimit = 100): Page<T> {
  const limit = positiveInt(url.searchParams.get("limit"), true) ?? defaultLimit;
  const offset = positiveInt(url.searchParams.get("offset"), false) ?? 0;
  const count = items.length;
  const results = items.slice(offset, offset + limit);
  const next =
    offset + limit >= count ? null : withQuery(url, { limit: String(limit), offset: String(offset + limit) });
  let previous: string | null = null;
  if (offset > 0) {
    previous =
      offset - limit <= 0
        ? withQuery(url, { limit: String(limit) }, ["offset"])
        : withQuery(url, { limit: String(limit), offset: String(offset - limit) });
  }
  return { count, next, previous, results };
}
