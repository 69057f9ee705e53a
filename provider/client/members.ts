// Members — /api/organizations/{organization_id}/members/ (docs/posthog-api/FACTS.md §4; PostHog
// `posthog/api/organization_member.py`). Members are only created by accepting an invite; there is
// no GET by id (405), so reads go through the list (one cached read shared by every resource).
// `{user_uuid}` in paths is the user's UUID, not the membership id.
import { z } from "zod";
import type { IndexBy } from "./cache";
import { APIResource, type CallOptions } from "./resource";
import { largePages } from "./pagination";
import { path } from "./path";
import { collect, Empty, lenient, MembershipLevel, pickReconcile, UserBasic } from "./schemas";

/** OrganizationMember represents a user's membership of an organization. */
export const OrganizationMember = z.object({
  /** The membership id (not used in paths). */
  id: z.string(),
  user: UserBasic,
  /** 1 member, 8 administrator, 15 owner. */
  level: MembershipLevel,
  joined_at: lenient(z.string()),
  updated_at: lenient(z.string()),
  is_2fa_enabled: lenient(z.boolean()),
  has_social_auth: lenient(z.boolean()),
  last_login: lenient(z.string()),
});
export type OrganizationMember = z.infer<typeof OrganizationMember>;

/** MemberListQuery filters the member list. */
export interface MemberListQuery {
  /** Exact email match (PostHog compares case-sensitively). */
  email?: string;
  /** Matches first name, last name and email; at most 200 characters. */
  search?: string;
  /** `joined_at` or `-joined_at` (default). */
  order?: "joined_at" | "-joined_at";
  /** ISO timestamp: only members updated after it. */
  updated_after?: string;
  /** Page size: 1,000 when unset (PostHog's own default is 100). */
  limit?: number;
}

/** OrganizationMemberUpdateParams is the body of a member PATCH: the new level. */
export const OrganizationMemberUpdateParams = z.object({ level: MembershipLevel });
export type OrganizationMemberUpdateParams = z.infer<typeof OrganizationMemberUpdateParams>;

/** Members calls the member endpoints of an organization. */
export class Members extends APIResource {
  /** list yields the organization's members (uncached). @throws NotFoundError for an unknown organization. */
  list(organizationId: string, query: MemberListQuery = {}): AsyncIterable<OrganizationMember> {
    return this.client.paginate(
      path`/api/organizations/${organizationId}/members/`,
      largePages({ ...query }),
      OrganizationMember,
    );
  }

  /** listAll reads the organization's members through the read cache. @throws NotFoundError for an unknown organization. */
  listAll(organizationId: string, query: MemberListQuery = {}): Promise<OrganizationMember[]> {
    return this.client.listAll(
      path`/api/organizations/${organizationId}/members/`,
      largePages({ ...query }),
      OrganizationMember,
      userUuidOf,
    );
  }

  /** findByEmail returns the member with this email (case-insensitive), or undefined; reads the cached full list. */
  async findByEmail(organizationId: string, email: string): Promise<OrganizationMember | undefined> {
    return (await this.#index(organizationId, emailOf)).get(email.toLowerCase())?.[0];
  }

  /** findByUserUuid returns the member whose user has this UUID, or undefined. Uses the read cache unless `fresh`. */
  async findByUserUuid(
    organizationId: string,
    userUuid: string,
    opts: { fresh?: boolean } = {},
  ): Promise<OrganizationMember | undefined> {
    if (opts.fresh) return (await collect(this.list(organizationId))).find((m) => m.user.uuid === userUuid);
    return (await this.#index(organizationId, userUuidOf)).get(userUuid)?.[0];
  }

  /**
   * update changes a member's level with PATCH. An unknown outcome is reconciled by reading the
   * member list back.
   *
   * @throws PermissionDeniedError (403) for PostHog's level rules (own level, owner grants, higher
   *   levels); NotFoundError (404) when the user is not a member.
   */
  update(
    organizationId: string,
    userUuid: string,
    params: OrganizationMemberUpdateParams,
    options: CallOptions<OrganizationMember> = {},
  ): Promise<OrganizationMember> {
    return this.client.request({
      method: "PATCH",
      path: path`/api/organizations/${organizationId}/members/${userUuid}/`,
      body: params,
      schema: OrganizationMember,
      reconcile: pickReconcile(options.reconcile, async () => {
        const member = await this.findByUserUuid(organizationId, userUuid, { fresh: true });
        return member && member.level === params.level ? member : undefined;
      }),
    });
  }

  /**
   * delete removes a member from the organization (their role memberships go with it).
   *
   * @throws ValidationError (400) `Cannot leave the organization as its owner!` for owners (demote
   *   first); NotFoundError (404) when the user is not a member.
   */
  delete(organizationId: string, userUuid: string): Promise<void> {
    return this.client.request({
      method: "DELETE",
      path: path`/api/organizations/${organizationId}/members/${userUuid}/`,
      schema: Empty,
    });
  }

  /** The full member list (the one `listAll` caches), grouped by `by`. */
  #index(
    organizationId: string,
    by: IndexBy<OrganizationMember>,
  ): Promise<ReadonlyMap<string, readonly OrganizationMember[]>> {
    return this.client.listIndex(
      path`/api/organizations/${organizationId}/members/`,
      largePages(),
      OrganizationMember,
      by,
      userUuidOf,
    );
  }
}

// Members are addressed by their user's UUID; emails compare case-insensitively.
const userUuidOf = (m: OrganizationMember) => m.user.uuid;
const emailOf = (m: OrganizationMember) => m.user.email.toLowerCase();
