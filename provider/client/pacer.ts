// The shared request budget (STYLE §5.7, DESIGN §4 "Everywhere"). PostHog throttles
// personal-API-key requests at 480/minute (burst) and 4,800/hour (sustained) per key, counting
// requests in a sliding window (docs/posthog-api/FACTS.md §2.7, DRF SimpleRateThrottle). `Pacer`
// keeps the same sliding windows on the client side and holds a request back until it fits, so a
// large run does not trip 429s. The windows are widened by a little slack because PostHog counts
// arrival times, which trail our send times by a varying latency. The limit is per key, so one
// pacer serves every client of a key in the process (`sharedPacer`), and a 429's `Retry-After`
// (retry.ts) holds the whole pacer back.
import type { Dispatcher } from "undici";

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
