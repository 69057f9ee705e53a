/**
 * Returns `value` as plain JSON the engine can store: `undefined` properties are dropped (protobuf's
 * Struct rejects them with "Unexpected struct type") and dates become ISO strings.
 */
export function toPlainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (v instanceof Date ? v.toISOString() : v)));
}

/** Deterministic JSON for comparisons: object keys sorted at every depth. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/** Whether `v` is a plain object (not null, not an array). */
export const isDict = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Types a value built from a wire object as the input shape it mirrors: state holds, for an input,
 * what PostHog reports under the program's own keys (e.g. a destination's config), so it has the
 * input's shape with PostHog's values, which the diff compares rather than trusts.
 */
export function mirroring<T>(value: object): T {
  return value as T;
}
