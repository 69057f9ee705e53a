import * as pulumi from "@pulumi/pulumi";

/** How long a resource waits for PostHog to reach a state, and how often it checks. */
export interface WaitOptions {
  /** Give up after this many seconds (at most 3600). */
  timeoutSeconds: pulumi.Input<number>;
  /** Check every this many seconds (at least 1). @default 10 */
  intervalSeconds?: pulumi.Input<number>;
}

/**
 * AdoptableResource represents a PostHog object a program can take over (`adopt: true`) instead of
 * creating: the outputs every such resource has, one per key of the runtime's `Adoptable` state
 * and the two adoption inputs.
 */
export abstract class AdoptableResource extends pulumi.dynamic.Resource {
  /** Whether the object existed before and was adopted rather than created. */
  declare readonly adopted: pulumi.Output<boolean>;
  /** The `adopt` input: whether an existing object with the same natural key is taken over instead of created. */
  declare readonly adopt: pulumi.Output<boolean | null | undefined>;
  /** The `deleteAdopted` input: whether destroy deletes the object even though it was adopted. */
  declare readonly deleteAdopted: pulumi.Output<boolean | null | undefined>;
}

/** Pulumi `module` for every PostHog type token: `pulumi-nodejs:dynamic/posthog:<Class>`. */
export const MODULE = "posthog";

/**
 * The output names of a resource: one per key of its spec's state `S`, so a missing or extra one
 * does not compile. The keys are the state type's; `props` needs them as values (the engine creates
 * an output only for a key the props hold).
 */
export function outputNames<S>(names: { [K in keyof S]-?: true }): readonly string[] {
  return Object.keys(names);
}

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
