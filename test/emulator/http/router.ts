// A small router in the shape of DRF's: each route template is a viewset URL with the methods it
// maps to actions. Matching ignores a trailing slash (PostHog's `trailing_slash = r"/?"`).
import type { Clock } from "../model/clock";
import type { ApiKey, Membership, Organization, Project, User } from "../model/model";
import type { Store } from "../model/store";

/** Reply represents a successful response: status, JSON body (omitted for 204) and headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Ctx represents one authenticated API request as handlers see it. */
export interface Ctx {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed body ({} when there is none, as DRF's request.data). */
  body: unknown;
  store: Store;
  clock: Clock;
  user: User;
  apiKey: ApiKey;
  /** The absolute URL of this request, built from the Host header (DRF build_absolute_uri). */
  url: URL;
  /** Set for routes nested under an organization. */
  org?: Organization;
  membership?: Membership;
  /** Set for routes nested under a project. */
  project?: Project;
}

/** A request handler. */
export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

/** A permission check that throws an ApiError; runs before throttling, as DRF's check_permissions. */
export type Permission = (ctx: Ctx) => void;

/** Operation represents one (method, DRF action) pair of a route. */
export interface Operation {
  method: string;
  /** The DRF action name, from which the required scope is derived. */
  action: string;
  /** Explicit `required_scopes`; "none" = no derivable scope (scoped keys refused). */
  scopes?: string[] | "none";
  /** The viewset's own permission classes, after the base ones. */
  permissions?: Permission[];
  handler: Handler;
}

/** How the route finds its parent object and which base permissions apply. */
export type RouteKind = "organizations" | "organization-detail" | "org" | "project" | "user";

/** RouteDef represents one URL template and the operations it serves. */
export interface RouteDef {
  template: string;
  kind: RouteKind;
  /** The viewset's `scope_object`. */
  scopeObject: string;
  ops: Operation[];
  /**
   * Methods the router maps to an action that the viewset then refuses with 405
   * (`http_method_names`); scope checks still see the action.
   */
  refused?: Record<string, string>;
}

/** Match represents a routed request: the route, its path parameters and the operation if any. */
export interface Match {
  route: RouteDef;
  params: Record<string, string>;
  op: Operation | undefined;
}

interface Compiled {
  route: RouteDef;
  re: RegExp;
  names: string[];
}

/** Router matches paths against route templates (static segments before parameters). */
export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: RouteDef[]) {
    const specificity = (t: string) => (t.match(/\{/g) ?? []).length;
    this.compiled = [...routes]
      .sort((a, b) => specificity(a.template) - specificity(b.template) || b.template.length - a.template.length)
      .map((route) => {
        const names: string[] = [];
        const body = route.template
          .replace(/\/$/, "")
          .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
          .replace(/\{(\w+)\}/g, (_m, name: string) => {
            names.push(name);
            // DRF's default lookup_value_regex: no slash, no dot.
            return "([^/.]+)";
          });
        return { route, re: new RegExp(`^${body}/?$`), names };
      });
  }

  /** Finds the route for a path; undefined means the unknown-route 404. */
  match(method: string, path: string): Match | undefined {
    for (const c of this.compiled) {
      const m = c.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1])));
      return { route: c.route, params, op: c.route.ops.find((o) => o.method === method) };
    }
    return undefined;
  }

  /** All route templates with their methods (for the coverage table). */
  operations(): { method: string; template: string }[] {
    return this.compiled.flatMap((c) => c.route.ops.map((o) => ({ method: o.method, template: c.route.template })));
  }
}

const WRITE_ACTIONS = ["create", "update", "partial_update", "patch", "destroy"];
const READ_ACTIONS = ["list", "retrieve"];

/** The scopes an action requires (APIScopePermission._get_required_scopes); null = none derivable. */
export function requiredScopes(
  route: RouteDef,
  action: string | undefined,
  method: string,
  explicit?: string[] | "none",
): string[] | null {
  if (explicit === "none") return null;
  if (explicit) return explicit;
  if (action && WRITE_ACTIONS.includes(action)) return [`${route.scopeObject}:write`];
  if ((action && READ_ACTIONS.includes(action)) || method === "OPTIONS") return [`${route.scopeObject}:read`];
  return null;
}
