import type { AnySpec } from "./spec";
import { canonical } from "./plain";
import { POLICY_INPUTS } from "./inputs";
import { containsUnknown } from "./unknowns";

/** What changed between the state and the program's inputs, and whether that replaces the object. */
export interface Changes {
  changed: string[];
  replaces: string[];
}

/**
 * Compares the program's inputs with the state. The state holds input-shaped fields as PostHog last
 * reported them, so drift found by refresh shows here and `up` restores it. Inputs the program
 * leaves unset are not managed and never diff, nor does `adopt`. Unknown inputs count as changed.
 * A spec's `refineDiff` then applies what only the state knows, judged at `now` (PostHog's clock,
 * given by the caller, so the comparison itself reads no process-wide state).
 */
export function computeChanges(
  spec: AnySpec,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  now: number,
): Changes {
  const changed: string[] = [];
  for (const [key, value] of Object.entries(news)) {
    // `adopt` only steers create: changing it later changes nothing in PostHog, and must not
    // replace an object whose spec has no update.
    if (key === "__provider" || key === "adopt" || value === undefined) continue;
    if (containsUnknown(value)) {
      changed.push(key);
      continue;
    }
    const norm = spec.normalize?.[key] ?? ((v: unknown) => v);
    const before = olds[key] === undefined ? undefined : norm(olds[key]);
    if (canonical(norm(value)) !== canonical(before)) changed.push(key);
  }
  // Provider policies (deleteAdopted) never replace: a change only updates the state.
  const replaceKeys = new Set<string>(spec.update ? (spec.replaceOnChanges ?? []) : Object.keys(news));
  for (const key of POLICY_INPUTS) replaceKeys.delete(key);
  const changes = { changed, replaces: changed.filter((k) => replaceKeys.has(k)) };
  return spec.refineDiff ? spec.refineDiff(changes, olds, news, now) : changes;
}

/**
 * What a planned change really does in PostHog where the engine's word ("update", "replace")
 * suggests otherwise, for what every kind shares; the specs' `warnings` add their own. Local and pure.
 */
export function plannedEffects(spec: AnySpec, state: Record<string, unknown>, changes: Changes): string[] {
  const noun = spec.noun ?? spec.kind;
  const effects: string[] = [];
  if (changes.changed.every((k) => POLICY_INPUTS.includes(k))) {
    effects.push(
      `only ${changes.changed.join(" and ")} changes: nothing is sent to PostHog, the stack records the new setting.`,
    );
  }
  if (changes.replaces.length > 0 && state.adopted === true && state.deleteAdopted !== true) {
    effects.push(
      `the ${noun} was adopted, not created by this stack: replacing it (${changes.replaces.join(", ")} changed) creates a new one and leaves the adopted one in PostHog. Set deleteAdopted: true to have it deleted.`,
    );
  }
  return effects;
}
