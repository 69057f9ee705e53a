import type { z } from "zod";

// The state a resource records holds its inputs (as PostHog last reported them), its computed
// outputs and a few fields of the provider's own. Keys starting with `__` are the engine's
// "internal" properties: it never shows them in a diff, so the provider's bookkeeping lives there.

/** State key of the spec's state layout version (internal: never shown in diffs). */
export const STATE_VERSION = "__stateVersion";
/** State key of the names of the inputs the program set, so refresh can return exactly those. */
export const INPUT_KEYS = "__inputKeys";

/** Inputs that only steer this provider (never sent to PostHog): a change updates state, never replaces. */
export const POLICY_INPUTS: readonly string[] = ["adopt", "deleteAdopted"];

/** The input names of a spec's schema (its z.strictObject shape), or undefined for another schema. */
export function inputNames(schema: z.ZodType): string[] | undefined {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  return shape && typeof shape === "object" ? Object.keys(shape) : undefined;
}

/**
 * The inputs a refresh reports (the dynamic provider's `ReadResult.inputs`): for every input the
 * program set, the value in the refreshed state, which is PostHog's value where PostHog reports it
 * and the last applied value otherwise (write-only inputs, provider policies). The engine then shows
 * drift field by field and `ignoreChanges` keeps a value changed outside the program.
 */
export function refreshedInputs(state: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const key of names) if (state[key] !== undefined) inputs[key] = state[key];
  return inputs;
}
