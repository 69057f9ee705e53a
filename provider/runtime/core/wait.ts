import { z } from "zod";

/** How long to wait for PostHog to reach a state, and how often to ask. */
export interface WaitOptions {
  timeoutSeconds: number;
  intervalSeconds?: number;
}

/**
 * The schema of a `waitFor…` input: `{ timeoutSeconds, intervalSeconds? }`, with messages that name
 * the input. The timeout is capped at an hour so a typo cannot hold a deployment for days.
 */
export function waitOptions(input: string) {
  return z.strictObject(
    {
      /** Give up after this many seconds (at most 3600). */
      timeoutSeconds: z
        .number({
          error: `${input}.timeoutSeconds is required: how many seconds to wait, e.g. { timeoutSeconds: 300 }`,
        })
        .positive(`${input}.timeoutSeconds must be more than 0`)
        .max(3600, `${input}.timeoutSeconds must be at most 3600 (one hour)`),
      /** Check every this many seconds (at least 1). */
      intervalSeconds: z
        .number({ error: `${input}.intervalSeconds must be a number of seconds` })
        .min(1, `${input}.intervalSeconds must be at least 1 second`)
        .max(600, `${input}.intervalSeconds must be at most 600 seconds`)
        .optional(),
    },
    { error: `${input} must be an object such as { timeoutSeconds: 300, intervalSeconds: 10 }` },
  );
}

/** The outcome of {@link pollUntil}: the last value seen and whether it satisfied the condition. */
export interface Polled<T> {
  value: T;
  done: boolean;
}

/**
 * Calls `attempt` until `isDone` holds for its result or the timeout has passed, sleeping
 * `intervalSeconds` (default `defaultInterval`) between calls; the first call is immediate and one
 * more call is always made at the deadline. Errors from `attempt` propagate.
 */
export async function pollUntil<T>(
  options: WaitOptions,
  defaultInterval: number,
  attempt: () => Promise<T>,
  isDone: (value: T) => boolean,
): Promise<Polled<T>> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const interval = (options.intervalSeconds ?? defaultInterval) * 1000;
  for (;;) {
    const value = await attempt();
    if (isDone(value)) return { value, done: true };
    const left = deadline - Date.now();
    if (left <= 0) return { value, done: false };
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, left)));
  }
}
