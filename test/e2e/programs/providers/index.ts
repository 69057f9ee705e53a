import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

// Two PostHog instances ("us" and "eu"), each with its own key and organization, in one program.
const config = new pulumi.Config();
const us = new posthog.Provider("us", {
  host: config.require("usHost"),
  apiKey: config.requireSecret("usApiKey"),
  organizationId: config.require("usOrganizationId"),
});
const eu = new posthog.Provider("eu", {
  host: config.require("euHost"),
  apiKey: config.requireSecret("euApiKey"),
  organizationId: config.require("euOrganizationId"),
  requestsPerMinute: 240,
});

// The same role name in both: each provider is its own organization.
const usRole = new posthog.Role("us-engineering", { name: "Engineering" }, { provider: us });
const euRole = new posthog.Role("eu-engineering", { name: "Engineering" }, { provider: eu });
const euProject = new posthog.Project("eu-web", { name: "Web (EU)" }, { provider: eu });

export const usRoleId = usRole.id;
export const euRoleId = euRole.id;
export const euProjectId = euProject.id;
export const euRoleName = posthog.getRoleOutput({ id: euRole.id }, { provider: eu }).apply((r) => r.name);
export const usRoles = posthog
  .getRolesOutput({ organizationId: usRole.organizationId }, { provider: us })
  .apply((rs) => rs.map((r) => r.name));
