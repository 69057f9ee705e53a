// Members and invites: who belongs to the organization, and at which level, as code.
//
// Configure the provider once per stack:
//   pulumi config set posthog:organizationId <your organization's UUID>
//   pulumi config set --secret posthog:apiKey phx_...      (or export POSTHOG_PERSONAL_API_KEY)
// Then `pulumi up`. Newcomers get an Invite; once one accepts, `pulumi refresh` shows the Invite
// as accepted (no re-invite), and its `level` then sets the member's level. Unaccepted invites are
// re-sent when they expire after 3 days (`onExpired: "keep"` opts out).
import * as posthog from "pulumi-posthog-org";

const newcomers = [
  { name: "grace", email: "grace@example.com", firstName: "Grace", level: "admin" as const },
  { name: "lin", email: "lin@example.com", firstName: "Lin", level: "member" as const },
  { name: "sam", email: "sam@example.com", firstName: "Sam", level: "member" as const, onExpired: "keep" as const },
];
const invites = newcomers.map(
  ({ name, ...args }) => new posthog.Invite(name, { ...args, message: "Welcome to our analytics!" }),
);

// Existing members are adopted, not created: here the organization's owner (the API key's user in
// the demo) is pinned as owner, and kept in place when the stack is destroyed (onDestroy "retain").
const owner = posthog.getMembers().then((members) => members.find((m) => m.level === 15)!);
const ownerMember = new posthog.OrganizationMember("owner", {
  userUuid: owner.then((m) => m.userUuid),
  level: "owner",
});

export const inviteStatus = Object.fromEntries(newcomers.map((n, i) => [n.email, invites[i].status]));
export const inviteExpiry = Object.fromEntries(newcomers.map((n, i) => [n.email, invites[i].expiresAt]));
export const ownerEmail = ownerMember.email;
