import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";
import { memberEmail, membershipOf, mixShape } from "../../mix-shape";

// N resources of a realistic organization: invites, member levels, roles, role memberships by
// email, a project, a verified-domain claim, a proxy record and a batch export on the project.
const n = new pulumi.Config().requireNumber("n");
const shape = mixShape(n);

const project = new posthog.Project("web", { name: "Web", timezone: "Europe/Berlin", anonymizeIps: true });
new posthog.Domain("sso", { domain: "bench.example.com" });
new posthog.ProxyRecord("tracking", { domain: "t.bench.example.com" });
new posthog.BatchExport("noop", {
  projectId: project.projectId,
  name: "Bench export",
  interval: "hour",
  destination: { type: "NoOp", config: {} },
});
const roles = Array.from({ length: shape.roles }, (_, i) => new posthog.Role(`role${i}`, { name: `Role ${i}` }));
for (let i = 0; i < shape.invites; i++)
  new posthog.Invite(`invite${i}`, { email: `invitee${i}@bench.example.com`, level: "member", sendEmail: false });
for (let i = 0; i < shape.levels; i++)
  new posthog.OrganizationMember(`level${i}`, { email: memberEmail(i), level: "admin", onDestroy: "downgrade" });
for (let k = 0; k < shape.memberships; k++) {
  const { member, role } = membershipOf(k, shape);
  new posthog.RoleMembership(`membership${k}`, { roleId: roles[role].id, email: memberEmail(member) });
}
