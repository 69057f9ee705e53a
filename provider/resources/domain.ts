import * as pulumi from "@pulumi/pulumi";
import type { DomainState } from "../runtime/specs/domain";
import domainShim = require("../shim/domain");
import { refuseImport } from "./claims";
import { AdoptableResource, outputNames, props, type WaitOptions } from "./common";

/**
 * Manages a verified (SSO) domain within a PostHog organization.
 *
 * Creating one claims the email domain for the organization; PostHog then needs proof of ownership:
 * a DNS TXT record named {@link Domain.txtRecordName} holding {@link Domain.txtRecordValue}. Feed
 * those outputs to a DNS provider resource, or publish the record by hand. With
 * `waitForVerification`, create and update ask PostHog to check the record until it matches or the
 * wait is over; a wait that runs out does not fail the deployment, it leaves the domain unverified.
 * Changing `domain` or `organizationId` replaces the domain (the old one is deleted first: a domain
 * belongs to one organization in all of PostHog). With `adopt: true`, the organization's existing
 * entry for the domain is taken over instead.
 *
 * **Warning:** PostHog ignores `jitProvisioningEnabled` and `ssoEnforcement` until the domain is
 * verified. The provider does not fail on them: it applies them as soon as the domain is verified
 * (after a wait, or on a later `pulumi up`). Until then the state shows PostHog's values, so every
 * preview shows them as a pending update, {@link Domain.pendingSettingsReason} says why, and the CLI
 * prints a warning. Likewise a requested wait stays pending until the domain is verified, so the
 * next `pulumi up` waits again.
 *
 * **Warning:** PostHog refuses its verify action to personal API keys that have scopes (even
 * `*`): `waitForVerification` needs a key without scopes. With a scoped key, verify the domain in
 * PostHog (Organization settings → Verified domains → Verify) and leave `waitForVerification` unset.
 * Claiming a domain needs a plan with automatic provisioning (SSO); otherwise PostHog's refusal is
 * shown at `pulumi up`.
 *
 * When the DNS record is managed by the same program, it is created after the domain, so a wait on
 * the first `up` cannot succeed: leave the wait short there (or unset, verifying in PostHog), and
 * the second `up` verifies the domain and applies the settings.
 *
 * `import:` does not work for this (dynamic) resource; to take over an existing object, set
 * `adopt: true` instead. An adopted object stays in PostHog on destroy unless `deleteAdopted` is true.
 *
 * @example
 * ```ts
 * const domain = new posthog.Domain("example-com", { domain: "example.com", jitProvisioningEnabled: true, ssoEnforcement: "google-oauth2" });
 * export const txtName = domain.txtRecordName;   // _posthog-challenge.example.com
 * export const txtValue = domain.txtRecordValue;
 * ```
 */
export class Domain extends AdoptableResource {
  /** The organization the domain belongs to. */
  declare readonly organizationId: pulumi.Output<DomainState["organizationId"]>;
  /** The email domain, as PostHog stores it. */
  declare readonly domain: pulumi.Output<DomainState["domain"]>;
  /** Whether new users with an email on this domain join the organization on their own, as PostHog holds it (only when set in the program). */
  declare readonly jitProvisioningEnabled: pulumi.Output<DomainState["jitProvisioningEnabled"]>;
  /** The SSO provider users of this domain must log in with ("" for none), as PostHog holds it (only when set in the program). */
  declare readonly ssoEnforcement: pulumi.Output<DomainState["ssoEnforcement"]>;
  /** Whether PostHog has verified the TXT record. */
  declare readonly isVerified: pulumi.Output<DomainState["isVerified"]>;
  /** When the domain was verified (ISO 8601), or null. */
  declare readonly verifiedAt: pulumi.Output<DomainState["verifiedAt"]>;
  /** The challenge PostHog expects in the TXT record; fixed for the domain's lifetime. */
  declare readonly verificationChallenge: pulumi.Output<DomainState["verificationChallenge"]>;
  /** The name of the DNS TXT record to publish: `_posthog-challenge.<domain>`. */
  declare readonly txtRecordName: pulumi.Output<DomainState["txtRecordName"]>;
  /** The value of the DNS TXT record to publish (the verification challenge). */
  declare readonly txtRecordValue: pulumi.Output<DomainState["txtRecordValue"]>;
  /** Why settings of the program are not in effect yet (the domain is not verified), or null when all are. */
  declare readonly pendingSettingsReason: pulumi.Output<DomainState["pendingSettingsReason"]>;
  /** The `waitForVerification` input once the domain is verified, null while it is not (the next `up` waits again); undefined when the program leaves it unset. */
  declare readonly waitForVerification: pulumi.Output<DomainState["waitForVerification"]>;

  constructor(name: string, args: DomainArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImport(domainShim.kind, name, opts);
    super(
      domainShim,
      name,
      props(
        { ...args },
        outputNames<DomainState>({
          organizationId: true,
          domain: true,
          jitProvisioningEnabled: true,
          ssoEnforcement: true,
          isVerified: true,
          verifiedAt: true,
          verificationChallenge: true,
          txtRecordName: true,
          txtRecordValue: true,
          pendingSettingsReason: true,
          adopted: true,
          waitForVerification: true,
          adopt: true,
          deleteAdopted: true,
        }),
      ),
      opts,
    );
  }
}

/** The inputs of a {@link Domain}. */
export interface DomainArgs {
  /**
   * The UUID of the organization. Changing this replaces the domain.
   * @default the provider's `posthog:organizationId` configuration
   */
  organizationId?: pulumi.Input<string>;
  /**
   * The email domain, e.g. `"example.com"`: lowercase letters, digits and hyphens, no trailing dot,
   * up to 128 characters, unique across all of PostHog. Changing it replaces the domain.
   */
  domain: pulumi.Input<string>;
  /**
   * Let people with an email on this domain join the organization without an invite (just-in-time
   * provisioning). Applied once the domain is verified. Unset leaves PostHog's value alone.
   */
  jitProvisioningEnabled?: pulumi.Input<boolean>;
  /**
   * Make people with an email on this domain log in through this SSO provider: a provider key such
   * as `"google-oauth2"`, `"github"`, `"gitlab"` or `"saml"` (up to 28 characters), or `""` for none.
   * Applied once the domain is verified. Unset leaves PostHog's value alone.
   */
  ssoEnforcement?: pulumi.Input<string>;
  /**
   * After create and update, ask PostHog to check the TXT record every `intervalSeconds` (default
   * 10, at least 1) until the domain is verified or `timeoutSeconds` (at most 3600) have passed.
   * Running out of time does not fail; the next `pulumi up` tries again. Needs a personal API key
   * without scopes.
   * @example
   * ```ts
   * waitForVerification: { timeoutSeconds: 300, intervalSeconds: 15 }
   * ```
   */
  waitForVerification?: pulumi.Input<WaitOptions>;
  /** Take over the organization's existing entry for this domain instead of creating one. @default false */
  adopt?: pulumi.Input<boolean>;
  /**
   * Delete the domain on destroy, or when the resource leaves the program, even though it was adopted.
   * An adopted domain was not created by this stack, so by default it stays in PostHog and only
   * leaves the stack's state. Changing this updates the state only: run `pulumi up` after setting
   * it, before the destroy. No effect on a domain this stack created (that one is always deleted).
   * @default false
   */
  deleteAdopted?: pulumi.Input<boolean>;
}
