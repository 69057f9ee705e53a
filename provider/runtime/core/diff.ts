import type { AnySpec } from "./spec";
import { serverNow } from "./context";
import { canonical } from "./plain";
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
 * A spec's `refineDiff` then applies what only the state knows, judged at `now` (PostHog's clock).
 */
export function computeChanges(
  spec: AnySpec,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  now: number = serverNow(),
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
  const replaceKeys = new Set<string>(spec.update ? (spec.replaceOnChanges ?? []) : Object.keys(news));
  const changes = { changed, replaces: changed.filter((k) => replaceKeys.has(k)) };
  return spec.refineDiff ? spec.refineDiff(changes, olds, news, now) : changes;
}
