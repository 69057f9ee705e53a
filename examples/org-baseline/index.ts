// Org baseline: a new organization with its security settings, a production project inside it,
// and a standard set of roles. Everything names the organization by `org.id`, never "current":
// PostHog switches the API key user's current organization when one is created.
//
// Needs only the API key (`pulumi config set --secret posthog:apiKey phx_...`); the key's user
// becomes the new organization's owner.
import * as posthog from "pulumi-posthog-org";

const org = new posthog.Organization("acme", {
  name: "Acme Analytics",
  enforce2fa: true,
  membersCanInvite: false,
  membersCanUsePersonalApiKeys: true,
  allowPubliclySharedResources: false,
  defaultAnonymizeIps: true,
});

const production = new posthog.Project("production", {
  organizationId: org.id,
  name: "Production",
  timezone: "UTC",
  anonymizeIps: true,
  sessionRecordingOptIn: true,
  recordingDomains: ["https://app.acme.example"],
  settings: { capture_dead_clicks: true },
});

const roles = ["Engineering", "Product", "Support"].map(
  (name) => new posthog.Role(name.toLowerCase(), { organizationId: org.id, name }),
);

export const organizationId = org.id;
export const organizationSlug = org.slug;
export const productionProjectId = production.projectId;
export const productionApiToken = production.apiToken; // secret
export const roleIds = roles.map((r) => r.id);
