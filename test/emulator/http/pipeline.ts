// The life of one API request, in DRF's order: route (unknown → 404 before any auth),
// authenticate (401), base permissions (scopes, organization/project membership), viewset
// permissions, throttling (429), method dispatch (405), body parsing (400), then the handler.
import type { IncomingHttpHeaders } from "node:http";
import { authenticate, checkScopes } from "../policy/auth";
import type { ParsedBody } from "./body";
import type { Clock } from "../model/clock";
import { ApiError, methodNotAllowed, notFound, throttled } from "./errors";
import { requireMembership, resolveOrganization, resolveProject } from "../policy/permissions";
import type { RateLimiter } from "../policy/rate-limit";
import type { Ctx, Match, Reply, Router } from "./router";
import type { Store } from "../model/store";
import { parseUuid } from "../policy/validation";

/** ApiRequest represents what the pipeline needs from the HTTP layer. */
export interface ApiRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
}

/** Dependencies of the pipeline. */
export interface PipelineDeps {
  router: Router;
  store: Store;
  clock: Clock;
  limiter: RateLimiter;
}

const BODY_METHODS = ["POST", "PUT", "PATCH"];

/** Returns the route match for logging (undefined = unknown route). */
export function routeOf(router: Router, method: string, path: string): Match | undefined {
  return router.match(method === "HEAD" ? "GET" : method, path);
}

/** Runs one API request to a reply; every failure is an ApiError (unexpected ones propagate). */
export async function runApiRequest(deps: PipelineDeps, req: ApiRequest, match: Match | undefined): Promise<Reply> {
  const { store } = deps;
  // Django resolves the URL before DRF runs, so an unknown route is a 404 without auth.
  // UNCONFIRMED: real PostHog may render its HTML 404 page here; the envelope is friendlier to clients.
  if (!match) throw notFound();
  const method = req.method === "HEAD" ? "GET" : req.method;
  const body = () => {
    if (!req.body.ok) throw req.body.error;
    return req.body.value;
  };
  const { user, apiKey } = authenticate(store, req.headers, body, req.url.searchParams);

  if (method === "OPTIONS")
    return { status: 200, body: { name: "PostHog API", renders: ["application/json"], parses: ["application/json"] } };

  const { route, params } = match;
  const op = match.op;
  const action = op?.action ?? route.refused?.[method];
  const ctx: Ctx = {
    method,
    path: req.url.pathname,
    params,
    query: req.url.searchParams,
    body: {},
    store,
    clock: deps.clock,
    user,
    apiKey,
    url: req.url,
  };

  // APIScopePermission, including the key's organization/project restrictions.
  checkScopes(route, action, method, op?.scopes, apiKey, {
    organizationId: () => {
      if (route.kind === "org") return (ctx.org = resolveOrganization(store, user, params.organization_id)).id;
      // UNCONFIRMED: the organization detail route is assumed to honour scoped_organizations like nested routes.
      if (route.kind === "organization-detail") {
        const raw =
          params.id === "@current" ? (user.current_organization_id ?? undefined) : (parseUuid(params.id) ?? undefined);
        return raw && store.organization(raw) ? raw : undefined;
      }
      if (route.kind === "project")
        return (ctx.project = resolveProject(store, user, params.project_id)).organization_id;
      return undefined;
    },
    teamId: () =>
      route.kind === "project" ? (ctx.project = resolveProject(store, user, params.project_id)).id : undefined,
  });

  // OrganizationMemberPermissions / TeamMemberAccessPermission.
  if (route.kind === "org") {
    ctx.org ??= resolveOrganization(store, user, params.organization_id);
    ctx.membership = requireMembership(store, user, ctx.org);
  } else if (route.kind === "project") {
    ctx.project ??= resolveProject(store, user, params.project_id);
    ctx.org = store.organization(ctx.project.organization_id)!;
    ctx.membership = requireMembership(store, user, ctx.org);
  }
  // Permissions may read request.data (e.g. is_demo); a malformed body still fails below, after throttling.
  if (BODY_METHODS.includes(method) && req.body.ok) ctx.body = req.body.value;
  for (const permission of op?.permissions ?? []) permission(ctx);

  // Throttles run after permissions (DRF initial()), and only for personal-API-key requests.
  if (store.settings.rate_limit_enabled) {
    const wait = deps.limiter.check(apiKey.secure_value, deps.clock.now(), store.settings);
    if (wait !== null) throw throttled(wait);
  }

  if (!op) throw methodNotAllowed(req.method);
  if (BODY_METHODS.includes(method)) ctx.body = body();
  return op.handler(ctx);
}

/** Converts anything thrown by the pipeline into a reply (non-API errors become 500). */
export function errorReply(e: unknown): Reply {
  if (e instanceof ApiError) return { status: e.status, body: e.body, headers: e.headers };
  console.error("emulator: unhandled error", e);
  return { status: 500, body: { type: "server_error", code: "error", detail: "A server error occurred.", attr: null } };
}
