// What a resource group (organizations.ts, projects.ts, …) sees of the client: a narrow transport
// (requests, pagination, cached lists, PostHog's clock), the request shape it describes an API call
// with, the per-call options its methods take, and the base class that hands it the transport
// (openai-node `APIResource`). Groups import this module, never client.ts, so the client can build
// every group without an import circle.
import type { z } from "zod";
import type { IndexBy } from "./cache";
import type { Query } from "./pagination";
import type { Reconcile } from "./reconcile";

/** HttpMethod is a request method the client sends. */
export type HttpMethod = "GET" | "POST" | "PATCH" | "PUT" | "DELETE" | "HEAD";

/** CallOptions are the per-call options every resource method accepts as its last argument. */
export interface CallOptions<T> {
  /**
   * Looks the object up by its natural key after a POST/PATCH whose outcome is unknown (timeout,
   * connection reset, 5xx). When it returns the object, the call returns it; when it returns
   * undefined, the request is sent once more. Overrides the method's default reconciler; `null`
   * disables reconciling, so an unknown outcome is thrown as is.
   */
  reconcile?: Reconcile<T> | null;
}

/** RequestSpec describes one API call for {@link PostHogClient.request}. */
export interface RequestSpec<T> {
  method: HttpMethod;
  /** Path built with the `path` tag, optionally with a query string (e.g. a pagination `next`). */
  path: string;
  query?: Query;
  /** JSON body; undefined sends none. */
  body?: unknown;
  /** Schema the success body must satisfy; unknown fields are stripped. */
  schema: z.ZodType<T>;
  /** See {@link CallOptions.reconcile}; only used for POST and PATCH. */
  reconcile?: Reconcile<T> | null;
  /** Treat a POST/PATCH as safe to repeat (e.g. `pause`, domain `verify`). */
  idempotent?: boolean;
  /** More collection paths this write changes, beyond the ancestors and descendants of `path`. */
  invalidates?: string[];
}

/**
 * Transport is the part of {@link PostHogClient} a resource group calls: one request, a paginated
 * list, a list through the read cache, and PostHog's clock.
 */
export interface Transport {
  /** Sends one API call and returns its validated body (see {@link PostHogClient.request}). */
  request<T>(spec: RequestSpec<T>): Promise<T>;
  /** Yields every item of a limit/offset list (see {@link PostHogClient.paginate}). */
  paginate<T>(path: string, query: Query | undefined, item: z.ZodType<T>): AsyncGenerator<T, void, undefined>;
  /** Reads every item of a paginated list through the read cache (see {@link PostHogClient.listAll}). */
  listAll<T>(path: string, query: Query | undefined, item: z.ZodType<T>, key?: (item: T) => string): Promise<T[]>;
  /** Reads the same cached list as `listAll`, grouped by `by` (see {@link PostHogClient.listIndex}). */
  listIndex<T>(
    path: string,
    query: Query | undefined,
    item: z.ZodType<T>,
    by: IndexBy<T>,
    key?: (item: T) => string,
  ): Promise<ReadonlyMap<string, readonly T[]>>;
  /** Reads a list that is not paginated through the read cache (see {@link PostHogClient.cachedList}). */
  cachedList<T>(collection: string, load: () => Promise<T[]>): Promise<T[]>;
  /** PostHog's time, from the `Date` header of its responses. */
  readonly serverClock: { now(): number };
}

/**
 * APIResource is the base of every resource group (`client.roles`, `client.members`, …): it holds
 * the transport the group's methods call.
 */
export abstract class APIResource {
  /** @param client - the transport, in practice the {@link PostHogClient} the group hangs off. */
  constructor(protected readonly client: Transport) {}
}
