/** The value the engine sends for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or contains, a value not known until apply. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** True when the value at `path` inside `root`, or one of its parents, is unknown. */
export function isUnknownAt(root: unknown, path: readonly PropertyKey[]): boolean {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === UNKNOWN) return true;
    if (cur === null || typeof cur !== "object") return false;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return containsUnknown(cur);
}

/**
 * True when every value is known. Preview rules guard on exactly the inputs they read with this, so
 * a rule runs whenever what it needs is known, whatever else is still unknown (e.g. a membership's
 * `email` is checked while its `roleId` comes from a role created in the same program).
 */
export function isKnown(...values: unknown[]): boolean {
  return !values.some(containsUnknown);
}
