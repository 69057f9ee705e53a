// Retry policy (STYLE §5.7, DESIGN §4 "Everywhere").
//
// - 429: the request did not run, so every method is retried after `Retry-After` (no short cap,
//   bounded by `maxRetryAfterSeconds`). The wait is applied to the whole pacer (pacer.ts): the limit
//   is per key, so every other request of the process waits too.
// - 5xx and connection errors: jittered exponential backoff, idempotent methods only (GET, HEAD,
//   PUT, DELETE, OPTIONS), undici's default method list. A POST/PATCH whose outcome is unknown is
//   never repeated here: reconcile.ts looks the object up by natural key first.
// - Connection failures before anything was sent (refused, DNS, connect timeout) are retried for
//   every method: PostHog never saw the request.
//
// The policy plugs into undici's retry interceptor as its `retry` callback, with
// `throwOnError: false` so the final error response reaches the error factory.
import { parseRetryAfter } from "./error-factory";
import type { ClientMetrics } from "./metrics";
import type { Pacer } from "./pacer";

/** RetryPolicy is the data half of the retry rules; `retryCallback` is the behaviour. */
export interface RetryPolicy {
  /** Retries after 5xx responses and connection errors (idempotent methods only). @default 6 (one read in seven faulted must still succeed) */
  maxRetries: number;
  /** Retries after 429 responses (every method). @default 20 */
  maxThrottleRetries: number;
  /** Longest single `Retry-After` the client accepts before giving up, in seconds. @default 3600 */
  maxRetryAfterSeconds: number;
  /** First backoff delay for 5xx/connection retries, in ms; doubled per retry, with full jitter. @default 500 */
  baseDelayMs: number;
  /** Largest backoff delay, in ms. @default 20000 */
  maxDelayMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxRetries: 6,
  maxThrottleRetries: 20,
  maxRetryAfterSeconds: 3600,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
};

/** Methods that may be repeated after a 5xx or a dropped connection. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/** Status codes retried for idempotent requests. */
const RETRY_STATUS = new Set([500, 502, 503, 504]);

/** Connection errors that happen before the request reaches the server: safe to retry for any method. */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETDOWN",
  "ENETUNREACH",
  "EHOSTDOWN",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/** Connection errors after which an idempotent request is retried. */
const RETRY_CODES = new Set([
  ...NOT_SENT_CODES,
  "ECONNRESET",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

/** The per-request record the retry callback keeps, read by the client to build errors and hints. */
export interface RetryState {
  /** Retries done (any cause). */
  retries: number;
  /** 429 responses seen. */
  throttled: number;
  /** 5xx/connection retries done. */
  failureRetries: number;
  /** Milliseconds waited on Retry-After and backoff for this request (pacing waits are not included). */
  waitedMs: number;
  /** The Retry-After of the last 429, in ms, when it exceeded the maximum and the client gave up. */
  retryAfterTooLongMs?: number;
  /** True once an idempotent request was repeated after an unknown outcome (e.g. a DELETE after a reset). */
  repeatedAfterUnknownOutcome: boolean;
}

export function newRetryState(): RetryState {
  return { retries: 0, throttled: 0, failureRetries: 0, waitedMs: 0, repeatedAfterUnknownOutcome: false };
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base·2^n)], at least 50 ms. */
export function backoffDelay(
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  retry: number,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.max(50, Math.round(random() * ceiling));
}

type UndiciRetryCallback = NonNullable<import("undici").RetryHandler.RetryOptions["retry"]>;

/**
 * retryCallback builds undici's `retry` callback for one request.
 *
 * @param method - the request method.
 * @param idempotent - whether a 5xx or dropped connection may be retried (defaults from `method`).
 */
export function retryCallback(opts: {
  method: string;
  idempotent?: boolean;
  policy: RetryPolicy;
  pacer: Pacer;
  metrics: ClientMetrics;
  state: RetryState;
}): UndiciRetryCallback {
  const { policy, pacer, metrics, state } = opts;
  const idempotent = opts.idempotent ?? IDEMPOTENT_METHODS.has(opts.method.toUpperCase());
  return (err, _context, callback) => {
    const e = err as Error & {
      statusCode?: number;
      code?: string;
      headers?: Record<string, string | string[] | undefined>;
    };
    const status = e.statusCode;
    const retryNow = (delayMs: number) => {
      state.retries++;
      metrics.recordRetry();
      if (delayMs <= 0) return setTimeout(() => callback(null), 0);
      state.waitedMs += delayMs;
      metrics.recordWait(delayMs);
      return setTimeout(() => callback(null), delayMs);
    };

    if (status === 429) {
      state.throttled++;
      metrics.recordThrottled();
      const raw = e.headers?.["retry-after"];
      const retryAfterMs = parseRetryAfter(Array.isArray(raw) ? raw[0] : raw);
      if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterSeconds * 1000) {
        state.retryAfterTooLongMs = retryAfterMs;
        callback(err);
        return;
      }
      if (state.throttled > policy.maxThrottleRetries) {
        callback(err);
        return;
      }
      const waitMs = retryAfterMs ?? backoffDelay({ baseDelayMs: 1000, maxDelayMs: 60_000 }, state.throttled - 1);
      // The limit is per key: hold every request of the process back, this one included. The pacer
      // does the waiting (and counts it), so the retry itself is dispatched at once.
      pacer.blockUntil(Date.now() + waitMs);
      return retryNow(0);
    }

    if (status !== undefined) {
      if (RETRY_STATUS.has(status) && idempotent && state.failureRetries < policy.maxRetries) {
        state.failureRetries++;
        state.repeatedAfterUnknownOutcome = true;
        return retryNow(backoffDelay(policy, state.failureRetries - 1));
      }
      callback(err);
      return;
    }

    const code = e.code;
    if (code !== undefined && RETRY_CODES.has(code) && state.failureRetries < policy.maxRetries) {
      if (NOT_SENT_CODES.has(code)) {
        state.failureRetries++;
        return retryNow(backoffDelay(policy, state.failureRetries - 1));
      }
      if (idempotent) {
        state.failureRetries++;
        state.repeatedAfterUnknownOutcome = true;
        return retryNow(backoffDelay(policy, state.failureRetries - 1));
      }
    }
    callback(err);
    return;
  };
}
