import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

// 100 resources, every kind an organization's setup uses. The members (already in the
// organization) and the invitees come from config as JSON lists of emails: 30 and 26.
const config = new pulumi.Config();
const members: string[] = JSON.parse(config.require("memberEmails"));
const invitees: string[] = JSON.parse(config.require("inviteEmails"));
// What a user sets when an error names `adopt: true` (kinds whose names PostHog does not keep unique).
const adopt = config.getBoolean("adopt");

const project = new posthog.Project("web", { name: "Web", timezone: "Europe/Berlin", adopt });
new posthog.Domain("sso", { domain: "fault-suite.example.com" });
new posthog.ProxyRecord("tracking", { domain: "t.fault-suite.example.com" });
new posthog.BatchExport("noop", {
  projectId: project.projectId,
  name: "Events to nowhere",
  interval: "hour",
  destination: { type: "NoOp", config: {} },
  adopt,
});

const roles = Array.from({ length: 10 }, (_, i) => new posthog.Role(`role${i}`, { name: `Team ${i}` }));
members.forEach((email, i) => {
  new posthog.OrganizationMember(`member${i}`, { email, level: i % 5 === 0 ? "admin" : "member" });
  new posthog.RoleMembership(`membership${i}`, { roleId: roles[i % roles.length].id, email });
});
invitees.forEach((email, i) => new posthog.Invite(`invite${i}`, { email, level: "member", sendEmail: false }));

export const projectId = project.projectId;
