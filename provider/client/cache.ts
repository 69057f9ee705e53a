// A per-process read cache for list calls, so N resources that each need "the org's members" or
// "the org's invites" during one Pulumi run cause one read, not N (DESIGN §4 Invite). Entries hold
// the in-flight promise, so concurrent readers share one request.
//
// The cache follows the run's own writes instead of dropping the list on each of them (dropping
// made every member-level PATCH re-read every member page, one member after the other): a
// successful POST to a collection, or a PATCH/PUT/DELETE of one of its objects, is written into
// the cached list, also into a read still in flight (applied when it lands; upserts by key are
// idempotent, so a read that already saw the write is not changed). What cannot be written through
// drops every list whose path is an ancestor or a descendant of the written path, as do failed
// writes (their outcome may be unknown): a DELETE of `/roles/<id>/` drops `/roles/` and
// `/roles/<id>/role_memberships/`.
import type { z } from "zod";

/** Paths whose writes also change other collections (server-side cascades). */
const RELATED: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  // Removing a member cascades their role memberships, shown in role lists too (docs/posthog-api/FACTS.md §11).
  [/^(\/api\/organizations\/[^/]+\/)members\//, (m) => `${m[1]}roles/`],
];

/** How a cached list's items are matched with written objects and parsed from write responses. */
export interface ListShape<T> {
  /** The list's item schema: a write response is parsed with it before it joins the list. */
  item: z.ZodType<T>;
  /** The object's key in its URL (`/<collection>/<key>/`); default: its `id`. */
  key?: (item: T) => string;
}

/**
 * The value a cached list is indexed by (a lower-cased email, an id). Pass a module-level function:
 * the cache keeps one index per list and function, and updates each of them on every write.
 */
export type IndexBy<T> = (item: T) => string;

interface Entry {
  /** The list, once loaded and with the writes since applied in place. */
  promise: Promise<unknown[]>;
  /** The list's items grouped by each {@link IndexBy} asked for, kept up to date with the writes. */
  indexes: Map<IndexBy<never>, Map<string, unknown[]>>;
  collection: string;
  /** Whether the list is filtered by a query: such a list cannot take writes through. */
  filtered: boolean;
  shape?: ListShape<unknown>;
  expiresAt: number;
}

/** ReadCache caches the results of `listAll` calls by route and query, per client. */
export class ReadCache {
  private entries = new Map<string, Entry>();

  /**
   * @param ttlMs - how long a cached list stays valid; bounds staleness when objects change outside
   *   this process during a long run.
   */
  constructor(private readonly ttlMs = 60_000) {}

  /**
   * key builds the cache key of a list: its path plus the query with sorted keys. The page size
   * (`limit`) is left out: a list read whole holds the same items at any page size, so it is not a
   * filter and the list still takes writes through.
   */
  static key(collection: string, query?: Record<string, unknown>): string {
    const pairs = Object.entries(query ?? {})
      .filter(([k, v]) => k !== "limit" && v !== undefined && v !== null)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .sort();
    return pairs.length ? `${collection}?${pairs.join("&")}` : collection;
  }

  /**
   * get returns the cached list for `key`, or runs `load` and caches its promise. A failed load is
   * not cached. `hit` reports whether the value came from the cache (or an in-flight load). The
   * array is the caller's; its items are shared and frozen.
   */
  async get<T>(
    collection: string,
    key: string,
    load: () => Promise<T[]>,
    onLookup?: (hit: boolean) => void,
    shape?: ListShape<T>,
  ): Promise<T[]> {
    return (await this.list(collection, key, load, onLookup, shape)).items.slice() as T[];
  }

  /**
   * index returns the cached list's items grouped by `by`, loading the list as {@link get} does.
   * The grouping is built once per list and `by`, and each write written through moves only the
   * items it changed, so looking up each of N objects in a list of N costs N, not N² (no copy and
   * no scan per lookup). A group holds its items in list order, then those written since.
   */
  async index<T>(
    collection: string,
    key: string,
    load: () => Promise<T[]>,
    by: IndexBy<T>,
    onLookup?: (hit: boolean) => void,
    shape?: ListShape<T>,
  ): Promise<ReadonlyMap<string, readonly T[]>> {
    const { entry, items } = await this.list(collection, key, load, onLookup, shape);
    let index = entry.indexes.get(by as IndexBy<never>);
    if (!index) {
      const groups = new Map<string, T[]>();
      for (const item of items as T[]) {
        const value = by(item);
        const group = groups.get(value);
        if (group) group.push(item);
        else groups.set(value, [item]);
      }
      entry.indexes.set(by as IndexBy<never>, (index = groups));
    }
    return index as ReadonlyMap<string, readonly T[]>;
  }

  /** The entry of `key` and its items, loaded with `load` when absent or expired. */
  private async list<T>(
    collection: string,
    key: string,
    load: () => Promise<T[]>,
    onLookup?: (hit: boolean) => void,
    shape?: ListShape<T>,
  ): Promise<{ entry: Entry; items: unknown[] }> {
    const now = Date.now();
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > now) {
      onLookup?.(true);
      return { entry: existing, items: await existing.promise };
    }
    onLookup?.(false);
    const entry: Entry = {
      promise: undefined as unknown as Promise<unknown[]>,
      indexes: new Map(),
      collection: normalize(collection),
      filtered: key !== collection,
      shape: shape as ListShape<unknown> | undefined,
      expiresAt: now + this.ttlMs,
    };
    entry.promise = load().then((items) => items.map(deepFreeze));
    this.entries.set(key, entry);
    try {
      return { entry, items: await entry.promise };
    } catch (error) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
  }

  /**
   * written records a successful write: `result` joins (POST, PATCH, PUT) or leaves (DELETE) the
   * cached lists of the written object's collection; lists it cannot update are dropped.
   */
  written(method: string, writtenPath: string, result: unknown): void {
    const written = normalize(writtenPath);
    for (const key of this.related(written)) {
      const entry = this.entries.get(key)!;
      const change = !entry.filtered && entry.shape ? changeOf(method, written, entry.collection, result) : undefined;
      const apply = change && applier(entry.shape!, change);
      if (!apply) {
        this.entries.delete(key);
        continue;
      }
      // Chained, so writes land in order, and after a read still in flight. A failed read rejects
      // its readers; the chain itself must not count as an unhandled rejection.
      const next = entry.promise.then((items) => {
        for (const [before, after] of apply(items)) regroup(entry.indexes, before, after);
        return items;
      });
      next.catch(() => {});
      entry.promise = next;
    }
  }

  /** invalidate drops every cached list related to a write on `writtenPath`. */
  invalidate(writtenPath: string): void {
    for (const key of this.related(normalize(writtenPath))) this.entries.delete(key);
  }

  /** clear drops every cached list. */
  clear(): void {
    this.entries.clear();
  }

  /** size is the number of cached lists. */
  get size(): number {
    return this.entries.size;
  }

  /** The keys of the lists a write on `written` may change. */
  private related(written: string): string[] {
    const targets = [written];
    for (const [pattern, related] of RELATED) {
      const m = pattern.exec(written);
      if (m) targets.push(related(m));
    }
    return [...this.entries]
      .filter(([, entry]) => targets.some((t) => t.startsWith(entry.collection) || entry.collection.startsWith(t)))
      .map(([key]) => key);
  }
}

type Change = { upsert: unknown[] } | { remove: string };

/**
 * What a write does to the list of `collection`: a POST to it (or to its `bulk/`) adds the answer,
 * a PATCH/PUT of `<collection><key>/` replaces the object, a DELETE of it removes it; anything else
 * (actions, writes to other levels) is unknown.
 */
function changeOf(method: string, written: string, collection: string, result: unknown): Change | undefined {
  if (!written.startsWith(collection)) return undefined;
  const rest = written.slice(collection.length).split("/").filter(Boolean);
  if (method === "POST" && rest.length === 0) return { upsert: [result] };
  if (method === "POST" && rest.length === 1 && rest[0] === "bulk" && Array.isArray(result)) return { upsert: result };
  if (rest.length !== 1) return undefined;
  if (method === "DELETE") return { remove: decodeURIComponent(rest[0]) };
  if (method === "PATCH" || method === "PUT") return { upsert: [result] };
  return undefined;
}

/** An item a write replaced, added (`before` undefined) or removed (`after` undefined). */
type Replaced = [before: unknown, after: unknown];

/**
 * A function that applies `change` to a list in place and returns what it replaced, or undefined
 * when a result does not fit the list.
 */
function applier(shape: ListShape<unknown>, change: Change): ((items: unknown[]) => Replaced[]) | undefined {
  const keyOf = shape.key ?? ((item: any) => String(item.id));
  if ("remove" in change)
    return (items) => {
      const at = items.findIndex((x) => keyOf(x) === change.remove);
      return at >= 0 ? [[items.splice(at, 1)[0], undefined]] : [];
    };
  const parsed: unknown[] = [];
  for (const result of change.upsert) {
    const p = shape.item.safeParse(result);
    if (!p.success) return undefined;
    parsed.push(deepFreeze(p.data));
  }
  return (items) =>
    parsed.map((item): Replaced => {
      const at = items.findIndex((x) => keyOf(x) === keyOf(item));
      const before = at >= 0 ? items[at] : undefined;
      if (at >= 0) items[at] = item;
      else items.push(item);
      return [before, item];
    });
}

/**
 * Moves a written item in every index of its list, out of its old group and into its new one, so a
 * write costs the size of its groups, not a regrouping of the whole list (an `up` that changes
 * each of N members' level would otherwise regroup N times).
 */
function regroup(indexes: Map<IndexBy<never>, Map<string, unknown[]>>, before: unknown, after: unknown): void {
  for (const [by, groups] of indexes) {
    const valueOf = by as IndexBy<unknown>;
    if (before !== undefined) {
      const value = valueOf(before);
      const rest = (groups.get(value) ?? []).filter((x) => x !== before);
      if (rest.length > 0) groups.set(value, rest);
      else groups.delete(value);
    }
    if (after !== undefined) {
      const value = valueOf(after);
      groups.set(value, [...(groups.get(value) ?? []), after]);
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function normalize(p: string): string {
  const pathname = p.split("?")[0];
  return pathname.endsWith("/") ? pathname : `${pathname}/`;
}
