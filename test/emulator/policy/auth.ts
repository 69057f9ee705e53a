// Personal API key authentication and APIScopePermission (docs/posthog-api/FACTS.md §2.2, §2.3). Only personal keys
// are emulated: PostHog's JWT and OAuth authenticators would not accept a `phx_` token anyway, so
// every Bearer token falls through to the personal-key check exactly as on the real service.
import type { IncomingHttpHeaders } from "node:http";
import { authenticationFailed, notAuthenticated, permissionDenied } from "../http/errors";
import type { ApiKey, User } from "../model/model";
import type { RouteDef } from "../http/router";
import { requiredScopes } from "../http/router";
import type { Store } from "../model/store";

const BEARER_RE = /^Bearer\s+(\S.+)$/;

/** Where a key was found; the word appears in the 401 message. */
export type KeySource = "Authorization header" | "body" | "query string";

/** Finds a personal API key in header, then body, then query string (PostHog's lookup order). */
export function findKey(
  headers: IncomingHttpHeaders,
  body: () => unknown,
  query: URLSearchParams,
): { key: string; source: KeySource } | null {
  const header = headers.authorization;
  const m = header ? BEARER_RE.exec(header) : null;
  if (m) return { key: m[1].trim(), source: "Authorization header" };
  const data = body();
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const k = (data as Record<string, unknown>).personal_api_key;
    if (typeof k === "string" && k) return { key: k, source: "body" };
  }
  const q = query.get("personal_api_key");
  if (q) return { key: q, source: "query string" };
  return null;
}

/** Authenticates a request: 401 without a key or with an unknown key / inactive owner. */
export function authenticate(
  store: Store,
  headers: IncomingHttpHeaders,
  body: () => unknown,
  query: URLSearchParams,
): { user: User; apiKey: ApiKey } {
  const found = findKey(headers, body, query);
  if (!found) throw notAuthenticated();
  const apiKey = store.apiKeyBySecret(found.key);
  const user = apiKey ? store.user(apiKey.user_uuid) : undefined;
  if (!apiKey || !user || !user.is_active) {
    throw authenticationFailed(`Personal API key found in request ${found.source} is invalid.`);
  }
  // PostHog bumps last_used_at at most once an hour to spare the database.
  const now = store.clock.now();
  if (!apiKey.last_used_at || now - Date.parse(apiKey.last_used_at) > 3600_000) apiKey.last_used_at = store.now();
  return { user, apiKey };
}

/** True for a legacy key: no scopes at all, which bypasses every scope check. */
export function isLegacyKey(key: ApiKey): boolean {
  return !key.scopes || key.scopes.length === 0;
}

/** Context the scope check needs about the target (resolved lazily, it may 404). */
export interface ScopeTarget {
  /** Returns the organization id of an org-based view, or undefined for views without one. */
  organizationId?: () => string | undefined;
  /** Returns the project id for project-based views; undefined on organization-level views. */
  teamId?: () => number | undefined;
}

/**
 * APIScopePermission.has_permission: legacy keys pass; otherwise the action must have a derivable
 * scope (checked before `*`), the key's project/organization restrictions must allow the target,
 * and one of the key's scopes must satisfy the requirement (`:write` also grants `:read`).
 */
export function checkScopes(
  route: RouteDef,
  action: string | undefined,
  method: string,
  explicit: string[] | "none" | undefined,
  key: ApiKey,
  target: ScopeTarget,
): void {
  if (isLegacyKey(key)) return;
  const scopes = key.scopes ?? [];
  const required = requiredScopes(route, action, method, explicit);
  if (!required) throw permissionDenied("This action does not support Personal API Key access");
  if (key.scoped_teams.length > 0) {
    const teamId = target.teamId?.();
    if (teamId === undefined)
      throw permissionDenied("API keys with scoped projects are only supported on project-based endpoints.");
    if (!key.scoped_teams.includes(teamId))
      throw permissionDenied(`API key does not have access to the requested project: ID ${teamId}.`);
  }
  if (key.scoped_organizations.length > 0) {
    const orgId = target.organizationId?.();
    if (orgId !== undefined && !key.scoped_organizations.includes(orgId)) {
      throw permissionDenied(`API key does not have access to the requested organization: ID ${orgId}.`);
    }
  }
  if (scopes.includes("*")) return;
  for (const scope of required) {
    const valid = scope.endsWith(":read") ? [scope, scope.replace(/:read$/, ":write")] : [scope];
    if (!valid.some((v) => scopes.includes(v))) throw permissionDenied(`API key missing required scope '${scope}'`);
  }
}
