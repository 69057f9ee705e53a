import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";
import { anchorShape, memberEmail } from "../../mix-shape";

// The organization issue 12 measured the Terraform provider on: 10 roles, a level for half of the
// seeded members, role memberships for a quarter of them, 2 projects and a proxy record.
const shape = anchorShape(new pulumi.Config().requireNumber("members"));

for (let p = 0; p < shape.projects; p++) new posthog.Project(`project${p}`, { name: `Anchor ${p}` });
new posthog.ProxyRecord("tracking", { domain: "t.anchor.example.com" });
const roles = Array.from({ length: shape.roles }, (_, i) => new posthog.Role(`role${i}`, { name: `Role ${i}` }));
for (let i = 0; i < shape.levels; i++)
  new posthog.OrganizationMember(`level${i}`, { email: memberEmail(i), level: "admin", onDestroy: "retain" });
for (let k = 0; k < shape.memberships; k++)
  new posthog.RoleMembership(`membership${k}`, { roleId: roles[k % shape.roles].id, email: memberEmail(k) });
