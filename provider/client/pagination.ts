// Limit/offset pagination (docs/posthog-api/FACTS.md §2.6): PostHog answers `{count, next, previous, results}` with
// absolute `next` URLs (default page size 100, no maximum). The iterator follows `next` only on the
// client's own origin, so the API key is never sent to a host a response names.
import { z } from "zod";
import { PostHogError } from "./errors";

/**
 * The page size asked of the lists an organization holds hundreds or thousands of (members,
 * invites) when the caller sets none. PostHog accepts any `limit` (no maximum), and every page is a
 * round trip and a request against the 480/minute budget: at PostHog's default of 100 a refresh or
 * preview of an org with 1,000 members waits for 10 pages in a row. Roles and their memberships
 * keep the default, as an older PostHog treated every query parameter there as a filter.
 */
export const LARGE_LIST_PAGE = 1000;

/** The query with {@link LARGE_LIST_PAGE} as its page size unless it sets one. */
export function largePages(query: Query = {}): Query {
  return { ...query, limit: query.limit ?? LARGE_LIST_PAGE };
}

/** Query parameters; undefined and null values are left out. */
export type Query = Record<string, string | number | boolean | undefined | null>;

/** Page builds the schema of one page of a limit/offset list of `item`. */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.number().nullish(),
    next: z.string().nullish(),
    previous: z.string().nullish(),
    results: z.array(item),
  });
}

/** withQuery appends query parameters to a path that may already have a query string. */
export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null) params.append(k, String(v));
  }
  const qs = params.toString();
  if (qs === "") return path;
  return `${path}${path.includes("?") ? "&" : "?"}${qs}`;
}

/**
 * nextPath turns a page's `next` URL into a request path on `origin`.
 *
 * A link on another origin is never requested. When it names the same list path (a proxy in front
 * of PostHog rewrote the host), its query is replayed against `origin`; otherwise this throws.
 */
export function nextPath(next: string, origin: string, listPath: string): string {
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    throw new PostHogError(`GET ${listPath}: PostHog returned an unreadable pagination link ${JSON.stringify(next)}.`);
  }
  if (url.origin === origin || url.pathname === listPath) return `${url.pathname}${url.search}`;
  throw new PostHogError(
    `GET ${listPath}: PostHog returned a pagination link to ${url.origin}, which is not the configured host ${origin}; the link was not followed, so the API key is not sent there.`,
    { hint: "Set posthog:host to the URL PostHog itself reports (SITE_URL on self-hosted instances)." },
  );
}

/**
 * paginate yields every item of a list, one page request at a time, up to the last page. A list
 * that comes back incomplete (fewer items than the first page's `count`, an empty page that still
 * links a `next`, a `next` link that repeats) throws instead of ending quietly: callers conclude
 * from a list that an object is gone, and a refresh must never drop an object on a partial answer.
 */
export async function* paginate<T>(
  fetchPage: (path: string) => Promise<{ count?: number | null; next?: string | null; results: T[] }>,
  origin: string,
  path: string,
  query?: Query,
): AsyncGenerator<T, void, undefined> {
  const listPath = path.split("?")[0];
  let next: string | undefined = withQuery(path, query);
  const seen = new Set<string>();
  const incomplete = (why: string) =>
    new PostHogError(`GET ${listPath}: PostHog's list came back incomplete (${why}), so it was not used.`, {
      hint: "Nothing was changed or dropped from the state; run the command again.",
    });
  let expected: number | undefined;
  let yielded = 0;
  while (next !== undefined) {
    seen.add(next);
    const page = await fetchPage(next);
    if (expected === undefined && typeof page.count === "number") expected = page.count;
    yield* page.results;
    yielded += page.results.length;
    next = page.next ? nextPath(page.next, origin, listPath) : undefined;
    if (next !== undefined && seen.has(next)) throw incomplete("a pagination link repeated");
    if (next !== undefined && page.results.length === 0) throw incomplete("an empty page linked a next one");
  }
  if (expected !== undefined && yielded < expected) throw incomplete(`${yielded} of the ${expected} items it counted`);
}
