// /api/organizations/{organization_id}/roles/{role_id}/role_memberships/ (docs/posthog-api/FACTS.md §8):
// create/retrieve/delete only; the target must be an active member; (role, user) is unique.
import { randomUUID } from "node:crypto";
import { notFound, validationError } from "../http/errors";
import type { RoleMembership } from "../model/model";
import { paginate } from "../policy/pagination";
import { adminWrite } from "../policy/permissions";
import { adminDetailOps } from "./detail";
import type { Ctx, RouteDef } from "../http/router";
import { activeMemberships, memberRepr, userBasic } from "../model/serializers";
import { parseUuid, validateBody } from "../policy/validation";
import { findRole } from "./roles";

/** RoleMembershipSerializer. */
export function roleMembershipRepr(ctx: Ctx, rm: RoleMembership): Record<string, unknown> {
  const member = ctx.store.state.memberships.find((m) => m.id === rm.organization_member_id);
  const user = ctx.store.user(rm.user_uuid);
  return {
    id: rm.id,
    role_id: rm.role_id,
    organization_member: member ? memberRepr(ctx.store, member) : null,
    user: user ? userBasic(user) : null,
    joined_at: rm.joined_at,
    updated_at: rm.updated_at,
  };
}

function inRole(ctx: Ctx): RoleMembership[] {
  const roleId = parseUuid(ctx.params.role_id);
  const role = roleId
    ? ctx.store.state.roles.find((r) => r.id === roleId && r.organization_id === ctx.org!.id)
    : undefined;
  // The queryset filters by the URL's role (and its organization), so a foreign role lists nothing.
  return role ? ctx.store.state.roleMemberships.filter((rm) => rm.role_id === role.id) : [];
}

function lookup(ctx: Ctx): RoleMembership {
  const id = parseUuid(ctx.params.id);
  const rm = id ? inRole(ctx).find((x) => x.id === id) : undefined;
  if (!rm) throw notFound();
  return rm;
}

/** Routes of the role-memberships area. */
export const roleMembershipRoutes: RouteDef[] = [
  {
    template: "/api/organizations/{organization_id}/roles/{role_id}/role_memberships/",
    kind: "org",
    scopeObject: "organization",
    ops: [
      {
        method: "GET",
        action: "list",
        permissions: [adminWrite],
        handler: (ctx) => ({
          status: 200,
          body: paginate(
            ctx.url,
            inRole(ctx).map((rm) => roleMembershipRepr(ctx, rm)),
          ),
        }),
      },
      {
        method: "POST",
        action: "create",
        permissions: [adminWrite],
        handler: (ctx) => {
          const data = validateBody(ctx.body, { user_uuid: { type: "uuid", required: true } });
          const role = findRole(ctx, ctx.params.role_id);
          if (!role) throw validationError("Role does not exist.");
          const member = activeMemberships(ctx.store, ctx.org!.id).find((m) => m.user_uuid === data.user_uuid);
          if (!member) throw validationError("User does not exist.");
          if (
            ctx.store.state.roleMemberships.some((rm) => rm.role_id === role.id && rm.user_uuid === member.user_uuid)
          ) {
            throw validationError("User is already part of the role.");
          }
          const now = ctx.store.now();
          const rm: RoleMembership = {
            id: randomUUID(),
            role_id: role.id,
            user_uuid: member.user_uuid,
            organization_member_id: member.id,
            joined_at: now,
            updated_at: now,
          };
          ctx.store.state.roleMemberships.push(rm);
          return { status: 201, body: roleMembershipRepr(ctx, rm) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/roles/{role_id}/role_memberships/{id}/",
    kind: "org",
    scopeObject: "organization",
    ops: adminDetailOps({
      retrieve: (ctx) => ({ status: 200, body: roleMembershipRepr(ctx, lookup(ctx)) }),
      destroy: (ctx) => {
        const rm = lookup(ctx);
        ctx.store.state.roleMemberships = ctx.store.state.roleMemberships.filter((x) => x.id !== rm.id);
        return { status: 204 };
      },
    }),
  },
];
