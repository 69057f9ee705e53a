// /api/organizations/ and /api/organizations/{id}/ (docs/posthog-api/FACTS.md §3).
import { notFound, permissionDenied, validationError } from "../http/errors";
import { Level, type Organization } from "../model/model";
import { paginate } from "../policy/pagination";
import { checkOrganizationActive } from "../policy/permissions";
import type { Ctx, RouteDef } from "../http/router";
import { organizationRepr } from "../model/serializers";
import { type Fields, parseUuid, validateBody } from "../policy/validation";

const FIELDS: Fields = {
  name: { type: "string", max: 64, required: true },
  logo_media_id: { type: "uuid", nullable: true },
  is_member_join_email_enabled: { type: "boolean" },
  enforce_2fa: { type: "boolean", nullable: true },
  members_can_invite: { type: "boolean", nullable: true },
  members_can_use_personal_api_keys: { type: "boolean" },
  allow_publicly_shared_resources: { type: "boolean" },
  is_ai_data_processing_approved: { type: "boolean", nullable: true },
  default_experiment_stats_method: {
    type: "choice",
    choices: ["bayesian", "frequentist"],
    blank: true,
    nullable: true,
  },
  default_anonymize_ips: { type: "boolean" },
  default_role_id: { type: "uuid", nullable: true },
  // UNCONFIRMED (docs/posthog-api/FACTS.md §3): which of the 2026 columns are writable; the newest PATCH body carries these four.
  enforce_verified_domains: { type: "boolean", nullable: true },
  members_can_create_projects: { type: "boolean" },
  members_can_see_org_members: { type: "boolean" },
  is_ai_training_opted_in: { type: "boolean" },
};

/** Validates the writable fields and the references they carry. */
function validateOrganization(ctx: Ctx, org: Organization | undefined, partial: boolean): Partial<Organization> {
  const data = validateBody(ctx.body, FIELDS, { partial });
  // The emulator has no media uploads, so any logo reference is an unknown primary key.
  // UNCONFIRMED: the field's exact serializer class; a related-field lookup is assumed.
  if (data.logo_media_id)
    throw validationError(
      `Invalid pk "${String(data.logo_media_id)}" - object does not exist.`,
      "logo_media_id",
      "does_not_exist",
    );
  if (data.default_role_id) {
    const role =
      org && ctx.store.state.roles.find((r) => r.id === data.default_role_id && r.organization_id === org.id);
    // UNCONFIRMED: wording of an unknown default role (docs/posthog-api/FACTS.md §3 only says the field became writable).
    if (!role) throw validationError("Role does not exist.", "default_role_id");
  }
  return data as Partial<Organization>;
}

/** The organization for a detail URL, from the caller's own organizations only (non-member → 404). */
function lookup(ctx: Ctx): Organization {
  const raw = ctx.params.id;
  if (raw === "@current") {
    const current = ctx.user.current_organization_id
      ? ctx.store.organization(ctx.user.current_organization_id)
      : undefined;
    if (!current || !ctx.store.membership(current.id, ctx.user.uuid)) throw notFound("Current organization not found.");
    return current;
  }
  // DRF's get_object_or_404 turns a malformed UUID into a plain 404.
  const id = parseUuid(raw);
  const org = id ? ctx.store.organization(id) : undefined;
  if (!org || !ctx.store.membership(org.id, ctx.user.uuid)) throw notFound();
  return org;
}

/** OrganizationPermissionsWithDelete: writes need admin, DELETE needs owner. */
function checkObject(ctx: Ctx, org: Organization): void {
  checkOrganizationActive(org);
  const level = ctx.store.membership(org.id, ctx.user.uuid)?.level ?? 0;
  const needed = ctx.method === "DELETE" ? Level.OWNER : ctx.method === "GET" ? 0 : Level.ADMIN;
  if (level < needed) throw permissionDenied("Your organization access level is insufficient.");
}

function update(ctx: Ctx, partial: boolean) {
  const org = lookup(ctx);
  checkObject(ctx, org);
  Object.assign(org, validateOrganization(ctx, org, partial), { updated_at: ctx.store.now() });
  return { status: 200, body: organizationRepr(ctx.store, org, ctx.user) };
}

/** Routes of the organizations area. */
export const organizationRoutes: RouteDef[] = [
  {
    template: "/api/organizations/",
    kind: "organizations",
    scopeObject: "organization",
    ops: [
      {
        method: "GET",
        action: "list",
        handler: (ctx) => {
          const scoped = ctx.apiKey.scoped_organizations;
          const orgs = ctx.store.state.organizations.filter(
            (o) => ctx.store.membership(o.id, ctx.user.uuid) && (scoped.length === 0 || scoped.includes(o.id)),
          );
          return {
            status: 200,
            body: paginate(
              ctx.url,
              orgs.map((o) => organizationRepr(ctx.store, o, ctx.user)),
            ),
          };
        },
      },
      {
        method: "POST",
        action: "create",
        handler: (ctx) => {
          const data = validateOrganization(ctx, undefined, false);
          // Cloud: any authenticated user may create; bootstrap makes them owner and switches
          // their current organization and project to the new ones (docs/posthog-api/FACTS.md §1.11).
          const { org } = ctx.store.bootstrapOrganization(String(data.name), ctx.user, data);
          return { status: 201, body: organizationRepr(ctx.store, org, ctx.user) };
        },
      },
    ],
  },
  {
    template: "/api/organizations/{id}/",
    kind: "organization-detail",
    scopeObject: "organization",
    ops: [
      {
        method: "GET",
        action: "retrieve",
        handler: (ctx) => {
          const org = lookup(ctx);
          checkObject(ctx, org);
          return { status: 200, body: organizationRepr(ctx.store, org, ctx.user) };
        },
      },
      { method: "PATCH", action: "partial_update", handler: (ctx) => update(ctx, true) },
      { method: "PUT", action: "update", handler: (ctx) => update(ctx, false) },
      {
        method: "DELETE",
        action: "destroy",
        handler: (ctx) => {
          const org = lookup(ctx);
          checkObject(ctx, org);
          if (ctx.store.settings.bulk_deletes_disabled) {
            throw validationError(
              "Organization deletion is temporarily disabled during database migration. Please try again later.",
            );
          }
          ctx.store.deleteOrganization(org);
          return { status: 204 };
        },
      },
    ],
  },
];
