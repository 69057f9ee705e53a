import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const project = new posthog.Project("web", {
  organizationId: config.get("organizationId"),
  name: config.get("name") ?? "Web",
  timezone: config.get("timezone") ?? "Europe/Berlin",
  anonymizeIps: true,
  appUrls: ["https://app.example.com"],
  settings: { capture_dead_clicks: true, test_account_filters_default_checked: true },
  productIntents: ["product_analytics"],
  tokenRotation: config.get("tokenRotation"),
});

export const projectId = project.projectId;
export const apiToken = project.apiToken;
