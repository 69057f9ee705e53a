// PostHogClient: base URL, auth, one undici pool per host with keep-alive, JSON in and out, timeouts,
// zod-validated responses, pacing, retries, reconcile of unknown-outcome writes, pagination and the
// read cache (STYLE §1 `client.ts`; openai-node `core.ts`; PostHog TF `httpclient/`).
//
// Dispatch chain per client: undici retry interceptor (policy in retry.ts) -> pacing interceptor
// (every attempt takes a slot from the shared per-key budget) -> the shared Pool for the host.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { Pool, interceptors, type Dispatcher } from "undici";
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
import { ReadCache } from "./cache";
import { ServerClock } from "./server-clock";
import { Page, paginate, withQuery, type Query } from "./pagination";
import { generate, redactSecret, responseIssue } from "./error-factory";
import { DEFAULT_RECONCILE_BUDGET, sendReconciled, type ReconcileBudget } from "./reconcile";
import { ConnectionError, PostHogError, TimeoutError, UnexpectedResponseError, type ErrorCause } from "./errors";
import { ClientMetrics } from "./metrics";
import { routeTemplate } from "./path";
import {
  DEFAULT_RETRY_POLICY,
  IDEMPOTENT_METHODS,
  NOT_SENT_CODES,
  Pacer,
  newRetryState,
  pacingInterceptor,
  retryCallback,
  sharedPacer,
  type PacingOptions,
  type Reconcile,
  type RetryPolicy,
  type RetryState,
} from "./retry";

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

const DEFAULT_TIMEOUT_MS = 60_000;

/** Transport response before schema validation. */
interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Set when the body is text that is not JSON: an HTML page, or JSON that was cut off. */
  notJson?: string;
  state: RetryState;
}

/** Largest response body the client reads; PostHog's biggest pages are a few megabytes. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * PostHogClient is the typed client for PostHog's organization-level REST API.
 *
 * One instance holds the key, a paced and retrying dispatcher, metrics and a read cache; resource
 * groups (`client.roles`, `client.members`, …) hang off it. Prefer {@link getClient}, which shares
 * one instance per host and key in the process.
 */
export class PostHogClient {
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

  readonly #apiKey: string;
  readonly #dispatcher: Dispatcher;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  readonly #policy: RetryPolicy;
  readonly #reconcileBudget: ReconcileBudget;

  constructor(opts: ClientOptions) {
    this.host = normalizeOrigin(opts.host);
    if (typeof opts.apiKey !== "string" || opts.apiKey.trim() === "") {
      throw new PostHogError("PostHogClient needs a personal API key (apiKey is empty).");
    }
    this.#apiKey = opts.apiKey.trim();
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#userAgent = `pulumi-posthog-org/${packageVersion()}${opts.userAgent ? ` ${opts.userAgent}` : ""}`;
    this.#policy = {
      ...DEFAULT_RETRY_POLICY,
      ...opts.retryPolicy,
      ...(opts.maxRetries !== undefined ? { maxRetries: opts.maxRetries } : {}),
      ...(opts.maxRetryAfterSeconds !== undefined ? { maxRetryAfterSeconds: opts.maxRetryAfterSeconds } : {}),
    };
    this.#reconcileBudget = { ...DEFAULT_RECONCILE_BUDGET, ...opts.reconcile };
    this.cache = new ReadCache(opts.cacheTtlMs);
    this.pacer = opts.pacer ?? sharedPacer(`${this.host}|${keyId(this.#apiKey)}`, opts.pacing);
    const base = opts.dispatcher ?? sharedPool(this.host);
    this.#dispatcher = base.compose(
      pacingInterceptor(this.pacer, (dispatchOpts, waited) => {
        this.metrics.recordWait(waited);
        this.metrics.recordRequest(`${dispatchOpts.method} ${routeTemplate(String(dispatchOpts.path))}`);
      }),
      interceptors.retry({ throwOnError: false }),
    );
    this.organizations = new Organizations(this);
    this.projects = new Projects(this);
    this.members = new Members(this);
    this.invites = new Invites(this);
    this.roles = new Roles(this);
    this.roleMemberships = new RoleMemberships(this);
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
        return written(await this.attempt(spec, { idempotent, outcomeUnknownHint: !idempotent }));
      }
      return written(
        await sendReconciled({
          what: `${method} ${spec.path.split("?")[0]}`,
          send: () => this.attempt(spec, { idempotent, outcomeUnknownHint: false }),
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
      async () => {
        const out: T[] = [];
        for await (const x of this.paginate(path, query, item)) out.push(x);
        return out;
      },
      (hit) => this.metrics.recordCache(hit),
      { item, key },
    );
  }

  /** One call with transport retries, validated; throws typed errors. */
  private async attempt<T>(
    spec: RequestSpec<T>,
    opts: { idempotent: boolean; outcomeUnknownHint: boolean },
  ): Promise<T> {
    const method = spec.method;
    const fullPath = withQuery(spec.path, spec.query);
    const displayPath = fullPath.split("?")[0];
    const raw = await this.send(method, fullPath, spec.body, opts);
    if (raw.status >= 200 && raw.status < 300) {
      // A body that is not JSON is named as what it is, not as a schema mismatch of a string.
      const parsed = raw.notJson === undefined ? spec.schema.safeParse(raw.body) : undefined;
      if (parsed?.success) return parsed.data;
      throw redactSecret(
        new UnexpectedResponseError({
          method,
          path: displayPath,
          status: raw.status,
          issues: parsed ? parsed.error.issues.slice(0, 5).map(responseIssue) : [{ path: "", message: raw.notJson! }],
        }),
        this.#apiKey,
      );
    }
    if (method === "DELETE" && raw.status === 404 && raw.state.repeatedAfterUnknownOutcome) {
      // The first DELETE went through before its connection dropped; the repeat finds nothing.
      return spec.schema.parse(undefined);
    }
    const error = generate(raw.status, raw.body, raw.headers, method, fullPath, {
      host: this.host,
      retries: raw.state.retries,
      waitedMs: raw.state.waitedMs,
      maxRetryAfterSeconds: raw.state.retryAfterTooLongMs !== undefined ? this.#policy.maxRetryAfterSeconds : undefined,
      outcomeUnknown: opts.outcomeUnknownHint,
    });
    throw redactSecret(error, this.#apiKey);
  }

  /** Sends through the paced, retrying dispatcher and reads the whole body. */
  private async send(
    method: HttpMethod,
    fullPath: string,
    body: unknown,
    opts: { idempotent: boolean; outcomeUnknownHint: boolean },
  ): Promise<RawResponse> {
    const state = newRetryState();
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#apiKey}`,
      accept: "application/json",
      "user-agent": this.#userAgent,
    };
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers["content-type"] = "application/json";
    const requestOptions = {
      origin: this.host,
      path: fullPath,
      method,
      headers,
      body: payload,
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      retryOptions: {
        throwOnError: false,
        retry: retryCallback({
          method,
          idempotent: opts.idempotent,
          policy: this.#policy,
          pacer: this.pacer,
          metrics: this.metrics,
          state,
        }),
      },
    } as Dispatcher.RequestOptions;
    const displayPath = fullPath.split("?")[0];
    let response: Dispatcher.ResponseData;
    try {
      response = await this.#dispatcher.request(requestOptions);
    } catch (err) {
      throw redactSecret(this.connectionError(err, method, displayPath, opts), this.#apiKey);
    }
    this.serverClock.observe(response.headers.date);
    const text = await this.readBody(response, method, displayPath, opts);
    const contentType = String(response.headers["content-type"] ?? "");
    const parsed = parseBody(text, contentType);
    return { status: response.statusCode, headers: response.headers, state, ...parsed };
  }

  /**
   * Reads a whole response body as text, within the client's timeout in total (a server that
   * trickles bytes forever never trips undici's between-chunks timer) and a size limit. A body that
   * breaks off is reported as cut off, with how much arrived: the status line was already read, so
   * this is not "no response".
   */
  private async readBody(
    response: Dispatcher.ResponseData,
    method: HttpMethod,
    path: string,
    opts: { outcomeUnknownHint: boolean },
  ): Promise<string> {
    const deadline = Date.now() + this.#timeoutMs;
    const chunks: Buffer[] = [];
    let bytes = 0;
    const fail = (error: PostHogError): never => {
      response.body.destroy();
      throw redactSecret(error, this.#apiKey);
    };
    try {
      for await (const chunk of response.body) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        bytes += buf.length;
        chunks.push(buf);
        if (Date.now() > deadline) {
          fail(
            new TimeoutError(
              `${method} ${path}: the response body from ${this.host} did not end within ${this.#timeoutMs} ms (${bytes} bytes so far, status ${response.statusCode}).`,
              { method, path, errorCode: "BODY_DEADLINE", sent: true },
              `The client gives a response ${this.#timeoutMs / 1000} s in total (its timeoutMs). Check that posthog:host (${this.host}) is PostHog and not a proxy that streams without end.${this.unknownNote(method, opts)}`,
            ),
          );
        }
        if (bytes > MAX_BODY_BYTES) {
          fail(
            new ConnectionError(
              `${method} ${path}: the response body from ${this.host} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; it was not read further.`,
              { method, path, errorCode: "BODY_TOO_LARGE", sent: true },
              `Check that posthog:host (${this.host}) points at PostHog's API.${this.unknownNote(method, opts)}`,
            ),
          );
        }
      }
    } catch (err) {
      if (PostHogError.isInstance(err)) throw err;
      const e = (err ?? {}) as { name?: string; code?: string; message?: string };
      if (e.code === "UND_ERR_BODY_TIMEOUT")
        throw redactSecret(this.connectionError(err, method, path, opts), this.#apiKey);
      const cause: ErrorCause = { name: String(e.name ?? "Error"), message: String(e.message ?? err) };
      if (e.code) cause.code = String(e.code);
      // undici's retry interceptor reports a broken body as "cannot resume" (UND_ERR_REQ_RETRY):
      // what the user needs is that the connection closed early.
      const why =
        e.code === "UND_ERR_REQ_RETRY"
          ? "the connection closed before the end"
          : `${e.code ? `${e.code}: ` : ""}${cause.message}`;
      throw redactSecret(
        new ConnectionError(
          `${method} ${path}: the response body was cut off after ${bytes} bytes (status ${response.statusCode}, ${why}).`,
          { method, path, errorCode: e.code ?? "BODY_CUT_OFF", sent: true, cause },
          `The connection to posthog:host (${this.host}) broke while the answer was being read; a proxy or an unstable network in between is the usual cause.${this.unknownNote(method, opts)}`,
        ),
        this.#apiKey,
      );
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  /** The sentence about a write that may have been applied, for errors after the request was sent. */
  private unknownNote(method: string, opts: { outcomeUnknownHint: boolean }): string {
    return opts.outcomeUnknownHint
      ? ` The ${method} may or may not have been applied, so it was not repeated (to avoid a duplicate); run \`pulumi refresh\` and try again.`
      : "";
  }

  private connectionError(
    err: unknown,
    method: string,
    path: string,
    opts: { outcomeUnknownHint: boolean },
  ): ConnectionError {
    const e = (err ?? {}) as { name?: string; code?: string; message?: string };
    const cause: ErrorCause = { name: String(e.name ?? "Error"), message: String(e.message ?? err) };
    if (e.code) cause.code = String(e.code);
    const code = cause.code;
    const sent = !(code !== undefined && NOT_SENT_CODES.has(code));
    const unknownNote =
      sent && opts.outcomeUnknownHint
        ? ` The ${method} may or may not have been applied, so it was not repeated (to avoid doing it twice); check in PostHog whether it took effect before trying again.`
        : "";
    if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT" || code === "UND_ERR_CONNECT_TIMEOUT") {
      const what =
        code === "UND_ERR_CONNECT_TIMEOUT"
          ? "could not connect"
          : `got no complete response within ${this.#timeoutMs} ms`;
      return new TimeoutError(
        `${method} ${path}: ${what} from ${this.host} (${code}).`,
        { method, path, errorCode: code, sent, cause },
        `Check that posthog:host (${this.host}) is reachable from this machine.${unknownNote}`,
      );
    }
    return new ConnectionError(
      `${method} ${path}: no response from ${this.host}: ${code ? `${code}: ` : ""}${cause.message}`,
      { method, path, errorCode: code, sent, cause },
      `Check that posthog:host (${this.host}) is right and reachable from this machine.${unknownNote}`,
    );
  }
}

/**
 * Parses a response body. Text that is not JSON stays text for the error factory (some endpoints
 * answer plain text), and `notJson` says what it is instead: an HTML page (a proxy's error or
 * login page, or a host that is not PostHog's API) or JSON that was cut off or malformed.
 */
function parseBody(text: string, contentType: string): { body: unknown; notJson?: string } {
  if (text === "") return { body: undefined };
  try {
    return { body: JSON.parse(text) };
  } catch {
    const trimmed = text.trim();
    if (/^<(!doctype|html|head|body)\b/i.test(trimmed) || /text\/html/i.test(contentType)) {
      const title = /<title>([^<]*)<\/title>/i.exec(trimmed)?.[1]?.trim();
      return {
        body: text,
        notJson: `PostHog answered with an HTML page${title ? ` ("${title.slice(0, 100)}")` : ""} instead of JSON: posthog:host may point at a web page, or a proxy in front of PostHog answered`,
      };
    }
    if (/^[{[]/.test(trimmed) || /json/i.test(contentType)) {
      const tail = trimmed.slice(-40);
      return {
        body: text,
        notJson: `the JSON body was cut off or is malformed (${Buffer.byteLength(text)} bytes, ending in ${JSON.stringify(tail)})`,
      };
    }
    return {
      body: text,
      notJson: `PostHog answered with text instead of JSON: ${JSON.stringify(trimmed.slice(0, 100))}`,
    };
  }
}

/** The origin of a host URL (`https://us.posthog.com/` → `https://us.posthog.com`). */
function normalizeOrigin(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new PostHogError(`PostHogClient: host ${JSON.stringify(host)} is not a URL such as https://us.posthog.com.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new PostHogError(
      `PostHogClient: host ${JSON.stringify(host)} must use https:// (or http:// for a local instance).`,
    );
  }
  return url.origin;
}

/** A short, non-reversible id of an API key, for sharing state without holding the key. */
export function keyId(apiKey: string): string {
  return createHash("sha256").update(apiKey).digest("hex").slice(0, 16);
}

const pools = new Map<string, Pool>();

/** The process-wide keep-alive pool for an origin. */
function sharedPool(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool || pool.closed || pool.destroyed) {
    pool = new Pool(origin, { connections: 16, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 600_000 });
    pools.set(origin, pool);
  }
  return pool;
}

/** closeSharedPools closes every shared connection pool (tests and graceful shutdown). */
export async function closeSharedPools(): Promise<void> {
  const open = [...pools.values()];
  pools.clear();
  await Promise.all(open.map((p) => p.close().catch(() => undefined)));
}

let cachedVersion: string | undefined;

/** This package's version, read from its package.json (found by walking up from this file). */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  cachedVersion = "0.0.0";
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(fs.readFileSync(nodePath.join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "pulumi-posthog-org" && typeof pkg.version === "string") {
        cachedVersion = pkg.version;
        break;
      }
    } catch {
      // no package.json at this level
    }
    const parent = nodePath.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return cachedVersion;
}

/** The settings {@link getClient} reads: the provider's resolved configuration. */
export interface ClientConfig {
  host: string;
  apiKey: string;
  pacing?: PacingOptions;
  maxRetryAfterSeconds?: number;
  /** Unknown-outcome budget overrides (`posthog:reconcileAttempts`, `posthog:reconcileSeconds`). */
  reconcile?: { attempts?: number; seconds?: number };
}

const clients = new Map<string, PostHogClient>();

/**
 * getClient returns the process-wide client for a host and API key (and pacing settings), creating
 * it on first use, so every resource in a Pulumi run shares one pool, one pacer and one read cache.
 */
export function getClient(config: ClientConfig): PostHogClient {
  const id = [
    normalizeOrigin(config.host),
    keyId(config.apiKey.trim()),
    config.pacing?.perMinute ?? "",
    config.pacing?.perHour ?? "",
    config.maxRetryAfterSeconds ?? "",
    config.reconcile?.attempts ?? "",
    config.reconcile?.seconds ?? "",
  ].join("|");
  let client = clients.get(id);
  if (!client) {
    client = new PostHogClient({
      host: config.host,
      apiKey: config.apiKey,
      ...(config.pacing ? { pacing: config.pacing } : {}),
      ...(config.maxRetryAfterSeconds !== undefined ? { maxRetryAfterSeconds: config.maxRetryAfterSeconds } : {}),
      ...(config.reconcile ? { reconcile: definedOnly(config.reconcile) } : {}),
    });
    clients.set(id, client);
  }
  return client;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
