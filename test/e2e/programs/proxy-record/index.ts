import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const waitSeconds = config.getNumber("waitSeconds");
const proxy = new posthog.ProxyRecord("tracking", {
  organizationId: config.get("organizationId"),
  domain: config.get("domain") ?? "t.acme-e2e.com",
  waitForValid: waitSeconds ? { timeoutSeconds: waitSeconds, intervalSeconds: 1 } : undefined,
});

export const proxyId = proxy.id;
export const domain = proxy.domain;
export const targetCname = proxy.targetCname;
export const status = proxy.status;
export const message = proxy.message;
