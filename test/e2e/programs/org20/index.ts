import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

// Members (already in the organization) come from config: a JSON list of emails.
const config = new pulumi.Config();
const members: string[] = JSON.parse(config.require("memberEmails"));

const project = new posthog.Project("web", { name: "Web", timezone: "Europe/Berlin", anonymizeIps: true });

const roleNames = ["Engineering", "Design", "Product", "Support", "Sales", "Finance"];
const roles = roleNames.map((name) => new posthog.Role(name.toLowerCase(), { name }));

// 13 memberships: member i joins role i mod 6, and the first member joins a second role.
const memberships = members
  .slice(0, 12)
  .map((email, i) => new posthog.RoleMembership(`m${i}`, { roleId: roles[i % roles.length].id, email }));
memberships.push(new posthog.RoleMembership("m-extra", { roleId: roles[1].id, email: members[0] }));

export const projectId = project.projectId;
export const roleIds = roles.map((r) => r.id);
export const membershipCount = memberships.length;
