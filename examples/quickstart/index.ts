// Quickstart: the roles of an organization, declared as code.
//
// Configure the provider once per stack:
//   pulumi config set posthog:organizationId <your organization's UUID>
//   pulumi config set --secret posthog:apiKey phx_...      (or export POSTHOG_PERSONAL_API_KEY)
import * as posthog from "pulumi-posthog";

const engineering = new posthog.Role("engineering", { name: "Engineering" });
const support = new posthog.Role("support", { name: "Support" });

export const roles = { engineering: engineering.name, support: support.name };
export const roleIds = [engineering.id, support.id];
