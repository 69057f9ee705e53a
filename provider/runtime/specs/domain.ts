// Domain: an email domain an organization proves it owns (a "verified domain"), for SSO
// enforcement and just-in-time provisioning.
// API quirks that shaped this spec (docs/posthog-api/FACTS.md §6 and §1.7, PostHog posthog/api/organization_domain.py):
// - `domain` must match ^([a-z0-9]+(-[a-z0-9]+)*\.)+[a-z]{2,}$ (lowercase, no trailing dot), is
//   unique across all of PostHog, and is silently ignored on update: a change replaces the domain,
//   deleting the old one first (it may be the same name in another organization);
// - ownership is proven by a TXT record `_posthog-challenge.<domain>` holding
//   `verification_challenge`; `POST verify` checks it and answers 200 even when it does not match;
// - `jit_provisioning_enabled` and `sso_enforcement` are dropped on create and refused (400
//   `verification_required`) until the domain is verified: they are applied once it is, and until
//   then the state holds PostHog's values, so the preview keeps showing them, with the reason in
//   `pendingSettingsReason` and a warning;
// - `verify` has no API-key scope, so PostHog refuses it to every scoped personal API key
//   (docs/posthog-api/FACTS.md §1.2, §2.3): waiting for verification needs an unscoped key;
// - creating needs the `automatic_provisioning` plan feature (403 otherwise), shown as PostHog says it.
import { z } from "zod";
import { hasReason } from "../../client";
import type { OrganizationDomain as WireDomain } from "../../client/domains";
import type { Context } from "../core/context";
import { adopt, deleteAdopted, organizationDefault, organizationId } from "../core/fields";
import { warn } from "../core/log";
import type { Adoptable, ResourceSpec, StateOf } from "../core/spec";
import { pollUntil, waitOptions } from "../core/wait";

/** PostHog's own rule for `domain` (validate_domain), with its message. */
const DOMAIN_RE = /^([a-z0-9]+(-[a-z0-9]+)*\.)+[a-z]{2,}$/;

export const DomainInputs = z.strictObject({
  organizationId,
  domain: z
    .string({ error: 'domain is required: the email domain to verify, e.g. "example.com"' })
    .max(128, "domain is longer than PostHog's limit of 128 characters")
    .regex(
      DOMAIN_RE,
      'Please enter a valid domain or subdomain name. PostHog accepts lowercase names such as "example.com", without a scheme or a trailing dot',
    ),
  jitProvisioningEnabled: z.boolean({ error: "jitProvisioningEnabled must be true or false" }).optional(),
  ssoEnforcement: z
    .string({
      error:
        'ssoEnforcement must be the key of an SSO provider, such as "google-oauth2", "github", "gitlab" or "saml", or "" for none',
    })
    .max(28, "ssoEnforcement is longer than PostHog's limit of 28 characters")
    .optional(),
  waitForVerification: waitOptions("waitForVerification").optional(),
  adopt,
  deleteAdopted,
});
export type DomainInputs = z.infer<typeof DomainInputs> & { organizationId: string };

/** A domain's state: its inputs as PostHog reports them, its verification and why settings wait. */
export type DomainState = StateOf<
  DomainInputs,
  Adoptable & {
    jitProvisioningEnabled: boolean | undefined;
    ssoEnforcement: string | undefined;
    waitForVerification: DomainInputs["waitForVerification"] | null;
    isVerified: boolean;
    verifiedAt: string | null;
    verificationChallenge: string;
    txtRecordName: string;
    txtRecordValue: string;
    pendingSettingsReason: string | null;
  }
>;

const VERIFY_INTERVAL_SECONDS = 10;

/** The program's JIT/SSO settings that PostHog does not hold yet, as a PATCH body. */
function unappliedSettings(
  wire: WireDomain,
  inputs: DomainInputs,
): { jit_provisioning_enabled?: boolean; sso_enforcement?: string } {
  const body: { jit_provisioning_enabled?: boolean; sso_enforcement?: string } = {};
  if (
    inputs.jitProvisioningEnabled !== undefined &&
    inputs.jitProvisioningEnabled !== (wire.jit_provisioning_enabled ?? false)
  )
    body.jit_provisioning_enabled = inputs.jitProvisioningEnabled;
  if (inputs.ssoEnforcement !== undefined && inputs.ssoEnforcement !== (wire.sso_enforcement ?? ""))
    body.sso_enforcement = inputs.ssoEnforcement;
  return body;
}

const txtRecordName = (domain: string) => `_posthog-challenge.${domain}`;

/** Why some of the program's settings are not in effect, or null when all are. */
export function pendingReason(wire: WireDomain, inputs: DomainInputs): string | null {
  if (wire.is_verified) return null;
  const names = Object.keys(unappliedSettings(wire, inputs)).map((k) =>
    k === "jit_provisioning_enabled" ? "jitProvisioningEnabled" : "ssoEnforcement",
  );
  if (names.length === 0 && !inputs.waitForVerification) return null;
  const unverified =
    names.length === 0
      ? `The domain ${wire.domain} is not verified yet.`
      : `${names.join(" and ")} ${names.length > 1 ? "are" : "is"} not applied yet: PostHog accepts ${names.length > 1 ? "them" : "it"} only once the domain ${wire.domain} is verified, and it is not.`;
  return (
    `${unverified} Publish a TXT record ${txtRecordName(wire.domain)} with the value ${wire.verification_challenge}, then verify the domain ` +
    "(set waitForVerification, or press Verify in PostHog under Organization settings → Verified domains) and run `pulumi up` again."
  );
}

async function verifyOnce(ctx: Context, wire: WireDomain, inputs: DomainInputs): Promise<WireDomain> {
  try {
    return await ctx.client.domains.verify(inputs.organizationId, wire.id);
  } catch (err) {
    // Verified in the meantime (e.g. in the UI): read it back.
    if (hasReason(err, "already-verified")) return ctx.client.domains.retrieve(inputs.organizationId, wire.id);
    if (hasReason(err, "scoped-key")) {
      throw new Error(
        `waitForVerification cannot verify ${wire.domain}: PostHog refuses its verify action to personal API keys that have scopes, even '*'. ` +
          "Use a personal API key without scopes for this stack, or verify the domain in PostHog (Organization settings → Verified domains → Verify) and remove waitForVerification. " +
          `PostHog said: ${err.detail}`,
      );
    }
    throw err;
  }
}

/**
 * Brings a created or existing domain to the program's settings as far as PostHog allows: waits for
 * verification when asked, then applies JIT/SSO if the domain is verified, else warns why not.
 */
async function settle(ctx: Context, wire: WireDomain, inputs: DomainInputs): Promise<WireDomain> {
  let current = wire;
  if (!current.is_verified && inputs.waitForVerification) {
    const domainObject = current;
    current = (
      await pollUntil(
        inputs.waitForVerification,
        VERIFY_INTERVAL_SECONDS,
        () => verifyOnce(ctx, domainObject, inputs),
        (d) => d.is_verified,
      )
    ).value;
  }
  const body = unappliedSettings(current, inputs);
  if (current.is_verified && Object.keys(body).length > 0)
    current = await ctx.client.domains.update(inputs.organizationId, current.id, body);
  const reason = pendingReason(current, inputs);
  const waited =
    inputs.waitForVerification && !current.is_verified
      ? ` Not verified after waiting ${inputs.waitForVerification.timeoutSeconds} s (DNS changes can take a while to propagate).`
      : "";
  if (reason) await warn(`Domain "${current.domain}":${waited} ${reason}`);
  return current;
}

const recordedReason = (state: Partial<DomainState>) =>
  typeof state.pendingSettingsReason === "string" ? state.pendingSettingsReason : null;

export const domain: ResourceSpec<DomainInputs, WireDomain, DomainState, "Domain"> = {
  kind: "Domain",
  label: ["domain"],
  stateVersion: 1,
  args: DomainInputs,
  replaceOnChanges: ["organizationId", "domain"],
  deleteBeforeReplace: true,
  defaults: organizationDefault,
  warnings: (state, inputs, changes) => {
    if (changes.replaces.length > 0)
      return [
        `replacing the domain ${state.adopted === true && state.deleteAdopted !== true ? "creates a new entry" : `deletes ${state.domain} from organization ${state.organizationId} first`}: its SSO enforcement and JIT provisioning stop, and the new entry needs a new TXT record and verification before they apply again.`,
      ];
    // Planned JIT/SSO changes on a domain that is not verified: say why they may stay pending.
    if (state.isVerified !== false || state.domain !== inputs.domain) return [];
    const pending = (["jitProvisioningEnabled", "ssoEnforcement"] as const).filter(
      (k) => inputs[k] !== undefined && inputs[k] !== state[k],
    );
    if (pending.length === 0) return [];
    const how = inputs.waitForVerification
      ? `this update first waits up to ${inputs.waitForVerification.timeoutSeconds} s for the domain's verification`
      : `${pending.length > 1 ? "they stay" : "it stays"} pending until the domain is verified`;
    return [
      `${pending.join(" and ")} can only be applied once the domain is verified (PostHog refuses ${pending.length > 1 ? "them" : "it"} before); ${how}. See the pendingSettingsReason output.`,
    ];
  },

  id: (wire) => wire.id,
  toState: (wire, inputs) => ({
    domain: wire.domain,
    ...(inputs.jitProvisioningEnabled !== undefined
      ? { jitProvisioningEnabled: wire.jit_provisioning_enabled ?? false }
      : {}),
    ...(inputs.ssoEnforcement !== undefined ? { ssoEnforcement: wire.sso_enforcement ?? "" } : {}),
    // A wait is fulfilled once the domain is verified; until then the state says so, the preview
    // shows the difference, and the next up waits again.
    ...(inputs.waitForVerification !== undefined
      ? { waitForVerification: wire.is_verified ? inputs.waitForVerification : null }
      : {}),
    isVerified: wire.is_verified,
    verifiedAt: wire.verified_at ?? null,
    verificationChallenge: wire.verification_challenge,
    txtRecordName: txtRecordName(wire.domain),
    txtRecordValue: wire.verification_challenge,
    // On refresh `inputs` is the old state, whose JIT/SSO already hold PostHog's values: the
    // reason recorded by the last up stands while the domain is still unverified.
    pendingSettingsReason: pendingReason(wire, inputs) ?? (wire.is_verified ? null : recordedReason(inputs)),
  }),

  // JIT/SSO are not sent on create: PostHog would drop them.
  create: (ctx, inputs) => ctx.client.domains.create(inputs.organizationId, { domain: inputs.domain }),
  afterCreate: settle,
  retrieve: (ctx, id, state) => ctx.client.domains.retrieve(state.organizationId, id),
  update: async (ctx, id, news) => settle(ctx, await ctx.client.domains.retrieve(news.organizationId, id), news),
  delete: (ctx, id, state) => ctx.client.domains.delete(state.organizationId, id),
  // Domains are unique across PostHog: one in this organization that PostHog refuses to create again is ours.
  existing: "take",
  adopt: (ctx, inputs) => ctx.client.domains.findByDomain(inputs.organizationId, inputs.domain, { fresh: true }),
};
