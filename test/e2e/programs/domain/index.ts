import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const waitSeconds = config.getNumber("waitSeconds");
const domain = new posthog.Domain("sso", {
  organizationId: config.get("organizationId"),
  domain: config.get("domain") ?? "acme-e2e.com",
  jitProvisioningEnabled: config.getBoolean("jit"),
  ssoEnforcement: config.get("sso"),
  waitForVerification: waitSeconds ? { timeoutSeconds: waitSeconds, intervalSeconds: 1 } : undefined,
});

export const domainId = domain.id;
export const txtRecordName = domain.txtRecordName;
export const txtRecordValue = domain.txtRecordValue;
export const isVerified = domain.isVerified;
export const pendingSettingsReason = domain.pendingSettingsReason;
