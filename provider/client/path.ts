// Encoded URL paths, built with a template tag so an id can never change the shape of a route
// (openai-node `internal/utils/path.ts`). Every interpolated value is one path segment.

/**
 * path builds an API path from a template, encoding each interpolated value as one path segment.
 *
 * `@` is kept literal so PostHog's aliases (`@current`, `@me`) read as they do in PostHog's docs.
 * Empty values and the dot segments `.` and `..` are refused with a TypeError naming the route,
 * because they would silently address a different resource.
 *
 * @example
 * path`/api/organizations/${orgId}/roles/${roleId}/` // "/api/organizations/0190…/roles/0191…/"
 */
export function path(strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    const value = typeof raw === "number" ? (Number.isSafeInteger(raw) ? String(raw) : "") : raw;
    if (typeof value !== "string" || value === "" || value === "." || value === "..") {
      const route = strings.join("{}");
      throw new TypeError(`path ${route}: parameter ${i + 1} must be a non-empty id, got ${JSON.stringify(raw)}.`);
    }
    out += encodeURIComponent(value).replace(/%40/g, "@") + strings[i + 1];
  }
  return out;
}

// PostHog ids in paths: UUIDs (with or without dashes), integer project ids and the `@` aliases.
const ID_SEGMENT = /^(?:@current|@me|\d+|[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12})$/i;

/**
 * routeTemplate turns a concrete path into its route template by replacing id segments with `{id}`,
 * e.g. `/api/organizations/0190…/roles/` becomes `/api/organizations/{id}/roles/`.
 *
 * Used for metrics keys, so counts group by endpoint rather than by object. The query string is dropped.
 */
export function routeTemplate(concretePath: string): string {
  const pathname = concretePath.split("?")[0];
  return pathname
    .split("/")
    .map((segment) => (segment !== "" && ID_SEGMENT.test(decodeSegment(segment)) ? "{id}" : segment))
    .join("/");
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
