import { PermissionDeniedError, ValidationError } from "../../../../provider/client";
import type { OrganizationDomain as WireDomain } from "../../../../provider/client/domains";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { ResourceInitFailedError } from "../../../../provider/runtime/core/errors";
import { setWarningSinkForTesting } from "../../../../provider/runtime/core/log";
import { UNKNOWN } from "../../../../provider/runtime/core/unknowns";
import { domain } from "../../../../provider/runtime/specs/domain";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const DOMAIN_ID = "0190b1a5-0c1e-7000-8000-00000000d001";
const OTHER_ORG = "0190b1a5-0c1e-7000-8000-00000000b002";
const CHALLENGE = "Zq3c9sQmN1x0bM4kYH0bq0p5o6Ue2nJm4kH9d8c7b6a";

/** A domain as PostHog returns it (OrganizationDomainSerializer): fresh, unverified, JIT/SSO dropped. */
const wireDomain = (overrides: Partial<WireDomain> = {}): WireDomain => ({
  id: DOMAIN_ID,
  domain: "example.com",
  is_verified: false,
  verified_at: null,
  verification_challenge: CHALLENGE,
  jit_provisioning_enabled: false,
  sso_enforcement: "",
  has_saml: false,
  saml_entity_id: null,
  saml_acs_url: null,
  saml_x509_cert: null,
  has_scim: false,
  scim_enabled: false,
  scim_base_url: null,
  scim_bearer_token: null,
  ...overrides,
});
const VERIFIED = { is_verified: true, verified_at: "2026-11-05T10:00:00Z" };

/**
 * A fake domains API over one stored domain: verify succeeds once `dnsReadyAfter` verify calls have
 * happened (Infinity: never), PATCH refuses JIT/SSO until verified, as PostHog does.
 */
function domainsApi(start: Partial<WireDomain> = {}, opts: { dnsReadyAfter?: number; verifyError?: Error } = {}) {
  let stored = wireDomain(start);
  let verifies = 0;
  const patches: Record<string, unknown>[] = [];
  const api = {
    domains: {
      create: async (_org: string, body: { domain: string }) =>
        (stored = wireDomain({ ...start, domain: body.domain })),
      retrieve: async () => stored,
      verify: async () => {
        if (opts.verifyError) throw opts.verifyError;
        verifies++;
        if (verifies >= (opts.dnsReadyAfter ?? Infinity)) stored = { ...stored, ...VERIFIED };
        return stored;
      },
      update: async (_org: string, _id: string, body: Record<string, unknown>) => {
        if (!stored.is_verified)
          throw new ValidationError({
            status: 400,
            method: "PATCH",
            path: "/x/",
            type: "validation_error",
            code: "verification_required",
            detail: "This attribute cannot be updated until the domain is verified.",
            attr: Object.keys(body)[0],
          });
        patches.push(body);
        return (stored = { ...stored, ...body });
      },
      delete: async () => undefined,
      findByDomain: async (_org: string, name: string) => (stored.domain === name ? stored : undefined),
    },
  };
  return { api, patches, verifies: () => verifies, stored: () => stored };
}

let warnings: string[];
beforeEach(() => {
  warnings = [];
  setWarningSinkForTesting(async (m) => void warnings.push(m));
});
afterEach(() => {
  h.resetFakeContext();
  setWarningSinkForTesting(undefined);
  jest.useRealTimers();
});

describe("domain spec: check", () => {
  /** PostHog's refusal of a name that is not a lowercase domain or subdomain. */
  const INVALID_DOMAIN = /^Please enter a valid domain or subdomain name\./;
  const rows: h.CheckRow[] = [
    ["accepts a domain", { domain: "example.com" }, []],
    ["accepts a subdomain with hyphens and a two-letter TLD", { domain: "eu.my-company.co.uk" }, []],
    [
      "accepts JIT, SSO and a wait",
      {
        domain: "example.com",
        jitProvisioningEnabled: true,
        ssoEnforcement: "google-oauth2",
        waitForVerification: { timeoutSeconds: 300, intervalSeconds: 15 },
      },
      [],
    ],
    ["accepts an empty ssoEnforcement (none)", { domain: "example.com", ssoEnforcement: "" }, []],
    ["accepts a domain that is unknown at preview", { domain: UNKNOWN }, []],
    [
      "accepts a timeout that is unknown at preview",
      { domain: "example.com", waitForVerification: { timeoutSeconds: UNKNOWN } },
      [],
    ],
    [
      "refuses a missing domain",
      {},
      [["domain", /^domain is required: the email domain to verify, e\.g\. "example\.com"\.$/]],
    ],
    [
      "refuses uppercase letters with PostHog's message",
      { domain: "Example.com" },
      [["domain", /^Please enter a valid domain or subdomain name\. PostHog accepts lowercase names/]],
    ],
    ...(
      [
        ["refuses a trailing dot", "example.com."],
        ["refuses a URL", "https://example.com"],
        ["refuses a name without a dot", "localhost"],
        ["refuses a label starting with a hyphen", "-acme.com"],
        ["refuses a numeric top-level label", "10.0.0.1"],
      ] as const
    ).map(([name, domain]): h.CheckRow => [name, { domain }, [["domain", INVALID_DOMAIN]]]),
    [
      "refuses a domain of 129 characters",
      { domain: `${"a".repeat(125)}.com` },
      [["domain", /^domain is longer than PostHog's limit of 128 characters\.$/]],
    ],
    [
      "refuses a jitProvisioningEnabled that is not a boolean",
      { domain: "example.com", jitProvisioningEnabled: "yes" },
      [["jitProvisioningEnabled", /^jitProvisioningEnabled must be true or false\.$/]],
    ],
    [
      "refuses an ssoEnforcement of 29 characters",
      { domain: "example.com", ssoEnforcement: "x".repeat(29) },
      [["ssoEnforcement", /limit of 28 characters\.$/]],
    ],
    [
      "refuses a wait without timeoutSeconds",
      { domain: "example.com", waitForVerification: {} },
      [["waitForVerification.timeoutSeconds", /^waitForVerification\.timeoutSeconds is required/]],
    ],
    [
      "refuses a timeout of 0",
      { domain: "example.com", waitForVerification: { timeoutSeconds: 0 } },
      [["waitForVerification.timeoutSeconds", /must be more than 0\.$/]],
    ],
    [
      "refuses a timeout over an hour",
      { domain: "example.com", waitForVerification: { timeoutSeconds: 7200 } },
      [["waitForVerification.timeoutSeconds", /must be at most 3600 \(one hour\)\.$/]],
    ],
    [
      "refuses an interval under a second",
      { domain: "example.com", waitForVerification: { timeoutSeconds: 60, intervalSeconds: 0.5 } },
      [["waitForVerification.intervalSeconds", /must be at least 1 second\.$/]],
    ],
    [
      "refuses a wait that is not an object",
      { domain: "example.com", waitForVerification: 60 },
      [["waitForVerification", /^waitForVerification must be an object such as \{ timeoutSeconds: 300/]],
    ],
    [
      "refuses a misspelled key inside the wait",
      { domain: "example.com", waitForVerification: { timeout: 60, timeoutSeconds: 60 } },
      [["waitForVerification.timeout", /^"timeout" is not a field of waitForVerification\. Remove it/]],
    ],
    [
      "refuses an unknown key",
      { domain: "example.com", sso: "github" },
      [["sso", /^"sso" is not an input of this resource\./]],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    h.installFakeContext();
    const result = await defineResource(domain).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });

  it("fills organizationId from the stack and sends nothing but the identity check", async () => {
    const fake = h.installFakeContext();
    const result = await defineResource(domain).check({}, { __provider: h.PROVIDER, domain: "example.com" });
    expect(result.inputs).toEqual({ __provider: h.PROVIDER, organizationId: h.ORG, domain: "example.com" });
    expect(fake.calls).toEqual(["users.me"]);
  });
});

describe("domain spec: create and state", () => {
  /** Creates the domain example.com in ORG with `fields` beside it. */
  const createDomain = (fields: Record<string, unknown>) =>
    defineResource(domain).create({ __provider: h.PROVIDER, organizationId: h.ORG, domain: "example.com", ...fields });

  it("claims the domain without JIT/SSO (PostHog drops them), outputs the TXT record and says why the settings are pending", async () => {
    const d = domainsApi();
    const create = jest.spyOn(d.api.domains, "create");
    const fake = h.installFakeContext(d.api);
    const result = await createDomain({
      jitProvisioningEnabled: true,
      ssoEnforcement: "google-oauth2",
    });
    expect(create).toHaveBeenCalledWith(h.ORG, { domain: "example.com" });
    expect(fake.calls).toEqual(["domains.create"]);
    expect(result.id).toBe(DOMAIN_ID);
    expect(result.outs).toEqual({
      organizationId: h.ORG,
      domain: "example.com",
      jitProvisioningEnabled: false,
      ssoEnforcement: "",
      isVerified: false,
      verifiedAt: null,
      verificationChallenge: CHALLENGE,
      txtRecordName: "_posthog-challenge.example.com",
      txtRecordValue: CHALLENGE,
      pendingSettingsReason: expect.stringMatching(
        /^jitProvisioningEnabled and ssoEnforcement are not applied yet: PostHog accepts them only once the domain example\.com is verified/,
      ),
      adopted: false,
      ...h.STATE_FIELDS,
    });
    expect(result.outs.pendingSettingsReason).toContain(
      `Publish a TXT record _posthog-challenge.example.com with the value ${CHALLENGE}`,
    );
    expect(warnings).toEqual([
      expect.stringMatching(/^Domain "example\.com": jitProvisioningEnabled and ssoEnforcement are not applied yet/),
    ]);
  });

  it("reports no pending reason and no warning when the program sets no JIT/SSO", async () => {
    const d = domainsApi();
    h.installFakeContext(d.api);
    const result = await createDomain({
      jitProvisioningEnabled: false,
    });
    expect(result.outs).toMatchObject({ jitProvisioningEnabled: false, pendingSettingsReason: null });
    expect(result.outs).not.toHaveProperty("ssoEnforcement");
    expect(warnings).toEqual([]);
  });

  it("waits for verification (verify answers 200 with is_verified false until DNS matches), then applies JIT/SSO", async () => {
    const d = domainsApi({}, { dnsReadyAfter: 3 });
    const fake = h.installFakeContext(d.api);
    const wait = { timeoutSeconds: 60, intervalSeconds: 5 };
    const result = await h.withClock(() =>
      createDomain({
        jitProvisioningEnabled: true,
        ssoEnforcement: "google-oauth2",
        waitForVerification: wait,
      }),
    );
    expect(fake.calls).toEqual([
      "domains.create",
      "domains.verify",
      "domains.verify",
      "domains.verify",
      "domains.update",
    ]);
    expect(d.patches).toEqual([{ jit_provisioning_enabled: true, sso_enforcement: "google-oauth2" }]);
    expect(result.outs).toMatchObject({
      isVerified: true,
      verifiedAt: VERIFIED.verified_at,
      jitProvisioningEnabled: true,
      ssoEnforcement: "google-oauth2",
      waitForVerification: wait,
      pendingSettingsReason: null,
    });
    expect(warnings).toEqual([]);
  });

  it("does not fail when the wait runs out: the domain stays unverified, the wait and the settings stay pending, and a warning says so", async () => {
    const d = domainsApi({}, { dnsReadyAfter: Infinity });
    h.installFakeContext(d.api);
    const result = await h.withClock(() =>
      createDomain({
        jitProvisioningEnabled: true,
        waitForVerification: { timeoutSeconds: 30, intervalSeconds: 10 },
      }),
    );
    expect(d.verifies()).toBe(4); // at 0, 10, 20 and 30 s
    expect(result.outs).toMatchObject({ isVerified: false, jitProvisioningEnabled: false, waitForVerification: null });
    expect(result.outs.pendingSettingsReason).toMatch(/^jitProvisioningEnabled is not applied yet/);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Domain "example\.com": Not verified after waiting 30 s .*jitProvisioningEnabled is not applied yet/,
      ),
    ]);
  });

  it("says why a wait alone is pending", async () => {
    const d = domainsApi({}, { dnsReadyAfter: Infinity });
    h.installFakeContext(d.api);
    const result = await h.withClock(() =>
      createDomain({
        waitForVerification: { timeoutSeconds: 5 },
      }),
    );
    expect(d.verifies()).toBe(2); // the default interval (10 s) is cut at the deadline
    expect(result.outs.pendingSettingsReason).toMatch(
      /^The domain example\.com is not verified yet\. Publish a TXT record/,
    );
  });

  it("explains that a scoped API key cannot verify, keeping the created domain in state", async () => {
    const refusal = new PermissionDeniedError(
      {
        status: 403,
        method: "POST",
        path: `/api/organizations/${h.ORG}/domains/${DOMAIN_ID}/verify/`,
        type: "authentication_error",
        code: "permission_denied",
        detail: "This action does not support Personal API Key access",
      },
      "Use a personal API key without scopes.",
    );
    h.installFakeContext(domainsApi({}, { verifyError: refusal }).api);
    const error = await defineResource(domain)
      .create({
        __provider: h.PROVIDER,
        organizationId: h.ORG,
        domain: "example.com",
        waitForVerification: { timeoutSeconds: 60 },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResourceInitFailedError);
    const failed = error as ResourceInitFailedError;
    expect(failed.id).toBe(DOMAIN_ID);
    expect(failed.properties).toMatchObject({
      domain: "example.com",
      txtRecordValue: CHALLENGE,
      __provider: h.PROVIDER,
    });
    expect(failed.message).toMatch(
      /^completing the creation of Domain "example\.com" in organization .*: waitForVerification cannot verify example\.com: PostHog refuses its verify action to personal API keys that have scopes/,
    );
    expect(failed.message).toContain(
      "Use a personal API key without scopes for this stack, or verify the domain in PostHog (Organization settings → Verified domains → Verify)",
    );
    expect(failed.message).toContain("PostHog said: This action does not support Personal API Key access");
  });

  it("shows PostHog's plan refusal when the organization lacks automatic provisioning", async () => {
    const refusal = new PermissionDeniedError({
      status: 403,
      method: "POST",
      path: `/api/organizations/${h.ORG}/domains/`,
      type: "authentication_error",
      code: "permission_denied",
      detail: "Automatic provisioning is not enabled for this organization.",
    });
    h.installFakeContext({ domains: { create: async () => Promise.reject(refusal) } });
    await expect(
      defineResource(domain).create({ __provider: h.PROVIDER, organizationId: h.ORG, domain: "example.com" }),
    ).rejects.toThrow(
      /^creating Domain "example\.com" in organization .*: POST .*403.*Automatic provisioning is not enabled for this organization\./,
    );
  });

  it("adopts the organization's entry for the domain and applies the settings once verified", async () => {
    const d = domainsApi(VERIFIED);
    const fake = h.installFakeContext(d.api);
    const result = await createDomain({
      ssoEnforcement: "github",
      adopt: true,
    });
    expect(fake.calls).toEqual(["domains.findByDomain", "domains.retrieve", "domains.update"]);
    expect(d.patches).toEqual([{ sso_enforcement: "github" }]);
    expect(result.outs).toMatchObject({ adopted: true, ssoEnforcement: "github", pendingSettingsReason: null });
  });
});

describe("domain spec: update and read", () => {
  /** Updates example.com in ORG from the pending state to `fields`. */
  const updateDomain = (fields: Record<string, unknown>) =>
    defineResource(domain).update(DOMAIN_ID, state(), {
      __provider: h.PROVIDER,
      organizationId: h.ORG,
      domain: "example.com",
      ...fields,
    });

  const state = (overrides: Record<string, unknown> = {}) => ({
    organizationId: h.ORG,
    domain: "example.com",
    jitProvisioningEnabled: false,
    isVerified: false,
    verifiedAt: null,
    verificationChallenge: CHALLENGE,
    txtRecordName: "_posthog-challenge.example.com",
    txtRecordValue: CHALLENGE,
    pendingSettingsReason: "jitProvisioningEnabled is not applied yet: …",
    adopted: false,
    ...h.STATE_FIELDS,
    ...overrides,
  });

  it("applies only the settings PostHog does not hold once the domain is verified (e.g. in the UI)", async () => {
    const d = domainsApi({ ...VERIFIED, jit_provisioning_enabled: true });
    const fake = h.installFakeContext(d.api);
    const result = await updateDomain({
      jitProvisioningEnabled: true,
      ssoEnforcement: "saml",
    });
    expect(fake.calls).toEqual(["domains.retrieve", "domains.update"]);
    expect(d.patches).toEqual([{ sso_enforcement: "saml" }]);
    expect(result.outs).toMatchObject({
      isVerified: true,
      jitProvisioningEnabled: true,
      ssoEnforcement: "saml",
      pendingSettingsReason: null,
    });
  });

  it("sends nothing PostHog would refuse while the domain is unverified and no wait is asked", async () => {
    const d = domainsApi();
    const fake = h.installFakeContext(d.api);
    const result = await updateDomain({
      jitProvisioningEnabled: true,
    });
    expect(fake.calls).toEqual(["domains.retrieve"]);
    expect(result.outs).toMatchObject({
      jitProvisioningEnabled: false,
      isVerified: false,
      pendingSettingsReason: expect.stringMatching(/^jitProvisioningEnabled is not applied yet/),
    });
  });

  it("reads back a domain verified in the UI while waiting (verify answers already_verified)", async () => {
    const d = domainsApi();
    const already = new ValidationError({
      status: 400,
      method: "POST",
      path: "/x/verify/",
      type: "validation_error",
      code: "already_verified",
      detail: "This domain has already been verified.",
      attr: null,
    });
    d.api.domains.verify = async () => {
      Object.assign(d.stored(), VERIFIED);
      throw already;
    };
    const fake = h.installFakeContext(d.api);
    const result = await updateDomain({
      jitProvisioningEnabled: true,
      waitForVerification: { timeoutSeconds: 60 },
    });
    expect(fake.calls).toEqual(["domains.retrieve", "domains.verify", "domains.retrieve", "domains.update"]);
    expect(result.outs).toMatchObject({ isVerified: true, jitProvisioningEnabled: true });
  });

  it("keeps the reason recorded at the last up on refresh while the domain is unverified, and clears it once verified", async () => {
    const d = domainsApi();
    h.installFakeContext(d.api);
    const handlers = defineResource(domain);
    expect((await handlers.read(DOMAIN_ID, state())).props).toMatchObject({
      pendingSettingsReason: state().pendingSettingsReason,
    });
    Object.assign(d.stored(), VERIFIED);
    expect((await handlers.read(DOMAIN_ID, state())).props).toMatchObject({
      isVerified: true,
      pendingSettingsReason: null,
    });
  });

  it("reports JIT/SSO drift made in the UI", async () => {
    h.installFakeContext(domainsApi({ ...VERIFIED, jit_provisioning_enabled: false, sso_enforcement: "" }).api);
    const result = await defineResource(domain).read(
      DOMAIN_ID,
      state({ isVerified: true, jitProvisioningEnabled: true, ssoEnforcement: "github", pendingSettingsReason: null }),
    );
    expect(result.props).toMatchObject({ jitProvisioningEnabled: false, ssoEnforcement: "" });
  });
});

describe("domain spec: diff", () => {
  const verified = {
    organizationId: h.ORG,
    domain: "example.com",
    jitProvisioningEnabled: true,
    ssoEnforcement: "github",
    isVerified: true,
    adopted: false,
    ...h.STATE_FIELDS,
  };
  const inputs = {
    organizationId: h.ORG,
    domain: "example.com",
    jitProvisioningEnabled: true,
    ssoEnforcement: "github",
  };
  const rows: [string, Record<string, unknown>, Record<string, unknown>, h.Changes][] = [
    ["reports nothing when PostHog holds the program's settings", verified, inputs, h.NO_CHANGES],
    [
      "replaces the domain when domain changes (PostHog ignores it on update)",
      verified,
      { ...inputs, domain: "example.org" },
      h.replacing("domain"),
    ],
    [
      "replaces the domain in another organization",
      verified,
      { ...inputs, organizationId: OTHER_ORG },
      h.replacing("organizationId"),
    ],
    [
      "updates in place when jitProvisioningEnabled changes",
      verified,
      { ...inputs, jitProvisioningEnabled: false },
      h.inPlace("jitProvisioningEnabled"),
    ],
    [
      "updates in place when ssoEnforcement changes",
      verified,
      { ...inputs, ssoEnforcement: "" },
      h.inPlace("ssoEnforcement"),
    ],
    [
      "keeps showing settings PostHog has not accepted yet",
      { ...verified, isVerified: false, jitProvisioningEnabled: false },
      inputs,
      h.inPlace("jitProvisioningEnabled"),
    ],
    [
      "keeps showing a wait that has not verified the domain yet",
      { ...verified, isVerified: false, waitForVerification: null },
      { ...inputs, waitForVerification: { timeoutSeconds: 60 } },
      h.inPlace("waitForVerification"),
    ],
    [
      "reports nothing for a fulfilled wait",
      { ...verified, waitForVerification: { timeoutSeconds: 60 } },
      { ...inputs, waitForVerification: { timeoutSeconds: 60 } },
      h.NO_CHANGES,
    ],
    [
      "ignores settings the program leaves unset",
      verified,
      { organizationId: h.ORG, domain: "example.com" },
      h.NO_CHANGES,
    ],
    ["replaces when domain is unknown at preview", verified, { ...inputs, domain: UNKNOWN }, h.replacing("domain")],
  ];
  it.each(rows)("%s", (_name, state, news, expected) => {
    expect(computeChanges(domain, state, news, NOW)).toEqual(expected);
  });

  it("deletes the old domain before creating its replacement (unique across PostHog)", async () => {
    await expect(
      defineResource(domain).diff(DOMAIN_ID, verified, { ...inputs, organizationId: OTHER_ORG }),
    ).resolves.toEqual({ changes: true, replaces: ["organizationId"], deleteBeforeReplace: true });
  });

  it("warns at preview that settings for an unverified domain stay pending", async () => {
    const result = await defineResource(domain).diff(
      DOMAIN_ID,
      { ...verified, isVerified: false, jitProvisioningEnabled: false, ssoEnforcement: "" },
      inputs,
    );
    expect(result.changes).toBe(true);
    expect(warnings).toEqual([
      `Domain "example.com" in organization ${h.ORG}: jitProvisioningEnabled and ssoEnforcement can only be applied once the domain is verified (PostHog refuses them before); they stay pending until the domain is verified. See the pendingSettingsReason output.`,
    ]);
  });

  it("says at preview that the update waits first, when a wait is set", async () => {
    await defineResource(domain).diff(
      DOMAIN_ID,
      { ...verified, isVerified: false, jitProvisioningEnabled: false },
      { ...inputs, waitForVerification: { timeoutSeconds: 120 } },
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /jitProvisioningEnabled can only be applied once the domain is verified \(PostHog refuses it before\); this update first waits up to 120 s/,
      ),
    ]);
  });

  it("does not warn for a verified domain; for a replacement, says SSO stops until the new one is verified", async () => {
    await defineResource(domain).diff(DOMAIN_ID, verified, { ...inputs, jitProvisioningEnabled: false });
    expect(warnings).toEqual([]);
    await defineResource(domain).diff(
      DOMAIN_ID,
      { ...verified, isVerified: false },
      { ...inputs, domain: "example.org" },
    );
    expect(warnings).toEqual([
      expect.stringMatching(
        /replacing the domain deletes example\.com .* first: its SSO enforcement and JIT provisioning stop/,
      ),
    ]);
  });
});
