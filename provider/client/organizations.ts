// Organizations — /api/organizations/ (docs/posthog-api/FACTS.md §3; PostHog `posthog/api/organization.py`).
// Names are not unique, so a create with an unknown outcome is reconciled by name and creation time
// among the user's organizations. Creating an organization makes it the key user's current one.
import { z } from "zod";
import { APIResource, type CallOptions } from "./resource";
import type { Query } from "./pagination";
import { path } from "./path";
import { claim, matchesSent, newestUnclaimed, orUndefined } from "./reconcile";
import { collect, Empty, lenient, pickReconcile } from "./schemas";

/** Organization represents a PostHog organization. */
export const Organization = z.object({
  id: z.string(),
  name: z.string(),
  slug: lenient(z.string()),
  logo_media_id: lenient(z.string()),
  created_at: lenient(z.string()),
  updated_at: lenient(z.string()),
  /** The caller's level: 1 member, 8 administrator, 15 owner. */
  membership_level: lenient(z.number()),
  plugins_access_level: lenient(z.number()),
  teams: lenient(z.array(z.record(z.string(), z.unknown()))),
  projects: lenient(z.array(z.record(z.string(), z.unknown()))),
  available_product_features: lenient(z.array(z.unknown())),
  is_member_join_email_enabled: lenient(z.boolean()),
  metadata: lenient(z.unknown()),
  customer_id: lenient(z.string()),
  enforce_2fa: lenient(z.boolean()),
  members_can_invite: lenient(z.boolean()),
  members_can_use_personal_api_keys: lenient(z.boolean()),
  allow_publicly_shared_resources: lenient(z.boolean()),
  member_count: lenient(z.number()),
  is_ai_data_processing_approved: lenient(z.boolean()),
  default_experiment_stats_method: lenient(z.string()),
  default_anonymize_ips: lenient(z.boolean()),
  default_role_id: lenient(z.string()),
  is_active: lenient(z.boolean()),
  is_not_active_reason: lenient(z.string()),
  enforce_verified_domains: lenient(z.boolean()),
  members_can_create_projects: lenient(z.boolean()),
  members_can_see_org_members: lenient(z.boolean()),
  is_ai_training_opted_in: lenient(z.boolean()),
  is_pending_deletion: lenient(z.boolean()),
});
export type Organization = z.infer<typeof Organization>;

const writable = {
  logo_media_id: z.string().nullable().optional(),
  is_member_join_email_enabled: z.boolean().optional(),
  enforce_2fa: z.boolean().nullable().optional(),
  members_can_invite: z.boolean().nullable().optional(),
  members_can_use_personal_api_keys: z.boolean().optional(),
  allow_publicly_shared_resources: z.boolean().optional(),
  is_ai_data_processing_approved: z.boolean().nullable().optional(),
  default_experiment_stats_method: z.string().nullable().optional(),
  default_anonymize_ips: z.boolean().optional(),
  default_role_id: z.string().nullable().optional(),
  enforce_verified_domains: z.boolean().nullable().optional(),
  members_can_create_projects: z.boolean().optional(),
  members_can_see_org_members: z.boolean().optional(),
};

/** OrganizationCreateParams is the body of an organization create: a name of at most 64 characters plus settings. */
export const OrganizationCreateParams = z.object({ name: z.string().min(1).max(64), ...writable });
export type OrganizationCreateParams = z.infer<typeof OrganizationCreateParams>;

/** OrganizationUpdateParams is the body of an organization PATCH. */
export const OrganizationUpdateParams = z.object({ name: z.string().min(1).max(64).optional(), ...writable });
export type OrganizationUpdateParams = z.infer<typeof OrganizationUpdateParams>;

/** Organizations calls the organization endpoints. */
export class Organizations extends APIResource {
  /**
   * create makes a new organization with the key's user as owner (and switches the user's current
   * organization to it). Names are not unique, so an unknown outcome is reconciled by the best key
   * PostHog offers: the newest organization of the user with that name created since the call
   * began that no other create of this process returned.
   *
   * @throws PermissionDeniedError (403) on self-hosted instances without multi-organization licence.
   */
  async create(params: OrganizationCreateParams, options: CallOptions<Organization> = {}): Promise<Organization> {
    const sentAt = this.client.serverClock.now();
    const created = await this.client.request({
      method: "POST",
      path: "/api/organizations/",
      body: params,
      schema: Organization,
      reconcile: pickReconcile(options.reconcile, async () => {
        const named = (await collect(this.list())).filter((o) => o.name === params.name);
        return newestUnclaimed(this.client, named, sentAt);
      }),
    });
    claim(this.client, created.id);
    return created;
  }

  /**
   * retrieve reads an organization by id (or `@current`).
   *
   * @throws NotFoundError (404) when it does not exist or the key's user is not a member.
   */
  retrieve(organizationId: string): Promise<Organization> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/`,
      schema: Organization,
    });
  }

  /**
   * update changes an organization with PATCH (administrators); unknown outcomes are reconciled by reading back.
   *
   * @throws PermissionDeniedError (403) below administrator; NotFoundError (404) as {@link Organizations.retrieve}.
   */
  update(
    organizationId: string,
    params: OrganizationUpdateParams,
    options: CallOptions<Organization> = {},
  ): Promise<Organization> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/`,
      body: params,
      schema: Organization,
      reconcile: pickReconcile(options.reconcile, async () => {
        const org = await orUndefined(this.retrieve(organizationId));
        return org && matchesSent(params, org) ? org : undefined;
      }),
    });
  }

  /** list yields the organizations the key's user belongs to (uncached). */
  list(query?: Query): AsyncIterable<Organization> {
    return this.client.paginate("/api/organizations/", query, Organization);
  }

  /** listAll reads the organizations the key's user belongs to through the read cache. */
  listAll(query?: Query): Promise<Organization[]> {
    return this.client.listAll("/api/organizations/", query, Organization);
  }

  /**
   * delete removes an organization (owners only) with its projects.
   *
   * @throws PermissionDeniedError (403) below owner; NotFoundError (404) when it does not exist.
   */
  delete(organizationId: string): Promise<void> {
    return this.client.request({ method: "DELETE", path: path`/api/organizations/${organizationId}/`, schema: Empty });
  }
}
