import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const role = new posthog.Role("engineering", {
  name: config.get("roleName") ?? "Engineering",
  organizationId: config.get("organizationId"),
  adopt: config.getBoolean("adopt"),
  deleteAdopted: config.getBoolean("deleteAdopted"),
});

export const roleId = role.id;
export const roleName = role.name;
