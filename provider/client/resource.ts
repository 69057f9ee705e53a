// What a resource group (organizations.ts, projects.ts, …) sees of the client: the request shape it
// describes an API call with and the per-call options its methods take.
import type { z } from "zod";
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
