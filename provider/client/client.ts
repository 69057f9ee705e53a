// PostHogClient: the resource groups over one transport, with the read cache, reconciling of
// unknown-outcome writes and pagination (STYLE §1 `client.ts`; openai-node `core.ts`). The wire
// itself (auth, pacing, retries, timeouts, typed errors) is transport.ts; the process-wide registry
// of clients (`getClient`) is registry.ts.
import type { Dispatcher } from "undici";
import { z } from "zod";
import { BatchExports } from "./batch-exports";
import { Domains } from "./domains";
import { Invites } from "./invites";
import { Members } from "./members";
import { Organizations } from "./organizations";
import { Projects } from "./projects";
import { ProxyRecords } from "./proxy-records";
import { RoleMemberships } from "./role-memberships";
import { Roles } from "./roles";
import { Users } from "./users";
import { ReadCache, type IndexBy } from "./cache";
import { ServerClock } from "./server-clock";
import { Page, paginate, type Query } from "./pagination";
import { DEFAULT_RECONCILE_BUDGET, sendReconciled, type ReconcileBudget } from "./reconcile";
import { PostHogError } from "./errors";
import { ClientMetrics } from "./metrics";
import { sharedPacer, type Pacer, type PacingOptions } from "./pacer";
import { DEFAULT_RETRY_POLICY, IDEMPOTENT_METHODS, type RetryPolicy } from "./retry";
import type { RequestSpec, Transport } from "./resource";
import { HttpTransport, keyId, normalizeOrigin, packageVersion } from "./transport";

export type { CallOptions, HttpMethod, RequestSpec } from "./resource";

/** ClientOptions configures a {@link PostHogClient}. */
export interface ClientOptions {
  /** Base URL of the PostHog instance, scheme and host only, e.g. `https://us.posthog.com`. */
  host: string;
  /** Personal API key (`phx_…`). Sent as `Authorization: Bearer`; never logged or put into errors. */
  apiKey: string;
  /**
   * Time allowed for the response headers and, separately, between body chunks, in ms. undici
   * checks these timers about once a second, so short values fire up to ~1 s late. @default 60000
   */
  timeoutMs?: number;
  /** Extra product token appended to the `User-Agent` (`pulumi-posthog-org/<version>`). */
  userAgent?: string;
  /** Client-side request budget per API key. @default { perMinute: 480, perHour: 4800 } */
  pacing?: PacingOptions;
  /** Longest `Retry-After` the client waits for on a 429 before giving up, in seconds. @default 3600 */
  maxRetryAfterSeconds?: number;
  /** Retries after 5xx responses and connection errors for idempotent requests. @default 6 */
  maxRetries?: number;
  /**
   * How long a POST/PATCH whose outcome is unknown keeps being looked up by natural key and sent
   * again. @default { attempts: 8, seconds: 300 }
   */
  reconcile?: Partial<ReconcileBudget>;
  /** Dispatcher to send requests through instead of the shared pool (tests pass an undici MockAgent). */
  dispatcher?: Dispatcher;
  /**
   * The pacer to share with other clients. By default every client of the same host and key (and
   * pacing settings) in the process shares one.
   */
  pacer?: Pacer;
  /** How long a `listAll` result stays cached without writes, in ms. @default 60000 */
  cacheTtlMs?: number;
  /** Backoff tuning for 5xx/connection retries; tests shorten it. */
  retryPolicy?: Partial<RetryPolicy>;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * PostHogClient is the typed client for PostHog's organization-level REST API.
 *
 * One instance holds the key, a paced and retrying dispatcher, metrics and a read cache; resource
 * groups (`client.roles`, `client.members`, …) hang off it. Prefer {@link getClient}, which shares
 * one instance per host and key in the process.
 */
export class PostHogClient implements Transport {
  /** The instance origin, e.g. `https://us.posthog.com`. */
  readonly host: string;
  /** Request counters for tests and benchmarks. */
  readonly metrics = new ClientMetrics();
  /** Per-process read cache for `listAll`, invalidated by writes to the same collection. */
  readonly cache: ReadCache;
  /** The request budget shared by every client of this key. */
  readonly pacer: Pacer;
  /** PostHog's time, from the `Date` header of its responses (invite expiry is judged on it). */
  readonly serverClock = new ServerClock();

  readonly #transport: HttpTransport;
  readonly #reconcileBudget: ReconcileBudget;

  constructor(opts: ClientOptions) {
    this.host = normalizeOrigin(opts.host);
    if (typeof opts.apiKey !== "string" || opts.apiKey.trim() === "") {
      throw new PostHogError("PostHogClient needs a personal API key (apiKey is empty).");
    }
    const apiKey = opts.apiKey.trim();
    const policy: RetryPolicy = {
      ...DEFAULT_RETRY_POLICY,
      ...opts.retryPolicy,
      ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
      ...(opts.maxRetryAfterSeconds !== undefined ? { maxRetryAfterSeconds: opts.maxRetryAfterSeconds } : {}),
    };
    this.#reconcileBudget = { ...DEFAULT_RECONCILE_BUDGET, ...opts.reconcile };
    this.cache = new ReadCache(opts.cacheTtlMs);
    this.pacer = opts.pacer ?? sharedPacer(`${this.host}|${keyId(apiKey)}`, opts.pacing);
    this.#transport = new HttpTransport({
      host: this.host,
      apiKey,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      userAgent: `pulumi-posthog-org/${packageVersion()}${opts.userAgent ? ` ${opts.userAgent}` : ""}`,
      policy,
      pacer: this.pacer,
      metrics: this.metrics,
      serverClock: this.serverClock,
      ...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
    });
    this.organizations = new Organizations(this);
    this.projects = new Projects(this);
    this.members = new Members(this);
    this.invites = new Invites(this);
    this.roles = new Roles(this);
    this.roleMemberships = new RoleMemberships(this, this.roles);
    this.domains = new Domains(this);
    this.proxyRecords = new ProxyRecords(this);
    this.batchExports = new BatchExports(this);
    this.users = new Users(this);
  }

  /** `/api/organizations/`. */
  readonly organizations: Organizations;
  /** `/api/organizations/{organization_id}/projects/` (integer ids). */
  readonly projects: Projects;
  /** `/api/organizations/{organization_id}/members/` (list, level PATCH, delete; no retrieve). */
  readonly members: Members;
  /** `/api/organizations/{organization_id}/invites/` (+ `bulk/`). */
  readonly invites: Invites;
  /** `/api/organizations/{organization_id}/roles/`. */
  readonly roles: Roles;
  /** `/api/organizations/{organization_id}/roles/{role_id}/role_memberships/`. */
  readonly roleMemberships: RoleMemberships;
  /** `/api/organizations/{organization_id}/domains/` (+ `verify/`). */
  readonly domains: Domains;
  /** `/api/organizations/{organization_id}/proxy_records/` (unpaginated list, no update). */
  readonly proxyRecords: ProxyRecords;
  /** Batch exports: reads on the organization route, writes and actions on `/api/projects/{project_id}/batch_exports/`. */
  readonly batchExports: BatchExports;
  /** `/api/users/@me/`. */
  readonly users: Users;

  /**
   * request sends one API call and returns its validated body.
   *
   * A successful write is written into the cached lists of its collection (see cache.ts); a failed
   * one drops them. A POST/PATCH whose outcome is unknown runs
   * `spec.reconcile`: its result is returned when found, else the request is sent again, as long as
   * the reconcile budget lasts (reconcile.ts). A
   * DELETE that was repeated after a dropped connection and then answers 404 counts as done.
   *
   * @throws PostHogApiError subclasses for error statuses, ConnectionError/TimeoutError without a
   *   response, UnexpectedResponseError when the body misses essentials.
   */
  async request<T>(spec: RequestSpec<T>): Promise<T> {
    const method = spec.method;
    const write = method !== "GET" && method !== "HEAD";
    const invalidate = () => {
      this.cache.invalidate(spec.path);
      for (const extra of spec.invalidates ?? []) this.cache.invalidate(extra);
    };
    // A write that succeeded goes into the cached lists; one that failed may have happened or not.
    const written = (result: T) => {
      if (!write) return result;
      this.cache.written(method, spec.path, result);
      for (const extra of spec.invalidates ?? []) this.cache.invalidate(extra);
      return result;
    };
    try {
      const idempotent = spec.idempotent === true || IDEMPOTENT_METHODS.has(method);
      if (idempotent || typeof spec.reconcile !== "function") {
        return written(await this.#transport.attempt(spec, { idempotent, outcomeUnknownHint: !idempotent }));
      }
      return written(
        await sendReconciled({
          what: `${method} ${spec.path.split("?")[0]}`,
          send: () => this.#transport.attempt(spec, { idempotent, outcomeUnknownHint: false }),
          reconcile: spec.reconcile,
          budget: this.#reconcileBudget,
          metrics: this.metrics,
          beforeLookup: invalidate,
        }),
      );
    } catch (error) {
      if (write) invalidate();
      throw error;
    }
  }

  /**
   * paginate yields every item of a limit/offset list, following PostHog's absolute `next` URLs.
   *
   * A `next` on another origin is never requested: when it names the same list path (a proxy
   * rewrote the host), its query is replayed against this client's host; otherwise an error is thrown.
   */
  paginate<T>(path: string, query: Query | undefined, item: z.ZodType<T>): AsyncGenerator<T, void, undefined> {
    const schema = Page(item);
    return paginate(
      (p) => this.request({ method: "GET", path: p, schema }) as Promise<{ next?: string | null; results: T[] }>,
      this.host,
      path,
      query,
    );
  }

  /**
   * listAll reads every item of a list through the read cache: concurrent and repeated calls with
   * the same path and query share one read for the whole run (or the cache TTL), kept up to date
   * with this process's own writes. Returns an array the caller may change; its items are frozen.
   * `key` gives an item's key in its URL when that is not its `id`.
   */
  listAll<T>(path: string, query: Query | undefined, item: z.ZodType<T>, key?: (item: T) => string): Promise<T[]> {
    return this.cache.get(
      path,
      ReadCache.key(path, query ?? {}),
      this.#readAll(path, query, item),
      (hit) => this.metrics.recordCache(hit),
      { item, key },
    );
  }

  /**
   * listIndex reads the same cached list as {@link listAll} with the same arguments, grouped by
   * `by`: what finds one object per resource in a list of hundreds (a member by email, an invite by
   * id) without a scan per lookup.
   */
  listIndex<T>(
    path: string,
    query: Query | undefined,
    item: z.ZodType<T>,
    by: IndexBy<T>,
    key?: (item: T) => string,
  ): Promise<ReadonlyMap<string, readonly T[]>> {
    return this.cache.index(
      path,
      ReadCache.key(path, query ?? {}),
      this.#readAll(path, query, item),
      by,
      (hit) => this.metrics.recordCache(hit),
      { item, key },
    );
  }

  #readAll<T>(path: string, query: Query | undefined, item: z.ZodType<T>): () => Promise<T[]> {
    return async () => {
      const out: T[] = [];
      for await (const x of this.paginate(path, query, item)) out.push(x);
      return out;
    };
  }

  /**
   * cachedList reads a list that is not paginated (one request answers it whole) through the read
   * cache, keyed by its path. Writes to the collection drop it (no write-through).
   */
  cachedList<T>(collection: string, load: () => Promise<T[]>): Promise<T[]> {
    return this.cache.get(collection, collection, load, (hit) => this.metrics.recordCache(hit));
  }
}
