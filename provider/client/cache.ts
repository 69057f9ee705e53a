// A per-process read cache for list calls, so N resources that each need "the org's members" or
// "the org's invites" during one Pulumi run cause one read, not N (DESIGN §4 Invite). Entries hold
// the in-flight promise, so concurrent readers share one request. Any write through the client
// invalidates every cached list whose path is an ancestor or a descendant of the written path: a
// POST to `/roles/` or a DELETE of `/roles/<id>/` drops `/roles/` and `/roles/<id>/role_memberships/`.

/** Paths whose writes also change other collections (server-side cascades). */
const RELATED: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  // Removing a member cascades their role memberships, shown in role lists too (docs/posthog-api/FACTS.md §11).
  [/^(\/api\/organizations\/[^/]+\/)members\//, (m) => `${m[1]}roles/`],
];

interface Entry {
  promise: Promise<unknown[]>;
  collection: string;
  expiresAt: number;
}

/** ReadCache caches the results of `listAll` calls by route and query, per client. */
export class ReadCache {
  private entries = new Map<string, Entry>();

  /**
   * @param ttlMs - how long a cached list stays valid without writes; bounds staleness when objects
   *   change outside this process during a long run.
   */
  constructor(private readonly ttlMs = 60_000) {}

  /** key builds the cache key of a list: its path plus the query with sorted keys. */
  static key(collection: string, query?: Record<string, unknown>): string {
    const pairs = Object.entries(query ?? {})
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .sort();
    return pairs.length ? `${collection}?${pairs.join("&")}` : collection;
  }

  /**
   * get returns the cached list for `key`, or runs `load` and caches its promise. A failed load is
   * not cached. `hit` reports whether the value came from the cache (or an in-flight load).
   */
  async get<T>(
    collection: string,
    key: string,
    load: () => Promise<T[]>,
    onLookup?: (hit: boolean) => void,
  ): Promise<T[]> {
    const now = Date.now();
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > now) {
      onLookup?.(true);
      return structuredClone((await existing.promise) as T[]);
    }
    onLookup?.(false);
    const promise = load();
    const entry: Entry = { promise, collection: normalize(collection), expiresAt: now + this.ttlMs };
    this.entries.set(key, entry);
    try {
      return structuredClone(await promise);
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /** invalidate drops every cached list related to a write on `writtenPath`. */
  invalidate(writtenPath: string): void {
    const written = normalize(writtenPath);
    const targets = [written];
    for (const [pattern, related] of RELATED) {
      const m = pattern.exec(written);
      if (m) targets.push(related(m));
    }
    for (const [key, entry] of this.entries) {
      if (targets.some((t) => t.startsWith(entry.collection) || entry.collection.startsWith(t)))
        this.entries.delete(key);
    }
  }

  /** clear drops every cached list. */
  clear(): void {
    this.entries.clear();
  }

  /** size is the number of cached lists. */
  get size(): number {
    return this.entries.size;
  }
}

function normalize(p: string): string {
  const pathname = p.split("?")[0];
  return pathname.endsWith("/") ? pathname : `${pathname}/`;
}
