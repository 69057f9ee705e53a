import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const role = new posthog.Role("support", { name: "Support" });
const membership = new posthog.RoleMembership("support-member", {
  roleId: role.id,
  email: config.get("email"),
  userUuid: config.get("userUuid"),
});

export const roleId = role.id;
export const memberUuid = membership.memberUuid;
