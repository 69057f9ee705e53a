// /api/organizations/{organization_id}/roles/ (docs/posthog-api/FACTS.md §8): admin-written, names unique per
// organization case-insensitively, delete cascades role memberships and clears the default role.
import { randomUUID } from "node:crypto";
import { notFound, validationError } from "../http/errors";
import type { Role } from "../model/model";
import { paginate } from "../policy/pagination";
import { adminWrite } from "../policy/permissions";
import { adminDetailOps } from "./detail";
import type { Ctx, RouteDef } from "../http/router";
import { roleMembershipRepr } from "./role-memberships";
import { userBasic } from "../model/serializers";
import { parseUuid, validateBody } from "../policy/validation";

/** RoleSerializer. */
export function roleRepr(ctx: Ctx, role: Role): Record<string, unknown> {
  const creator = role.created_by_uuid ? ctx.store.user(role.created_by_uuid) : undefined;
  const org = ctx.store.organization(role.organization_id);
  return {
    id: role.id,
    name: role.name,
    created_at: role.created_at,
    created_by: creator ? userBasic(creator) : null,
    members: ctx.store.state.roleMemberships
      .filter((rm) => rm.role_id === role.id)
      .map((rm) => roleMembershipRepr(ctx, rm)),
    is_default: org?.default_role_id === role.id,
  };
}

/** The role `{id}` of the URL organization, 404 otherwise. */
export function findRole(ctx: Ctx, raw: string): Role | undefined {
  const id = parseUuid(raw);
  return id ? ctx.store.state.roles.find((r) => r.id === id && r.organization_id === ctx.org!.id) : undefined;
}

function lookup(ctx: Ctx): Role {
  const role = findRole(ctx, ctx.params.id);
  if (!role) throw notFound();
  return role;
}

function validateRole(ctx: Ctx, role: Role | undefined, partial: boolean): { name?: string } {
  const data = validateBody(ctx.body, { name: { type: "string", max: 200, required: true } }, { partial }) as {
    name?: string;
  };
  if (data.name) {
    const clash = ctx.store.state.roles.some(
      (r) =>
        r.organization_id === ctx.org!.id && r.id !== role?.id && r.name.toLowerCase() === data.name!.toLowerCase(),
    );
    if (clash) throw validationError("There is already a role with this name.", "name", "unique");
  }
  return data;
}

function update(ctx: Ctx, partial: boolean) {
  const role = lookup(ctx);
  Object.assign(role, validateRole(ctx, role, partial));
  return { status: 200, body: roleRepr(ctx, role) };
}

/** Routes of the roles area. */
export const roleRoutes: RouteDef[] = [
  {
    template: "/api/organizations/{organization_id}/roles/",
    kind: "org",
    scopeObject: "organization",
    ops: [
      {
        method: "GET",
        action: "list",
        permissions: [adminWrite],
        handler: (ctx) => {
          const roles = ctx.store.state.roles.filter((r) => r.organization_id === ctx.org!.id);
          return {
            status: 200,
            body: paginate(
              ctx.url,
              roles.map((r) => roleRepr(ctx, r)),
            ),
          };
        },
      },
      {
        method: "POST",
        action: "create",
        permissions: [adminWrite],
        handler: (ctx) => {
          const data = validateRole(ctx, undefined, false);
          // UNCONFIRMED (docs/posthog-api/FACTS.md §8): the serializer's create does not set created_by, so it stays null.
          const role: Role = {
            id: randomUUID(),
            organization_id: ctx.org!.id,
            name: data.name!,
            created_at: ctx.store.now(),
            created_by_uuid: null,
          };
          ctx.store.state.roles.push(role);
          return { status: 201, body: roleRepr(ctx, role) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{organization_id}/roles/{id}/",
    kind: "org",
    scopeObject: "organization",
    ops: adminDetailOps({
      retrieve: (ctx) => ({ status: 200, body: roleRepr(ctx, lookup(ctx)) }),
      update,
      destroy: (ctx) => {
        const role = lookup(ctx);
        const s = ctx.store.state;
        s.roles = s.roles.filter((r) => r.id !== role.id);
        s.roleMemberships = s.roleMemberships.filter((rm) => rm.role_id !== role.id);
        // Organization.default_role is a SET_NULL foreign key.
        for (const o of s.organizations) if (o.default_role_id === role.id) o.default_role_id = null;
        return { status: 204 };
      },
    }),
  },
];
