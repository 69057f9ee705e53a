import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const org = new posthog.Organization("acme", {
  name: config.get("name") ?? "Acme Analytics",
  enforce2fa: config.getBoolean("enforce2fa") ?? false,
  membersCanInvite: false,
  defaultExperimentStatsMethod: "frequentist",
});

export const organizationId = org.id;
export const slug = org.slug;
