import * as pulumi from "@pulumi/pulumi";

/** How long a resource waits for PostHog to reach a state, and how often it checks. */
export interface WaitOptions {
  /** Give up after this many seconds (at most 3600). */
  timeoutSeconds: pulumi.Input<number>;
  /** Check every this many seconds (at least 1). @default 10 */
  intervalSeconds?: pulumi.Input<number>;
}

/** Pulumi `module` for every PostHog type token: `pulumi-nodejs:dynamic/posthog:<Class>`. */
export const MODULE = "posthog";

/**
 * Builds the props object for a dynamic resource: the given inputs plus every output set to
 * `undefined` so the engine fills them. A fresh object each call, since the SDK adds `__provider`
 * to it and a second use would throw.
 */
export function props(inputs: Record<string, unknown>, outputs: readonly string[]): pulumi.Inputs {
  const result: pulumi.Inputs = { ...inputs };
  for (const key of outputs) if (!(key in result)) result[key] = undefined;
  return result;
}
