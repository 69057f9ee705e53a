// Retry policy and the shared request budget (STYLE §5.7, DESIGN §4 "Everywhere").
//
// - Pacing: PostHog throttles personal-API-key requests at 480/minute (burst) and 4,800/hour
//   (sustained) per key, counting requests in a sliding window (docs/posthog-api/FACTS.md §2.7, DRF SimpleRateThrottle).
//   `Pacer` keeps the same sliding windows on the client side and holds a request back until it fits,
//   so a large run does not trip 429s. The windows are widened by a little slack because PostHog
//   counts arrival times, which trail our send times by a varying latency.
// - 429: the request did not run, so every method is retried after `Retry-After` (no short cap,
//   bounded by `maxRetryAfterSeconds`). The wait is applied to the whole pacer: the limit is per key,
//   so every other request of the process waits too.
// - 5xx and connection errors: jittered exponential backoff, idempotent methods only (GET, HEAD,
//   PUT, DELETE, OPTIONS), undici's default method list. A POST/PATCH whose outcome is unknown is
//   never repeated here: reconcile.ts looks the object up by natural key first.
// - Connection failures before anything was sent (refused, DNS, connect timeout) are retried for
//   every method: PostHog never saw the request.
//
// The policy plugs into undici's retry interceptor as its `retry` callback, with
// `throwOnError: false` so the final error response reaches the error factory.
import type { Dispatcher } from "undici";
import { parseRetryAfter } from "./error-factory";
import { NotFoundError } from "./errors";
import type { ClientMetrics } from "./metrics";

/** PacingOptions configures the client-side request budget. */
export interface PacingOptions {
  /** Requests allowed in any 60-second window. @default 480 */
  perMinute?: number;
  /** Requests allowed in any 3,600-second window. @default 4800 */
  perHour?: number;
}

/** Extra width of each pacing window, absorbing the difference between send and arrival times. */
const WINDOW_SLACK_MS = 1_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * Pacer is a sliding-window request budget shared by every request of one API key in the process.
 *
 * `acquire()` resolves when one more request fits both windows and records it; waiters are served
 * first in, first out. `blockUntil()` holds everyone back after a 429.
 */
export class Pacer {
  readonly perMinute: number;
  readonly perHour: number;
  private readonly sent: number[] = []; // send times within the last hour (+slack), ascending
  private readonly waiters: Array<() => void> = [];
  private blockedUntil = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    options: PacingOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.perMinute = positive(options.perMinute, 480, "pacing.perMinute");
    this.perHour = positive(options.perHour, 4800, "pacing.perHour");
  }

  /** acquire waits until one more request fits the budget, records it, and returns the milliseconds waited. */
  acquire(): Promise<number> {
    const started = this.now();
    return new Promise<number>((resolve) => {
      this.waiters.push(() => resolve(this.now() - started));
      this.pump();
    });
  }

  /** blockUntil holds every request back until `time` (epoch ms), e.g. after a 429's Retry-After. */
  blockUntil(time: number): void {
    if (time > this.blockedUntil) this.blockedUntil = time;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.pump();
  }

  /** pending is the number of requests waiting for budget. */
  get pending(): number {
    return this.waiters.length;
  }

  /** The wait in ms before one more request fits, 0 when it fits now. */
  private delay(now: number): number {
    while (this.sent.length > 0 && this.sent[0] <= now - HOUR_MS - WINDOW_SLACK_MS) this.sent.shift();
    let wait = Math.max(0, this.blockedUntil - now);
    if (this.sent.length >= this.perHour) {
      wait = Math.max(wait, this.sent[this.sent.length - this.perHour] + HOUR_MS + WINDOW_SLACK_MS - now);
    }
    const inMinute = this.sent.length - lowerBound(this.sent, now - MINUTE_MS - WINDOW_SLACK_MS);
    if (inMinute >= this.perMinute) {
      wait = Math.max(wait, this.sent[this.sent.length - this.perMinute] + MINUTE_MS + WINDOW_SLACK_MS - now);
    }
    return wait;
  }

  private pump(): void {
    if (this.timer) return;
    while (this.waiters.length > 0) {
      const now = this.now();
      const wait = this.delay(now);
      if (wait > 0) {
        this.timer = setTimeout(
          () => {
            this.timer = undefined;
            this.pump();
          },
          Math.ceil(wait) + 1,
        );
        return;
      }
      this.sent.push(now);
      this.waiters.shift()!();
    }
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 1)
    throw new RangeError(`${name} must be a number of requests of at least 1, got ${value}.`);
  return Math.floor(value);
}

/** Index of the first element > `bound` in an ascending array. */
function lowerBound(sorted: number[], bound: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= bound) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const pacers = new Map<string, Pacer>();

/**
 * sharedPacer returns the process-wide pacer for one API key identity (`keyId`, a hash, never the
 * key) and pacing settings, creating it on first use.
 */
export function sharedPacer(keyId: string, options: PacingOptions = {}): Pacer {
  const probe = new Pacer(options);
  const id = `${keyId}|${probe.perMinute}|${probe.perHour}`;
  let pacer = pacers.get(id);
  if (!pacer) {
    pacer = probe;
    pacers.set(id, pacer);
  }
  return pacer;
}

/**
 * pacingInterceptor sends every attempt (first tries and retries alike) through `pacer`. It sits
 * below undici's retry interceptor, so retries are paced too.
 */
export function pacingInterceptor(
  pacer: Pacer,
  onSend: (opts: Dispatcher.DispatchOptions, waitedMs: number) => void,
): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) =>
    function pacedDispatch(opts, handler) {
      void pacer.acquire().then((waited) => {
        onSend(opts, waited);
        try {
          dispatch(opts, handler);
        } catch (err) {
          handler.onResponseError?.(null as unknown as Dispatcher.DispatchController, err as Error);
        }
      });
      return true;
    };
}

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

export type { Reconcile } from "./reconcile";

/** orUndefined resolves a lookup that answers 404 as undefined; for reconcilers. */
export async function orUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (error) {
    if (NotFoundError.isInstance(error)) return undefined;
    throw error;
  }
}

/**
 * matchesSent tells whether an object read back from PostHog already carries every field of a
 * PATCH body: the reconcile test for updates. Objects compare field by field (extra fields in the
 * response are ignored, as PostHog merges some JSON settings), arrays element by element.
 */
export function matchesSent(sent: unknown, got: unknown): boolean {
  if (sent === undefined) return true;
  if (sent === null || typeof sent !== "object") return sent === got;
  if (Array.isArray(sent)) {
    return Array.isArray(got) && got.length === sent.length && sent.every((v, i) => matchesSent(v, got[i]));
  }
  if (got === null || typeof got !== "object" || Array.isArray(got)) return false;
  return Object.entries(sent as Record<string, unknown>).every(([k, v]) =>
    matchesSent(v, (got as Record<string, unknown>)[k]),
  );
}
