// One HTTP exchange with PostHog: the paced, retrying undici dispatcher, auth and user agent,
// timeouts, reading and parsing the body, validating it against the call's schema, and the typed
// error for everything that is not a valid success (openai-node `core.ts`, PostHog TF
// `httpclient/`). The client (client.ts) adds the read cache and reconciling on top.
//
// Dispatch chain per transport: undici retry interceptor (policy in retry.ts) -> pacing interceptor
// (every attempt takes a slot from the shared per-key budget, pacer.ts) -> the shared Pool for the
// host (one process-wide keep-alive pool per origin, kept here).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import type { Dispatcher } from "undici";
import { generate, redactSecret, responseIssue } from "./error-factory";
import { ConnectionError, PostHogError, TimeoutError, UnexpectedResponseError, type ErrorCause } from "./errors";
import type { ClientMetrics } from "./metrics";
import { pacingInterceptor, type Pacer } from "./pacer";
import { withQuery } from "./pagination";
import { routeTemplate } from "./path";
import type { HttpMethod, RequestSpec } from "./resource";
import { NOT_SENT_CODES, newRetryState, retryCallback, type RetryPolicy, type RetryState } from "./retry";
import type { ServerClock } from "./server-clock";

/** What an {@link HttpTransport} is built from; the client resolves the defaults. */
export interface TransportOptions {
  /** The instance origin, normalized (see {@link normalizeOrigin}). */
  host: string;
  /** The personal API key, trimmed. */
  apiKey: string;
  timeoutMs: number;
  /** The whole `User-Agent` header. */
  userAgent: string;
  policy: RetryPolicy;
  pacer: Pacer;
  metrics: ClientMetrics;
  /** Observes every response's `Date` header. */
  serverClock: ServerClock;
  /** Dispatcher to send through instead of the shared pool of `host`. */
  dispatcher?: Dispatcher;
}

/** Options of one exchange. */
export interface AttemptOptions {
  /** Whether a 5xx or dropped connection may be retried. */
  idempotent: boolean;
  /** Whether errors after the request was sent say the write may have been applied. */
  outcomeUnknownHint: boolean;
}

// undici's entry point loads all of undici (fetch, WebSocket, caches, mocks, proxies: 109 files);
// the pool, the retry interceptor and `request`, all the transport uses, are 25 of them. Loaded
// from their own files, the runtime loads in 143-153 ms instead of 160-176 on a busy 2-core machine.
// Those files are not a public entry point, so a release that moves them falls back to the entry
// point, and test/unit/client/undici-parts.test.ts fails naming the one that moved.

/** @internal The files {@link undiciParts} loads instead of undici's entry point. */
export const UNDICI_PARTS = {
  Pool: "undici/lib/dispatcher/pool",
  retry: "undici/lib/interceptor/retry",
  request: "undici/lib/api/api-request",
} as const;

/** @internal What the transport uses of undici, from the parts' own files where they are. */
export function undiciParts(): {
  Pool: typeof import("undici").Pool;
  retry: typeof import("undici").interceptors.retry;
  /** `dispatcher.request(options)`, which the entry point adds to every dispatcher. */
  request: (dispatcher: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
} {
  try {
    const request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData> = require(
      UNDICI_PARTS.request,
    );
    return {
      Pool: require(UNDICI_PARTS.Pool),
      retry: require(UNDICI_PARTS.retry),
      request: (dispatcher, options) => request.call(dispatcher, options),
    };
  } catch {
    const undici: typeof import("undici") = require("undici");
    return {
      Pool: undici.Pool,
      retry: undici.interceptors.retry,
      request: (dispatcher, options) => dispatcher.request(options),
    };
  }
}
const { Pool, retry, request } = undiciParts();

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
 * HttpTransport sends one API call at a time through a paced, retrying dispatcher and returns its
 * validated body, or throws the typed error. The API key lives here and nowhere else.
 */
export class HttpTransport {
  readonly host: string;
  readonly #apiKey: string;
  readonly #dispatcher: Dispatcher;
  readonly #timeoutMs: number;
  readonly #userAgent: string;
  readonly #policy: RetryPolicy;
  readonly #pacer: Pacer;
  readonly #metrics: ClientMetrics;
  readonly #serverClock: ServerClock;

  constructor(opts: TransportOptions) {
    this.host = opts.host;
    this.#apiKey = opts.apiKey;
    this.#timeoutMs = opts.timeoutMs;
    this.#userAgent = opts.userAgent;
    this.#policy = opts.policy;
    this.#pacer = opts.pacer;
    this.#metrics = opts.metrics;
    this.#serverClock = opts.serverClock;
    const base = opts.dispatcher ?? sharedPool(this.host);
    this.#dispatcher = base.compose(
      pacingInterceptor(this.#pacer, (dispatchOpts, waited) => {
        this.#metrics.recordWait(waited);
        this.#metrics.recordRequest(`${dispatchOpts.method} ${routeTemplate(String(dispatchOpts.path))}`);
      }),
      retry({ throwOnError: false }),
    );
  }

  /** One call with transport retries, validated; throws typed errors. */
  async attempt<T>(spec: RequestSpec<T>, opts: AttemptOptions): Promise<T> {
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
  private async send(method: HttpMethod, fullPath: string, body: unknown, opts: AttemptOptions): Promise<RawResponse> {
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
          pacer: this.#pacer,
          metrics: this.#metrics,
          state,
        }),
      },
    } as Dispatcher.RequestOptions;
    const displayPath = fullPath.split("?")[0];
    let response: Dispatcher.ResponseData;
    try {
      response = await request(this.#dispatcher, requestOptions);
    } catch (err) {
      throw redactSecret(this.connectionError(err, method, displayPath, opts), this.#apiKey);
    }
    this.#serverClock.observe(response.headers.date);
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
export function normalizeOrigin(host: string): string {
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

const pools = new Map<string, InstanceType<typeof Pool>>();

/** The process-wide keep-alive pool for an origin. */
function sharedPool(origin: string): InstanceType<typeof Pool> {
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
