// /api/organizations/{organization_id}/projects/ (docs/posthog-api/FACTS.md §9): quota on create *and PUT*, default
// names, current-project switch, asynchronous delete, token reset and rotation, product intents,
// activity, moving a project to another organization.
import { randomBytes, randomUUID } from "node:crypto";
import { notFound, permissionDenied, rawError, serverError, validationError } from "../http/errors";
import { Level, type Project } from "../model/model";
import { paginate } from "../policy/pagination";
import type { Ctx, Permission, RouteDef } from "../http/router";
import { randomToken } from "../model/store";
import { parseUuid, validateBody } from "../policy/validation";
import { projectBasicRepr } from "../model/serializers";
import { applyProjectData, projectRepr, validateProject } from "./project-fields";

// UNCONFIRMED (docs/posthog-api/FACTS.md §9): the product list behind complete_product_onboarding.
const PRODUCTS = [
  "product_analytics",
  "web_analytics",
  "session_replay",
  "feature_flags",
  "experiments",
  "surveys",
  "data_warehouse",
  "error_tracking",
  "llm_analytics",
];

/** The project `{id}` (integer or `@current`) of the URL organization. */
function lookup(ctx: Ctx): Project {
  const raw = ctx.params.id;
  let project: Project | undefined;
  if (raw === "@current")
    project = ctx.user.current_team_id !== null ? ctx.store.project(ctx.user.current_team_id) : undefined;
  else if (/^[+-]?\d+$/.test(raw)) project = ctx.store.project(Number(raw));
  // int() of the lookup value raises ValueError, which PostHog reports as a plain validation error.
  else throw validationError(`invalid literal for int() with base 10: '${raw}'`);
  if (!project || project.organization_id !== ctx.org!.id) throw notFound();
  return project;
}

/**
 * PremiumMultiProjectPermission, applied to create and (a quirk) PUT: non-demo projects are
 * limited to 1 without `organizations_projects`, else to the feature limit; unlimited plans are
 * capped at 1500 on create.
 */
const projectQuota: Permission = (ctx) => {
  if (ctx.method !== "POST" && ctx.method !== "PUT") return;
  if (ctx.method === "POST" && isDemoRequest(ctx)) return;
  const org = ctx.org!;
  const count = ctx.store.state.projects.filter((p) => p.organization_id === org.id && !p.is_demo).length;
  const feature = org.available_product_features.find((f) => f.key === "organizations_projects");
  const limit = ctx.store.hasFeature(org, "organizations_projects")
    ? (feature?.limit ?? ctx.store.settings.project_quota)
    : 1;
  if (limit === null) {
    if (ctx.method === "POST" && count >= 1500) {
      throw permissionDenied(
        "You have reached the maximum limit of 1500 projects per organization. Contact support if you'd like access to more projects.",
      );
    }
    return;
  }
  if (count >= limit) {
    throw permissionDenied(
      "You have reached the maximum limit of allowed projects for your current plan. Upgrade your plan to be able to create and manage more projects.",
    );
  }
};

function isDemoRequest(ctx: Ctx): boolean {
  const body = ctx.body as Record<string, unknown> | null;
  return Boolean(body && typeof body === "object" && body.is_demo === true);
}

/** UserCanCreateProjectPermission (non-demo creates): admins, or members when the org allows it. */
const userCanCreate: Permission = (ctx) => {
  if (ctx.method !== "POST" || isDemoRequest(ctx)) return;
  if (ctx.membership!.level >= Level.ADMIN || ctx.org!.members_can_create_projects) return;
  // UNCONFIRMED (docs/posthog-api/FACTS.md §9): the server text; this is the frontend's wording.
  throw permissionDenied("You need to be an organization admin or above to create new projects.");
};

/** Project-level admin (TeamMemberStrictManagementPermission); org admins are project admins. */
function requireProjectAdmin(ctx: Ctx): void {
  // UNCONFIRMED: the permission's message; DRF's default is used.
  if (ctx.membership!.level < Level.ADMIN) throw permissionDenied();
}

/** Records an activity-log entry for a project. */
function logActivity(ctx: Ctx, p: Project, activity: string, changes: unknown[] = []): void {
  ctx.store.state.activity.push({
    id: randomUUID(),
    scope: "Project",
    item_id: String(p.id),
    activity,
    user_uuid: ctx.user.uuid,
    created_at: ctx.store.now(),
    detail: { name: p.name, changes, trigger: null, type: null, short_id: null },
  });
}

function defaultName(ctx: Ctx): string {
  const names = new Set(ctx.store.state.projects.filter((p) => p.organization_id === ctx.org!.id).map((p) => p.name));
  if (!names.has("Default project")) return "Default project";
  let n = 2;
  while (names.has(`Default project ${n}`)) n++;
  return `Default project ${n}`;
}

function update(ctx: Ctx, partial: boolean) {
  const p = lookup(ctx);
  const data = validateProject(ctx.body, partial);
  if (data.name === "") throw validationError("This field may not be blank.", "name", "blank");
  const changes = Object.keys(data).map((field) => ({ type: "Project", action: "changed", field }));
  applyProjectData(p, data, ctx.store.now());
  logActivity(ctx, p, "updated", changes);
  return { status: 200, body: projectRepr(ctx, p) };
}

const detail = (suffix: string) => `/api/organizations/{organization_id}/projects/{id}/${suffix}`;

/** A project-admin action (TeamMemberStrictManagementPermission) that answers the full project. */
function adminAction(method: string, action: string, change: (ctx: Ctx, p: Project) => void): RouteDef {
  return {
    template: detail(`${action}/`),
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method,
        action,
        scopes: "none",
        handler: (ctx) => {
          const p = lookup(ctx);
          requireProjectAdmin(ctx);
          change(ctx, p);
          return { status: 200, body: projectRepr(ctx, p) };
        },
      },
    ],
  };
}

/** `phs_` + 35 random bytes in base62, as generate_random_token_secret. */
const secretToken = () => "phs_" + randomToken(47);

/**
 * The target organization id as `Organization.objects.get(pk=…)` reads it: null = no such
 * organization (a DoesNotExist the view reports as 400); a value UUIDField cannot convert raises
 * Django's ValidationError, which nothing catches (500).
 */
function targetOrganizationId(ctx: Ctx): string | null {
  const body = ctx.body;
  // `request.data.get(...)` on a body that is not a JSON object is an AttributeError: a 500.
  if (!body || typeof body !== "object" || Array.isArray(body)) throw serverError();
  const raw = (body as Record<string, unknown>).organization_id;
  if (raw === undefined || raw === null) return null;
  // UUIDField takes integers (and bools) as UUID(int=…): a valid id that names no organization.
  if (typeof raw === "boolean" || (typeof raw === "number" && Number.isInteger(raw) && raw >= 0)) return null;
  const id = parseUuid(raw);
  if (!id) throw serverError();
  return id;
}

/** Routes of the projects area. */
export const projectRoutes: RouteDef[] = [
  {
    template: "/api/organizations/{organization_id}/projects/",
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method: "GET",
        action: "list",
        handler: (ctx) => {
          const search = ctx.query.get("search")?.toLowerCase();
          const list = ctx.store.state.projects.filter(
            (p) => p.organization_id === ctx.org!.id && (!search || p.name.toLowerCase().includes(search)),
          );
          return { status: 200, body: paginate(ctx.url, list.map(projectBasicRepr)) };
        },
      },
      {
        method: "POST",
        action: "create",
        permissions: [projectQuota, userCanCreate],
        handler: (ctx) => {
          const data = validateBody(ctx.body, { name: { type: "string", max: 200, blank: true } });
          const rest = validateProject({ ...(ctx.body as object), name: undefined }, true);
          if (
            rest.is_demo === true &&
            ctx.store.state.projects.some((p) => p.organization_id === ctx.org!.id && p.is_demo)
          ) {
            // UNCONFIRMED: only one demo project per organization; the refusal's wording is not in docs/posthog-api/FACTS.md.
            throw permissionDenied();
          }
          const name = (data.name as string | undefined) || defaultName(ctx);
          const project = ctx.store.createProject(ctx.org!, name, {}, rest.is_demo === true);
          // Analytics config sub-objects in the create body are ignored (docs/posthog-api/FACTS.md §9).
          for (const k of ["revenue_analytics_config", "marketing_analytics_config", "customer_analytics_config"])
            delete rest[k];
          applyProjectData(project, rest, project.created_at);
          // Creating a project switches the caller's current project (and so its organization).
          ctx.user.current_team_id = project.id;
          ctx.user.current_organization_id = project.organization_id;
          logActivity(ctx, project, "created");
          return { status: 201, body: projectRepr(ctx, project) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/projects/{id}/",
    kind: "org",
    scopeObject: "project",
    ops: [
      { method: "GET", action: "retrieve", handler: (ctx) => ({ status: 200, body: projectRepr(ctx, lookup(ctx)) }) },
      { method: "PATCH", action: "partial_update", handler: (ctx) => update(ctx, true) },
      { method: "PUT", action: "update", permissions: [projectQuota], handler: (ctx) => update(ctx, false) },
      {
        method: "DELETE",
        action: "destroy",
        handler: (ctx) => {
          const p = lookup(ctx);
          requireProjectAdmin(ctx);
          if (p.is_pending_deletion) throw validationError("This project is already being deleted.");
          if (ctx.store.settings.bulk_deletes_disabled)
            throw validationError(
              "Project deletion is temporarily disabled during database migration. Please try again later.",
            );
          const live = ctx.store.state.projects.filter(
            (x) => x.organization_id === p.organization_id && !x.is_pending_deletion,
          );
          if (ctx.org!.customer_id && live.length === 1) {
            throw validationError(
              "Cannot delete the last project in an organization with an active subscription. Please cancel your subscription first in the billing page.",
            );
          }
          // Asynchronous in newest PostHog: flagged now, removed later by a workflow (never, here).
          p.is_pending_deletion = true;
          p.updated_at = ctx.store.now();
          for (const u of ctx.store.state.users) if (u.current_team_id === p.id) u.current_team_id = null;
          return { status: 204 };
        },
      },
    ],
  },
  {
    template: detail("reset_token/"),
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method: "PATCH",
        action: "reset_token",
        scopes: "none",
        handler: (ctx) => {
          const p = lookup(ctx);
          requireProjectAdmin(ctx);
          p.api_token = "phc_" + randomToken(43);
          p.updated_at = ctx.store.now();
          logActivity(ctx, p, "updated", [{ type: "Project", action: "changed", field: "api_token" }]);
          return { status: 200, body: projectRepr(ctx, p) };
        },
      },
    ],
  },
  {
    template: detail("add_product_intent/"),
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method: "PATCH",
        action: "add_product_intent",
        scopes: ["project:read"],
        handler: (ctx) => {
          const p = lookup(ctx);
          const data = validateBody(ctx.body, {
            product_type: { type: "string", required: true },
            intent_context: { type: "string", blank: true, nullable: true },
            metadata: { type: "dict", nullable: true },
          });
          const type = data.product_type as string;
          if (!p.product_intents.some((i) => i.product_type === type))
            p.product_intents.push({ product_type: type, created_at: ctx.store.now(), onboarding_completed_at: null });
          return { status: 201, body: projectRepr(ctx, p) };
        },
      },
    ],
  },
  {
    template: detail("complete_product_onboarding/"),
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method: "PATCH",
        action: "complete_product_onboarding",
        scopes: ["project:read"],
        handler: (ctx) => {
          const p = lookup(ctx);
          const body = ctx.body as Record<string, unknown> | null;
          const type = body && typeof body === "object" && !Array.isArray(body) ? body.product_type : undefined;
          if (!type) throw rawError(400, { error: "product_type is required" });
          if (typeof type !== "string" || !PRODUCTS.includes(type)) {
            throw rawError(400, {
              error: `invalid product_type, expected one of [${PRODUCTS.map((x) => `'${x}'`).join(", ")}]`,
            });
          }
          p.has_completed_onboarding_for = { ...(p.has_completed_onboarding_for ?? {}), [type]: true };
          const now = ctx.store.now();
          const intent = p.product_intents.find((i) => i.product_type === type);
          if (intent) intent.onboarding_completed_at ??= now;
          else p.product_intents.push({ product_type: type, created_at: now, onboarding_completed_at: now });
          return { status: 200, body: projectRepr(ctx, p) };
        },
      },
    ],
  },
  {
    template: detail("is_generating_demo_data/"),
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method: "GET",
        action: "is_generating_demo_data",
        scopes: "none",
        handler: (ctx) => (lookup(ctx), { status: 200, body: { is_generating_demo_data: false } }),
      },
    ],
  },
  {
    template: detail("activity/"),
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method: "GET",
        action: "activity",
        scopes: "none",
        handler: (ctx) => {
          const p = lookup(ctx);
          // UNCONFIRMED (docs/posthog-api/FACTS.md §9): activity_page_response's shape, page-number based.
          const limit = Math.max(1, Number(ctx.query.get("limit")) || 10);
          const page = Math.max(1, Number(ctx.query.get("page")) || 1);
          const all = ctx.store.state.activity
            .filter((a) => a.scope === "Project" && a.item_id === String(p.id))
            .reverse();
          const link = (n: number) => {
            const u = new URL(ctx.url.toString());
            u.searchParams.set("page", String(n));
            u.searchParams.set("limit", String(limit));
            return u.toString();
          };
          const results = all.slice((page - 1) * limit, page * limit).map((a) => {
            const u = a.user_uuid ? ctx.store.user(a.user_uuid) : undefined;
            return {
              user: u ? { first_name: u.first_name, email: u.email } : null,
              activity: a.activity,
              scope: a.scope,
              item_id: a.item_id,
              detail: a.detail,
              created_at: a.created_at,
            };
          });
          return {
            status: 200,
            body: {
              results,
              next: page * limit < all.length ? link(page + 1) : null,
              previous: page > 1 ? link(page - 1) : null,
              total_count: all.length,
            },
          };
        },
      },
    ],
  },
  adminAction("PATCH", "rotate_secret_token", (ctx, p) => {
    // UNCONFIRMED: minting a first secret token is refused when the `project-secret-api-keys` flag is
    // on for the organization (validate_secret_token_generation); the emulator models the flag off.
    p.secret_api_token_backup = p.secret_api_token ?? null;
    p.secret_api_token = secretToken();
    p.updated_at = ctx.store.now();
    const action = p.secret_api_token_backup === null ? "created" : "changed";
    logActivity(ctx, p, "updated", [{ type: "Team", action, field: "secret_api_token" }]);
  }),
  adminAction("PATCH", "delete_secret_token_backup", (ctx, p) => {
    // Nothing to delete is not an error: the project is answered unchanged.
    if (!p.secret_api_token_backup) return;
    p.secret_api_token_backup = null;
    p.updated_at = ctx.store.now();
    logActivity(ctx, p, "updated", [{ type: "Team", action: "deleted", field: "secret_api_token_backup" }]);
  }),
  adminAction("POST", "generate_conversations_public_token", (ctx, p) => {
    // UNCONFIRMED: a fresh `secrets.token_urlsafe(32)` in conversations_settings.widget_public_token,
    // the other settings kept (PostHog's test reads the token back from there).
    const current = p.settings.conversations_settings;
    const settings = current && typeof current === "object" && !Array.isArray(current) ? current : {};
    p.settings.conversations_settings = { ...settings, widget_public_token: randomBytes(32).toString("base64url") };
    p.updated_at = ctx.store.now();
  }),
  {
    template: detail("change_organization/"),
    kind: "org",
    scopeObject: "project",
    ops: [
      {
        method: "POST",
        action: "change_organization",
        scopes: "none",
        handler: (ctx) => {
          const p = lookup(ctx);
          const targetId = targetOrganizationId(ctx);
          const target = targetId ? ctx.store.organization(targetId) : undefined;
          const targetMembership = target ? ctx.store.membership(target.id, ctx.user.uuid) : undefined;
          if (!target || !targetMembership)
            throw validationError(
              "You must be an admin or owner of both the source and target organizations to move a project.",
            );
          if (ctx.membership!.level < Level.ADMIN || targetMembership.level < Level.ADMIN)
            throw validationError(
              "You must be an admin of both the source and target organizations to move a project.",
            );
          // PostHog compares the model's UUID with the body's string, which never holds in Python, so
          // "Project is already in the target organization." is unreachable: a same-org move succeeds.
          const before = p.organization_id;
          p.organization_id = target.id;
          p.updated_at = ctx.store.now();
          ctx.store.state.activity.push({
            id: randomUUID(),
            scope: "Project",
            item_id: String(p.id),
            activity: "updated",
            user_uuid: ctx.user.uuid,
            created_at: ctx.store.now(),
            detail: {
              name: "moved to another organization",
              changes: [{ type: "Project", action: "changed", field: "organization_id", before, after: target.id }],
              trigger: null,
              type: null,
              short_id: null,
            },
          });
          return { status: 200, body: projectRepr(ctx, p) };
        },
      },
    ],
  },
];
