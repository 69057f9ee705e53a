// /api/organizations/{organization_id}/members/ (docs/posthog-api/FACTS.md §4). Members are only created by invite
// acceptance (control API); there is no retrieve, and writes go through validate_update. Two
// read-only actions: a member's keys that reach this organization, and their GitHub login.
import { notFound, permissionDenied, validationError } from "../http/errors";
import { Level, type Membership } from "../model/model";
import { paginate } from "../policy/pagination";
import { SAFE_METHODS } from "../policy/permissions";
import type { Ctx, RouteDef } from "../http/router";
import { activeMemberships, memberRepr } from "../model/serializers";
import { parseDateTime, parseUuid, validateBody } from "../policy/validation";

/**
 * OrganizationMembership.validate_update, run by OrganizationMemberObjectPermissions with the raw
 * `level` from the body (before the serializer validates it).
 */
export function validateUpdate(actor: Membership, target: Membership, newLevel: number | null): void {
  if (newLevel !== null) {
    if (target.id === actor.id) throw permissionDenied("You can't change your own access level.");
    if (newLevel === Level.OWNER) {
      if (actor.level !== Level.OWNER)
        throw permissionDenied("You can only make another member owner if you're this organization's owner.");
    } else if (newLevel > actor.level) {
      throw permissionDenied("You can only change access level of others to lower or equal to your current one.");
    }
  }
  if (target.id !== actor.id) {
    if (target.organization_id !== actor.organization_id)
      throw permissionDenied("You both need to belong to the same organization.");
    if (actor.level < Level.ADMIN) throw permissionDenied("You can only edit others if you are an admin.");
    if (target.level > actor.level)
      throw permissionDenied("You can only edit others with level lower or equal to you.");
  }
}

/** The membership addressed by `{user__uuid}` (`@me` = caller); 404 when absent. */
function lookup(ctx: Ctx): Membership {
  const raw = ctx.params.user__uuid;
  const uuid = raw === "@me" ? ctx.user.uuid : parseUuid(raw);
  const m = uuid ? activeMemberships(ctx.store, ctx.org!.id).find((x) => x.user_uuid === uuid) : undefined;
  if (!m) throw notFound();
  return m;
}

/** The raw `level` as validate_update sees it (numbers and numeric strings compare as numbers). */
function rawLevel(body: unknown): number | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) return null;
  const v = (body as Record<string, unknown>).level;
  if (v === null || v === undefined) return null;
  const n = typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isNaN(n) ? null : n;
}

function update(ctx: Ctx, partial: boolean) {
  const target = lookup(ctx);
  if (!SAFE_METHODS.includes(ctx.method)) validateUpdate(ctx.membership!, target, rawLevel(ctx.body));
  const data = validateBody(ctx.body, { level: { type: "choice", choices: [1, 8, 15] } }, { partial });
  if (data.level !== undefined) {
    target.level = data.level as 1 | 8 | 15;
    target.updated_at = ctx.store.now();
  }
  return { status: 200, body: memberRepr(ctx.store, target) };
}

/** Routes of the members area. */
export const memberRoutes: RouteDef[] = [
  {
    template: "/api/organizations/{organization_id}/members/",
    kind: "org",
    scopeObject: "organization_member",
    ops: [
      {
        method: "GET",
        action: "list",
        handler: (ctx) => {
          const q = ctx.query;
          const search = q.get("search");
          if (search !== null && search.length > 200)
            throw validationError("Ensure this field has no more than 200 characters.", "search", "max_length");
          let list = activeMemberships(ctx.store, ctx.org!.id);
          const email = q.get("email");
          if (email !== null) list = list.filter((m) => ctx.store.user(m.user_uuid)?.email === email);
          const after = q.get("updated_after") ? parseDateTime(q.get("updated_after")!) : null;
          if (after) list = list.filter((m) => Date.parse(m.updated_at) > after.getTime());
          if (search) {
            const s = search.toLowerCase();
            list = list.filter((m) => {
              const u = ctx.store.user(m.user_uuid)!;
              return [u.first_name, u.last_name, u.email].some((f) => f.toLowerCase().includes(s));
            });
          }
          const ascending = q.get("order") === "joined_at";
          list = [...list].sort((a, b) => (ascending ? 1 : -1) * (Date.parse(a.joined_at) - Date.parse(b.joined_at)));
          return {
            status: 200,
            body: paginate(
              ctx.url,
              list.map((m) => memberRepr(ctx.store, m)),
            ),
          };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/members/{user__uuid}/",
    kind: "org",
    scopeObject: "organization_member",
    ops: [
      { method: "PATCH", action: "partial_update", handler: (ctx) => update(ctx, true) },
      { method: "PUT", action: "update", handler: (ctx) => update(ctx, false) },
      {
        method: "DELETE",
        action: "destroy",
        handler: (ctx) => {
          const target = lookup(ctx);
          validateUpdate(ctx.membership!, target, rawLevel(ctx.body));
          // User.leave(): an owner can never be removed; demote first (docs/posthog-api/FACTS.md §1.5).
          if (target.level === Level.OWNER) throw validationError("Cannot leave the organization as its owner!");
          ctx.store.removeMembership(target);
          return { status: 204 };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/members/{user__uuid}/scoped_api_keys/",
    kind: "org",
    scopeObject: "organization_member",
    ops: [
      {
        method: "GET",
        action: "scoped_api_keys",
        scopes: "none",
        handler: (ctx) => {
          const target = lookup(ctx);
          // OrganizationMembership.get_scoped_api_keys: the member's keys scoped to this organization,
          // to one of its projects, or to nothing at all (those reach every organization).
          const teamIds = ctx.store.state.projects.filter((p) => p.organization_id === ctx.org!.id).map((p) => p.id);
          const keys = ctx.store.state.apiKeys.filter(
            (k) =>
              k.user_uuid === target.user_uuid &&
              (k.scoped_organizations.includes(ctx.org!.id) ||
                k.scoped_teams.some((t) => teamIds.includes(t)) ||
                (k.scoped_organizations.length === 0 && k.scoped_teams.length === 0)),
          );
          const weekAgo = ctx.clock.now() - 7 * 24 * 3600_000;
          return {
            status: 200,
            body: {
              has_keys: keys.length > 0,
              has_keys_active_last_week: keys.some(
                (k) => k.last_used_at !== null && Date.parse(k.last_used_at) >= weekAgo,
              ),
              keys: keys.map((k) => ({ name: k.label, last_used_at: k.last_used_at })),
            },
          };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/members/{user__uuid}/github_login/",
    kind: "org",
    scopeObject: "organization_member",
    ops: [
      {
        method: "GET",
        action: "github_login",
        scopes: ["organization_member:read"],
        handler: (ctx) => {
          const target = lookup(ctx);
          return { status: 200, body: { github_login: ctx.store.user(target.user_uuid)?.github_login ?? null } };
        },
      },
    ],
  },
];
