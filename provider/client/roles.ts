// Roles — /api/organizations/{organization_id}/roles/ (docs/posthog-api/FACTS.md §8; PostHog `ee/api/rbac/role.py`).
// Names are unique per organization case-insensitively (400 `unique`), so a create whose outcome
// is unknown is reconciled by looking the name up.
import { z } from "zod";
import { APIResource, type CallOptions } from "./resource";
import type { Query } from "./pagination";
import { path } from "./path";
import { matchesSent, orUndefined } from "./reconcile";
import { Empty, UserBasic, collect, lenient, pickReconcile } from "./schemas";

/** Role represents a role of an organization (Enterprise RBAC). */
export const Role = z.object({
  id: z.string(),
  name: z.string(),
  created_at: lenient(z.string()),
  created_by: lenient(UserBasic),
  /** The role's memberships; visibility may be filtered for non-admins. */
  members: lenient(z.array(z.unknown())),
  /** True when the organization's `default_role_id` is this role. */
  is_default: lenient(z.boolean()),
});
export type Role = z.infer<typeof Role>;

/** RoleCreateParams is the body of a role create: a name of at most 200 characters, unique per organization case-insensitively. */
export const RoleCreateParams = z.object({ name: z.string().min(1).max(200) });
export type RoleCreateParams = z.infer<typeof RoleCreateParams>;

/** RoleUpdateParams is the body of a role PATCH. */
export const RoleUpdateParams = z.object({ name: z.string().min(1).max(200).optional() });
export type RoleUpdateParams = z.infer<typeof RoleUpdateParams>;

/** Roles calls the roles endpoints of an organization. */
export class Roles extends APIResource {
  /**
   * create adds a role. An unknown outcome (timeout, reset, 5xx) is reconciled by looking the name
   * up case-insensitively, so the role is never created twice.
   *
   * @throws ValidationError (400 `unique`) when a role with that name exists; NotFoundError when the
   *   organization does not exist.
   */
  create(organizationId: string, params: RoleCreateParams, options: CallOptions<Role> = {}): Promise<Role> {
    return this.client.request({
      method: "POST",
      path: path`/api/organizations/${organizationId}/roles/`,
      body: params,
      schema: Role,
      reconcile: pickReconcile(options.reconcile, () => this.findByName(organizationId, params.name, { fresh: true })),
    });
  }

  /**
   * retrieve reads one role.
   *
   * @throws NotFoundError (404) when the role or the organization does not exist.
   */
  retrieve(organizationId: string, roleId: string): Promise<Role> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/roles/${roleId}/`,
      schema: Role,
    });
  }

  /**
   * find reads one role from the cached role list, so one list read serves every role (and, through
   * `members`, every role membership) of a refresh. A role the list does not show is read by id:
   * only PostHog's 404 says it is gone.
   *
   * @throws NotFoundError (404) when the role or the organization does not exist.
   */
  async find(organizationId: string, roleId: string): Promise<Role> {
    return (await this.findListed(organizationId, roleId)) ?? this.retrieve(organizationId, roleId);
  }

  /** findListed returns the role from the cached role list, or undefined when the list does not show it. */
  async findListed(organizationId: string, roleId: string): Promise<Role | undefined> {
    const byId = await this.client.listIndex(path`/api/organizations/${organizationId}/roles/`, undefined, Role, idOf);
    return byId.get(roleId)?.[0];
  }

  /**
   * update changes a role with PATCH. An unknown outcome is reconciled by reading the role back.
   *
   * @throws NotFoundError (404) when the role does not exist; ValidationError on a name clash.
   */
  update(
    organizationId: string,
    roleId: string,
    params: RoleUpdateParams,
    options: CallOptions<Role> = {},
  ): Promise<Role> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/roles/${roleId}/`,
      body: params,
      schema: Role,
      reconcile: pickReconcile(options.reconcile, async () => {
        const role = await orUndefined(this.retrieve(organizationId, roleId));
        return role && matchesSent(params, role) ? role : undefined;
      }),
    });
  }

  /**
   * list yields every role of the organization, page by page (uncached).
   *
   * @throws NotFoundError (404) when the organization does not exist.
   */
  list(organizationId: string, query?: Query): AsyncIterable<Role> {
    return this.client.paginate(path`/api/organizations/${organizationId}/roles/`, query, Role);
  }

  /** listAll reads every role of the organization through the read cache. @throws NotFoundError for an unknown organization. */
  listAll(organizationId: string, query?: Query): Promise<Role[]> {
    return this.client.listAll(path`/api/organizations/${organizationId}/roles/`, query, Role);
  }

  /**
   * findByName looks a role up by name, case-insensitively as PostHog compares role names.
   * Returns undefined when there is none. Uses the read cache unless `fresh` is set.
   */
  async findByName(organizationId: string, name: string, opts: { fresh?: boolean } = {}): Promise<Role | undefined> {
    const wanted = name.toLowerCase();
    const roles = opts.fresh ? await collect(this.list(organizationId)) : await this.listAll(organizationId);
    return roles.find((r) => r.name.toLowerCase() === wanted);
  }

  /**
   * delete removes a role and, with it, its role memberships.
   *
   * @throws NotFoundError (404) when the role does not exist (already deleted).
   */
  delete(organizationId: string, roleId: string): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/organizations/${organizationId}/roles/${roleId}/`,
      schema: Empty,
    });
  }
}

const idOf = (role: Role) => role.id;
