// Users — /api/users/@me/: who the API key belongs to (used for PostHog's "nobody changes their own
// level" rule and for the current organization).
import { z } from "zod";
import { APIResource } from "./resource";
import { lenient, UserBasic } from "./schemas";

export { UserBasic };

/** OrganizationSummary represents an organization as listed on a user. */
export const OrganizationSummary = z.object({
  id: z.string(),
  name: lenient(z.string()),
  slug: lenient(z.string()),
  membership_level: lenient(z.number()),
});
export type OrganizationSummary = z.infer<typeof OrganizationSummary>;

/** User represents the user who owns the API key. */
export const User = z.object({
  uuid: z.string(),
  email: z.string(),
  id: lenient(z.number()),
  distinct_id: lenient(z.string()),
  first_name: lenient(z.string()),
  last_name: lenient(z.string()),
  is_staff: lenient(z.boolean()),
  /** The user's current organization; changes when the user creates an organization. */
  organization: lenient(OrganizationSummary),
  organizations: lenient(z.array(OrganizationSummary)),
  team: lenient(z.object({ id: z.number(), name: lenient(z.string()) })),
});
export type User = z.infer<typeof User>;

/** Users calls the user endpoints. */
export class Users extends APIResource {
  /** me reads the user the API key belongs to (`GET /api/users/@me/`). @throws AuthenticationError (401) for a bad key. */
  me(): Promise<User> {
    return this.client.request({ method: "GET", path: "/api/users/@me/", schema: User });
  }
}
