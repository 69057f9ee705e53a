// Unknown-outcome writes (DESIGN §4 "Nothing lost, nothing duplicated"). A POST or PATCH that
// timed out, lost its connection after sending, or got a 5xx may or may not have been applied.
// Repeating it blindly duplicates (a second project of the same name); giving up orphans an object
// PostHog created. So after every unknown outcome the caller's natural-key lookup runs first: the
// object it finds is the answer; when it finds nothing, the write is sent again. This goes on,
// lookups included, until the write is answered or the budget (attempts and time) runs out, and it
// always ends with a lookup, so an exhausted budget still means "not applied" (or "found").
import { NotFoundError, PostHogApiError, PostHogError } from "./errors";
import { isOutcomeUnknown } from "./error-factory";
import type { ClientMetrics } from "./metrics";
import { backoffDelay } from "./retry";

/**
 * A reconcile hook looks an object up by its natural key after a POST/PATCH whose outcome is
 * unknown (timeout, reset, 5xx). It returns the object when the write took effect, or undefined.
 */
export type Reconcile<T> = () => Promise<T | undefined>;

/** ReconcileBudget bounds how long one write may keep looking up and resending after unknown outcomes. */
export interface ReconcileBudget {
  /** Sends of the write, the first included, before giving up. @default 8 */
  attempts: number;
  /** Time from the first send after which no new send starts, in seconds. @default 300 */
  seconds: number;
  /** First pause between a failed lookup or a resend, in ms; doubled each time, with full jitter. @default 500 */
  baseDelayMs: number;
  /** Longest pause, in ms. @default 10000 */
  maxDelayMs: number;
}

/** The defaults of {@link ReconcileBudget}; `posthog:reconcileAttempts` and `posthog:reconcileSeconds` override them. */
export const DEFAULT_RECONCILE_BUDGET: Readonly<ReconcileBudget> = {
  attempts: 8,
  seconds: 300,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

/** How far back a lookup accepts an object's `created_at` as "created by this call" (clock skew). */
export const CREATED_SKEW_MS = 120_000;

/**
 * createdSince tells whether a PostHog `created_at` is no earlier than `sentAt` (epoch ms on
 * PostHog's clock) minus the allowed skew: the test that an object may be the one this call made.
 */
export function createdSince(createdAt: string | null | undefined, sentAt: number): boolean {
  if (typeof createdAt !== "string") return false;
  const t = Date.parse(createdAt);
  return !Number.isNaN(t) && t >= sentAt - CREATED_SKEW_MS;
}

// Ids a create of this process already returned, per client: a lookup by a non-unique name must
// not hand one object to two resources created at the same time (two projects named alike).
const claims = new WeakMap<object, Set<string>>();

/** claim records that `id` belongs to a resource of this process; returns false when it already did. */
export function claim(owner: object, id: string | number): boolean {
  let set = claims.get(owner);
  if (!set) claims.set(owner, (set = new Set()));
  const key = String(id);
  if (set.has(key)) return false;
  set.add(key);
  return true;
}

/** isClaimed tells whether a create of this process already returned `id`. */
export function isClaimed(owner: object, id: string | number): boolean {
  return claims.get(owner)?.has(String(id)) ?? false;
}

/**
 * newestUnclaimed picks, among lookup matches, the newest one created since `sentAt` that no other
 * create of this process returned: the reconcile rule for kinds whose names are not unique.
 */
export function newestUnclaimed<T extends { id: string | number; created_at?: string | null }>(
  owner: object,
  matches: readonly T[],
  sentAt: number,
): T | undefined {
  return matches
    .filter((m) => createdSince(m.created_at, sentAt) && !isClaimed(owner, m.id))
    .sort((a, b) => Date.parse(b.created_at ?? "") - Date.parse(a.created_at ?? ""))[0];
}

/** What {@link sendReconciled} needs from the client. */
export interface ReconcileRun<T> {
  /** `POST /api/…`, for messages. */
  what: string;
  /** Sends the write once (transport retries for 429 and unsent requests included) and validates the answer. */
  send(): Promise<T>;
  reconcile: Reconcile<T>;
  budget: ReconcileBudget;
  metrics: ClientMetrics;
  /** Called before each lookup, so it reads PostHog and not a cached list. */
  beforeLookup?(): void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * sendReconciled sends a write, and after every unknown outcome looks the object up by its natural
 * key before sending again, within the budget. A refusal (4xx) after an earlier unknown outcome is
 * also checked against the lookup: a conflict then usually means the earlier send was applied.
 *
 * @throws the last send's error, with a hint that says the object was looked for and not found
 *   (so running `pulumi up` again cannot duplicate it), or that the lookup itself kept failing.
 */
export async function sendReconciled<T>(run: ReconcileRun<T>): Promise<T> {
  const now = run.now ?? Date.now;
  const sleep = run.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const started = now();
  const deadline = started + run.budget.seconds * 1000;
  const pause = (n: number) => sleep(backoffDelay(run.budget, n));
  let sends = 0;
  let unknown = 0;
  let pauses = 0;
  for (;;) {
    let error: unknown;
    try {
      sends++;
      return await run.send();
    } catch (err) {
      error = err;
    }
    const outcomeUnknown = isOutcomeUnknown(error);
    const refusedAfterUnknown = unknown > 0 && PostHogApiError.isInstance(error) && error.status < 500;
    if (!outcomeUnknown && !refusedAfterUnknown) throw error;
    if (outcomeUnknown) unknown++;

    // Look the object up, retrying failed lookups while the budget lasts.
    let lookupError: unknown;
    for (;;) {
      try {
        run.beforeLookup?.();
        const found = await run.reconcile();
        lookupError = undefined;
        if (found !== undefined) {
          run.metrics.recordReconciled();
          return found;
        }
        break;
      } catch (err) {
        lookupError = err;
        if (now() >= deadline || pauses >= run.budget.attempts * 2) break;
        await pause(pauses++);
      }
    }
    if (!outcomeUnknown) throw error; // a genuine refusal: nothing of ours exists under the key
    if (lookupError !== undefined || sends >= run.budget.attempts || now() >= deadline) {
      throw exhausted(error, run, { sends, seconds: Math.round((now() - started) / 1000), lookupError });
    }
    await pause(pauses++);
    run.metrics.recordRetry();
  }
}

/** The error of an exhausted budget: the last failure, with a hint that never advises a step that can duplicate. */
function exhausted(
  error: unknown,
  run: ReconcileRun<unknown>,
  facts: { sends: number; seconds: number; lookupError: unknown },
): unknown {
  if (!PostHogError.isInstance(error)) return error;
  const budget = `posthog:reconcileAttempts (now ${run.budget.attempts}) or posthog:reconcileSeconds (now ${run.budget.seconds})`;
  const hint =
    facts.lookupError === undefined
      ? `${run.what} got no answer ${facts.sends} times in ${facts.seconds} s; after each, PostHog was searched for the object and it was not there, so nothing was created. ` +
        `Run \`pulumi up\` again when PostHog answers, or raise ${budget}.`
      : `${run.what} got no answer and the search for the object it may have made failed too (${firstLine(facts.lookupError)}). ` +
        "Run `pulumi up` again when PostHog answers: the next create searches for it by the same natural key before sending anything.";
  return withHint(error, hint);
}

/** withHint replaces a client error's hint (the message's last line) with `hint`. */
export function withHint<E extends PostHogError>(error: E, hint: string): E {
  const base =
    error.hint && error.message.endsWith(`\n${error.hint}`)
      ? error.message.slice(0, -(error.hint.length + 1))
      : error.message;
  Object.defineProperty(error, "hint", { value: hint, enumerable: true, configurable: true, writable: false });
  error.message = `${base}\n${hint}`;
  return error;
}

function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split("\n")[0];
}

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
