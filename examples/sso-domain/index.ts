// SSO domain: claim the company's email domain for the organization, publish the DNS TXT record
// PostHog asks for, and once the domain is verified, enforce SSO and let colleagues join on their
// own (just-in-time provisioning).
//
// PostHog accepts the SSO settings only for a verified domain, so this runs in two steps:
//   1. `pulumi up` claims the domain; publish the TXT record from the outputs (or create it with a
//      DNS provider, see below).
//   2. `pulumi config set enforceSso true` and `pulumi up` again: the provider asks PostHog to check
//      the record (for up to two minutes), then applies the settings.
// Setting enforceSso before the record is published does no harm: the settings stay pending (the
// preview keeps showing them), and the `pendingSettingsReason` output says what is missing.
//
// Verifying needs a personal API key without scopes; with a scoped key, press Verify in PostHog
// (Organization settings → Verified domains) instead.
import * as pulumi from "@pulumi/pulumi";
import * as posthog from "pulumi-posthog-org";

const config = new pulumi.Config();
const enforceSso = config.getBoolean("enforceSso") ?? false;

const domain = new posthog.Domain("company", {
  domain: config.get("domain") ?? "acme-example.com",
  ...(enforceSso
    ? {
        jitProvisioningEnabled: true,
        ssoEnforcement: "google-oauth2",
        waitForVerification: { timeoutSeconds: 120, intervalSeconds: 10 },
      }
    : {}),
});

// With a DNS provider in the same program, e.g. Cloudflare:
//   new cloudflare.DnsRecord("posthog-challenge", { zoneId, type: "TXT", name: domain.txtRecordName, content: domain.txtRecordValue, ttl: 300 });
// The record is created after the domain, so the domain verifies on the following `pulumi up`.

export const txtRecordName = domain.txtRecordName;
export const txtRecordValue = domain.txtRecordValue;
export const verified = domain.isVerified;
export const pendingSettingsReason = domain.pendingSettingsReason;
