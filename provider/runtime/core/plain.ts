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
