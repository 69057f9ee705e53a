// Quickstart: a project and the organization's roles, declared as code.
//
// Configure the provider once per stack:
//   pulumi config set posthog:organizationId <your organization's UUID>
//   pulumi config set --secret posthog:apiKey phx_...      (or export POSTHOG_PERSONAL_API_KEY)
// Then `pulumi up`. Members join roles with posthog.RoleMembership once they belong to the
// organization; `posthog.getMembers()` lists who does.
import * as posthog from "pulumi-posthog-org";

const web = new posthog.Project("web", {
  name: "Web app",
  timezone: "Europe/Berlin",
  anonymizeIps: true,
  appUrls: ["https://app.example.com"],
  productIntents: ["product_analytics", "session_replay"],
});

const engineering = new posthog.Role("engineering", { name: "Engineering" });
const support = new posthog.Role("support", { name: "Support" });

// The organization's owner (the API key's user, in the demo) joins Engineering.
const owner = posthog.getMembers().then((members) => members.find((m) => m.level === 15));
new posthog.RoleMembership("owner-engineering", { roleId: engineering.id, userUuid: owner.then((m) => m!.userUuid) });

export const projectId = web.projectId;
export const projectApiToken = web.apiToken; // a secret: `pulumi stack output --show-secrets`
export const roles = { engineering: engineering.name, support: support.name };
