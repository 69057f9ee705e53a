// Organization/project resolution and PostHog's generic permission classes (docs/posthog-api/FACTS.md §2.1, §2.5).
import { notFound, permissionDenied, serverError } from "../http/errors";
import { Level, type Membership, type Organization, type Project, type User } from "../model/model";
import type { Ctx, Permission } from "../http/router";
import type { Store } from "../model/store";
import { parseUuid } from "./validation";

/** HTTP methods DRF treats as read-only. */
export const SAFE_METHODS = ["GET", "HEAD", "OPTIONS"];

/**
 * Resolves `{organization_id}` of a nested route: `@current` or a UUID. Unknown → 404
 * `Organization not found.`
 */
export function resolveOrganization(store: Store, user: User, raw: string): Organization {
  if (raw === "@current") {
    const org = user.current_organization_id ? store.organization(user.current_organization_id) : undefined;
    if (!org) throw notFound("Organization not found.");
    return org;
  }
  const id = parseUuid(raw);
  // UNCONFIRMED: a non-UUID id reaches Organization.objects.get() and Django's UUID validation
  // error is not an API exception, so exceptions_hog renders a 500 (docs/posthog-api/FACTS.md §2.1).
  if (!id) throw serverError();
  const org = store.organization(id);
  if (!org) throw notFound("Organization not found.");
  return org;
}

/**
 * Organization states newest PostHog refuses for every request (docs/posthog-api/FACTS.md §2.2).
 * UNCONFIRMED: the exact module and the way the deactivation reason is appended.
 */
export function checkOrganizationActive(org: Organization): void {
  if (org.is_pending_deletion) throw permissionDenied("Your organization is being deleted.");
  if (org.is_active === false) {
    throw permissionDenied(
      `Your organization has been deactivated.${org.is_not_active_reason ? ` ${org.is_not_active_reason}` : ""}`,
    );
  }
}

/**
 * OrganizationMemberPermissions: the caller must belong to the organization (403 otherwise),
 * plus the organization's `members_can_use_personal_api_keys` rule for non-admins.
 */
export function requireMembership(store: Store, user: User, org: Organization): Membership {
  const membership = store.membership(org.id, user.uuid);
  // UNCONFIRMED: OrganizationMemberPermissions' own message; DRF's default is used.
  if (!membership) throw permissionDenied();
  checkOrganizationActive(org);
  if (
    !org.members_can_use_personal_api_keys &&
    membership.level < Level.ADMIN &&
    store.hasFeature(org, "organization_security_settings")
  ) {
    throw permissionDenied(
      `Organization '${org.name}' does not allow using personal API keys. Contact an admin to enable personal API keys for this organization.`,
    );
  }
  return membership;
}

/**
 * Resolves `{project_id}` of a project route (integer or `@current`) and checks the caller
 * belongs to the project's organization (TeamMemberAccessPermission).
 */
export function resolveProject(store: Store, user: User, raw: string): Project {
  let project: Project | undefined;
  if (raw === "@current") project = user.current_team_id !== null ? store.project(user.current_team_id) : undefined;
  else if (/^\d+$/.test(raw)) project = store.project(Number(raw));
  // UNCONFIRMED: the project-route not-found wording; PostHog's routing raises NotFound with it.
  if (!project) throw notFound("Project not found.");
  return project;
}

/** OrganizationAdminWritePermissions: reads for any member, writes need admin (8). */
export const adminWrite: Permission = (ctx: Ctx) => {
  if (SAFE_METHODS.includes(ctx.method)) return;
  if (!ctx.membership || ctx.membership.level < Level.ADMIN)
    throw permissionDenied("Your organization access level is insufficient.");
};
