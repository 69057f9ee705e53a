// Role memberships — /api/organizations/{organization_id}/roles/{role_id}/role_memberships/ (docs/posthog-api/FACTS.md §8).
// Create and delete only (no update); unique per (role, user), so an unknown create outcome is
// reconciled by looking the user up in the role.
import { z } from "zod";
import { APIResource, type CallOptions, type Transport } from "./resource";
import type { Role, Roles } from "./roles";
import type { Query } from "./pagination";
import { path } from "./path";
import { Empty, UserBasic, collect, lenient, pickReconcile } from "./schemas";

/** RoleMembership represents one user's membership of a role. */
export const RoleMembership = z.object({
  id: z.string(),
  role_id: lenient(z.string()),
  user: UserBasic,
  /** The user's organization membership (an OrganizationMember object). */
  organization_member: lenient(z.object({ id: z.string(), level: lenient(z.number()) })),
  joined_at: lenient(z.string()),
  updated_at: lenient(z.string()),
});
export type RoleMembership = z.infer<typeof RoleMembership>;

/** RoleMembershipCreateParams is the body of a role membership create: the user's UUID (an active member of the organization). */
export const RoleMembershipCreateParams = z.object({ user_uuid: z.string() });
export type RoleMembershipCreateParams = z.infer<typeof RoleMembershipCreateParams>;

/** RoleMemberships calls the membership endpoints of one role. */
export class RoleMemberships extends APIResource {
  /** @param roles - the roles group of the same client, whose cached list carries the memberships. */
  constructor(
    client: Transport,
    private readonly roles: Roles,
  ) {
    super(client);
  }

  /**
   * create adds a user to a role. An unknown outcome is reconciled by looking the user up in the
   * role's memberships.
   *
   * @throws ValidationError (400) `User is already part of the role.`, `User does not exist.` or
   *   `Role does not exist.`; NotFoundError when the organization does not exist.
   */
  create(
    organizationId: string,
    roleId: string,
    params: RoleMembershipCreateParams,
    options: CallOptions<RoleMembership> = {},
  ): Promise<RoleMembership> {
    return this.client.request({
      method: "POST",
      path: path`/api/organizations/${organizationId}/roles/${roleId}/role_memberships/`,
      body: params,
      schema: RoleMembership,
      reconcile: pickReconcile(options.reconcile, () =>
        this.findByUser(organizationId, roleId, params.user_uuid, { fresh: true }),
      ),
    });
  }

  /**
   * retrieve reads one membership (newest PostHog only).
   *
   * @throws NotFoundError (404) when the membership, role or organization does not exist.
   */
  retrieve(organizationId: string, roleId: string, membershipId: string): Promise<RoleMembership> {
    return this.client.request({
      method: "GET",
      path: path`/api/organizations/${organizationId}/roles/${roleId}/role_memberships/${membershipId}/`,
      schema: RoleMembership,
    });
  }

  /**
   * find reads one membership from the role's `members` in the cached role list (one list read
   * serves every membership of a refresh). A membership the list does not show (PostHog may filter
   * `members` for non-admins) is read by id: only PostHog's 404 says it is gone.
   *
   * @throws NotFoundError (404) when the membership, role or organization does not exist.
   */
  async find(organizationId: string, roleId: string, membershipId: string): Promise<RoleMembership> {
    const role = await this.roles.findListed(organizationId, roleId);
    const listed = role && membersById(role).get(membershipId);
    const parsed = listed === undefined ? undefined : RoleMembership.safeParse(listed);
    return parsed?.success ? parsed.data : this.retrieve(organizationId, roleId, membershipId);
  }

  /** list yields every membership of the role (uncached). @throws NotFoundError for an unknown organization or role. */
  list(organizationId: string, roleId: string, query?: Query): AsyncIterable<RoleMembership> {
    return this.client.paginate(
      path`/api/organizations/${organizationId}/roles/${roleId}/role_memberships/`,
      query,
      RoleMembership,
    );
  }

  /** listAll reads every membership of the role through the read cache. @throws NotFoundError for an unknown organization or role. */
  listAll(organizationId: string, roleId: string, query?: Query): Promise<RoleMembership[]> {
    return this.client.listAll(
      path`/api/organizations/${organizationId}/roles/${roleId}/role_memberships/`,
      query,
      RoleMembership,
    );
  }

  /** findByUser returns the role's membership of a user (by user UUID), or undefined. Uses the read cache unless `fresh`. */
  async findByUser(
    organizationId: string,
    roleId: string,
    userUuid: string,
    opts: { fresh?: boolean } = {},
  ): Promise<RoleMembership | undefined> {
    const all = opts.fresh
      ? await collect(this.list(organizationId, roleId))
      : await this.listAll(organizationId, roleId);
    return all.find((m) => m.user.uuid === userUuid);
  }

  /**
   * delete removes a user from a role; `membershipId` is the membership's id, not the user's.
   *
   * @throws NotFoundError (404) when the membership does not exist (already removed).
   */
  delete(organizationId: string, roleId: string, membershipId: string): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/organizations/${organizationId}/roles/${roleId}/role_memberships/${membershipId}/`,
      schema: Empty,
    });
  }
}

// The `members` of each listed role by membership id, built once per role: a cached list's items
// are frozen, and a write replaces a role object rather than changing it.
const membersOfRole = new WeakMap<Role, ReadonlyMap<unknown, unknown>>();
function membersById(role: Role): ReadonlyMap<unknown, unknown> {
  let members = membersOfRole.get(role);
  if (!members) {
    members = new Map((role.members ?? []).map((m: any) => [m?.id, m]));
    membersOfRole.set(role, members);
  }
  return members;
}
