import * as pulumi from "@pulumi/pulumi";

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
