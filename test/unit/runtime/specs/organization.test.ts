import type { Organization as WireOrganization } from "../../../../provider/client/organizations";
import { defineResource } from "../../../../provider/runtime/core/define-resource";
import { computeChanges } from "../../../../provider/runtime/core/diff";
import { organization } from "../../../../provider/runtime/specs/organization";
import * as h from "../helpers";

// The time diff rules are judged at (computeChanges takes it from the caller).
const NOW = Date.now();

const MEDIA = "0190b1a5-0c1e-7000-8000-0000000f0001";

/** An organization as PostHog returns it, with the per-caller and computed fields it adds. */
const wireOrganization = (overrides: Partial<WireOrganization> = {}): WireOrganization => ({
  id: h.ORG,
  name: "Acme",
  slug: "acme-x7kq",
  logo_media_id: null,
  created_at: "2026-10-01T08:00:00Z",
  updated_at: "2026-11-20T08:00:00Z",
  membership_level: 15,
  plugins_access_level: 9,
  teams: [{ id: 1, name: "Default project" }],
  projects: [{ id: 1, name: "Default project" }],
  available_product_features: [],
  is_member_join_email_enabled: true,
  metadata: {},
  customer_id: null,
  enforce_2fa: true,
  members_can_invite: false,
  members_can_use_personal_api_keys: true,
  allow_publicly_shared_resources: true,
  member_count: 12,
  is_ai_data_processing_approved: null,
  default_experiment_stats_method: "bayesian",
  default_anonymize_ips: false,
  default_role_id: null,
  ...overrides,
});

/** The state of "Acme" created with enforce2fa, as create returns it and diff starts from. */
const STATE = {
  name: "Acme",
  enforce2fa: true,
  slug: "acme-x7kq",
  createdAt: "2026-10-01T08:00:00Z",
  membershipLevel: 15,
  adopted: false,
  ...h.STATE_FIELDS,
};

afterEach(h.resetFakeContext);

describe("organization spec: check", () => {
  const rows: h.CheckRow[] = [
    ["accepts a name", { name: "Acme" }, []],
    ["accepts a name of 64 characters", { name: "x".repeat(64) }, []],
    [
      "accepts every setting",
      {
        name: "Acme",
        logoMediaId: MEDIA,
        enforce2fa: true,
        membersCanInvite: false,
        defaultExperimentStatsMethod: "frequentist",
        isAiDataProcessingApproved: true,
      },
      [],
    ],
    ["accepts a null logoMediaId (no logo)", { name: "Acme", logoMediaId: null }, []],
    ["refuses an empty name", { name: "" }, [["name", /^name must not be empty: give the organization a name\.$/]]],
    [
      "refuses a name of 65 characters",
      { name: "x".repeat(65) },
      [["name", /^name is longer than PostHog's limit of 64 characters: shorten it\.$/]],
    ],
    [
      "refuses a logoMediaId that is not a UUID",
      { name: "Acme", logoMediaId: "logo.png" },
      [["logoMediaId", /^logoMediaId must be the UUID of an uploaded media file\.$/]],
    ],
    [
      "refuses an unknown experiment stats method",
      { name: "Acme", defaultExperimentStatsMethod: "thompson" },
      [["defaultExperimentStatsMethod", /^defaultExperimentStatsMethod must be "bayesian" or "frequentist"\.$/]],
    ],
    [
      "refuses a setting that is not a boolean",
      { name: "Acme", enforce2fa: "always" },
      [["enforce2fa", /^enforce2fa must be true or false\.$/]],
    ],
    [
      "refuses organizationId, which an organization does not have",
      { name: "Acme", organizationId: h.ORG },
      [["organizationId", /^"organizationId" is not an input of this resource\./]],
    ],
    [
      "refuses an unknown key",
      { name: "Acme", enforce2FA: true },
      [["enforce2FA", /^"enforce2FA" is not an input of this resource\. Remove it or check its spelling\.$/]],
    ],
  ];
  it.each(rows)("%s", async (_name, inputs, failures) => {
    h.installFakeContext();
    const result = await defineResource(organization).check({}, { __provider: h.PROVIDER, ...inputs });
    h.expectFailures(result.failures, failures);
  });

  it("needs no posthog:organizationId", async () => {
    h.installFakeContext({}, { defaultOrganizationId: undefined });
    const result = await defineResource(organization).check({}, { __provider: h.PROVIDER, name: "Acme" });
    expect(result).toEqual({ inputs: { __provider: h.PROVIDER, name: "Acme" }, failures: [] });
  });
});

describe("organization spec: state", () => {
  it("holds the settings the program manages as PostHog reports them, plus the outputs", () => {
    const state = organization.toState(wireOrganization(), {
      name: "Acme",
      enforce2fa: true,
      membersCanInvite: true,
      isAiDataProcessingApproved: true,
    });
    // PostHog reports members_can_invite false and is_ai_data_processing_approved null: drift the
    // diff will show. Unmanaged settings and per-caller fields (member_count, teams) stay out.
    expect(state).toEqual({
      name: "Acme",
      enforce2fa: true,
      membersCanInvite: false,
      isAiDataProcessingApproved: null,
      slug: "acme-x7kq",
      createdAt: "2026-10-01T08:00:00Z",
      membershipLevel: 15,
    });
  });

  it("creates with the settings under PostHog's names and returns the complete state", async () => {
    const create = jest.fn(async (body: Record<string, unknown>) =>
      wireOrganization({ enforce_2fa: body.enforce_2fa as boolean }),
    );
    h.installFakeContext({ organizations: { create, listAll: async () => [] } });
    const result = await defineResource(organization).create({
      __provider: h.PROVIDER,
      name: "Acme",
      enforce2fa: true,
    });
    expect(create).toHaveBeenCalledWith({ name: "Acme", enforce_2fa: true });
    expect(result).toEqual({ id: h.ORG, outs: STATE });
  });

  it("refuses to create a second organization of a name the key can already see, naming adopt", async () => {
    const create = jest.fn();
    h.installFakeContext({
      organizations: { create, listAll: async () => [wireOrganization()], retrieve: async () => wireOrganization() },
    });
    await expect(defineResource(organization).create({ __provider: h.PROVIDER, name: "Acme" })).rejects.toThrow(
      /already exists in PostHog \(id .*\).*set `adopt: true` on this resource to take it over/,
    );
    expect(create).not.toHaveBeenCalled();
  });

  it("refuses to adopt when several organizations have the name", async () => {
    h.installFakeContext({
      organizations: { listAll: async () => [wireOrganization(), wireOrganization({ id: MEDIA })] },
    });
    await expect(
      defineResource(organization).create({ __provider: h.PROVIDER, name: "Acme", adopt: true }),
    ).rejects.toThrow(
      'creating Organization "Acme": 2 organizations the API key can see are named "Acme"; adoption needs exactly one. Rename one of them in PostHog first.',
    );
  });
});

describe("organization spec: diff", () => {
  const rows: [string, Record<string, unknown>, h.Changes][] = [
    ["reports nothing when the inputs match the state", { name: "Acme", enforce2fa: true }, h.NO_CHANGES],
    ["renames in place", { name: "Acme Inc" }, h.inPlace("name")],
    ["changes a setting in place", { name: "Acme", enforce2fa: false }, h.inPlace("enforce2fa")],
    ["starts managing a setting in place", { name: "Acme", membersCanInvite: false }, h.inPlace("membersCanInvite")],
    ["ignores a setting the program stops managing", { name: "Acme" }, h.NO_CHANGES],
  ];
  it.each(rows)("%s", (_name, news, expected) => {
    expect(computeChanges(organization, STATE, news, NOW)).toEqual(expected);
  });
});
